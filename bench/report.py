"""docs/benchmarks.md and docs/benchmarks.svg from a bench run's record (bench/run.py)."""

import json
import statistics
from html import escape
from pathlib import Path

SERVER_LABELS = {
    "uncached": "page cache off",
    "cached": "page cache on",
    "nginx": "nginx cache",
    "static": "nginx static file",
}


def summarise(runs):
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
    }


def rows(record):
    summary = {}
    for key, runs in record["results"].items():
        figures = summarise(runs)
        paired = [r["rps"] / r["base_rps"] for r in runs if r.get("base_rps")]
        figures["ratio"] = statistics.median(paired) if paired else None
        if key.endswith("|floor"):
            figures["ratio"] = 1.0
        summary[key] = figures
    return summary


def checks(record, summary):
    def ratio(key):
        return summary[key]["ratio"] if key in summary else None

    found = [
        ("article, cache off ≥ 0.30 × floor", ratio("uncached|article"), 0.30),
        ("article, page cache ≥ 0.90 × floor", ratio("cached|article"), 0.90),
        ("home, cache off ≥ 0.25 × floor", ratio("uncached|home"), 0.25),
        ("tag, cache off ≥ 0.25 × floor", ratio("uncached|tag"), 0.25),
        ("search, cache off ≥ 0.25 × floor", ratio("uncached|search"), 0.25),
        ("article behind nginx ≥ 0.5 × static file", ratio("nginx|article"), 0.5),
    ]
    lines = []
    for label, value, target in found:
        if value is None:
            lines.append(f"| {label} | not measured (no such page in this build) | – |")
        else:
            verdict = "met" if value >= target else "**not met**"
            lines.append(f"| {label} | {value:.2f} | {verdict} |")
    p99 = summary["cached|article"]["p99"]
    verdict = "met" if p99 <= 50 else "**not met**"
    lines.append(
        f"| p99 ≤ 50 ms at {record['settings']['connections']} connections, page cache "
        f"| {p99:.1f} ms | {verdict} |"
    )
    worst_article = record["queries"][record["targets"]["article"]][0]
    worst_other = max(
        cold for url, (cold, _) in record["queries"].items() if url != record["targets"]["article"]
    )
    verdict = "met" if worst_article <= 6 and worst_other <= 4 else "**not met**"
    lines.append(
        f"| queries ≤ 6 article, ≤ 4 elsewhere (cold) | {worst_article} / {worst_other} "
        f"| {verdict} |"
    )
    return lines


def scaling(record, data_dir):
    """This run's throughput against the smallest other run on record, page by page."""
    others = []
    for path in data_dir.glob("results-*.json"):
        other = json.loads(path.read_text())
        if other["articles"] < record["articles"]:
            others.append(other)
    if not others:
        return []
    base = min(others, key=lambda r: r["articles"])
    base_summary = rows(base)
    summary = rows(record)
    lines = [
        f"Throughput at {record['articles']:,} articles against the run at "
        f"{base['articles']:,} ({base['date']}), each page as a fraction of its floor in its "
        "own run, so that the load other work put on the machine in each run cancels out. "
        "Target ≥ 0.8.",
        "",
        f"| server | page | ratio to floor at {base['articles']:,} "
        f"| at {record['articles']:,} | kept |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for key, figures in summary.items():
        server, name = key.split("|")
        if key in base_summary and server in ("uncached", "cached") and name != "floor":
            before = base_summary[key]["ratio"]
            lines.append(
                f"| {SERVER_LABELS[server]} | {name} | {before:.2f} | {figures['ratio']:.2f} "
                f"| {figures['ratio'] / before:.2f} |"
            )
    return lines


def write_svg(summary, path):
    bars = [(key, f["ratio"]) for key, f in summary.items() if f["ratio"] is not None]
    width, left, row = 760, 260, 24
    scale = (width - left - 70) / max(1.0, max(v for _, v in bars))
    height = row * len(bars) + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        '<text x="10" y="20" font-weight="bold">Throughput as a fraction of the floor '
        "(nginx cache: of nginx serving a static file)</text>",
    ]
    for i, (key, value) in enumerate(bars):
        server, name = key.split("|")
        y = 35 + i * row
        colour = {"uncached": "#b45309", "cached": "#1d4ed8", "nginx": "#047857"}[server]
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(name)} · {escape(SERVER_LABELS[server])}</text>"
        )
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{value * scale:.1f}" height="{row - 8}" '
            f'fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + 15}">{value:.2f}</text>')
    x = left + scale
    parts.append(
        f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 5}" stroke="#111" '
        'stroke-dasharray="4 3"/>'
    )
    parts.append("</svg>\n")
    path.write_text("\n".join(parts))


def write_report(record, data_dir):
    docs = data_dir.parent
    summary = rows(record)
    write_svg(summary, docs / "benchmarks.svg")
    m, s = record["machine"], record["settings"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` from a real run; do not edit by hand. Re-run with "
        "`make bench` (2,000 articles) or `make bench N=100000`.",
        "",
        f"- **Date:** {record['date']}",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores; {m['os']}",
        f"- **Software:** Python {m['python']}, Django {m['django']}, SQLite {m['sqlite']}, "
        f"{m['nginx']}, {m['wrk']}",
        f"- **Data:** {record['articles']:,} articles (SQLite, WAL), cache: {s['cache']}",
        f"- **Load:** wrk, {s['connections']} connections, {s['wrk_threads']} threads, "
        f"{s['duration']} s per run, {s['rounds']} rounds, pairs in rotating order; "
        f"gunicorn {s['workers']} worker(s) per server. Load average before/after: "
        f"{record['load'][0]} / {record['load'][1]} (other work shares this machine, so "
        "absolute numbers are noisy; ratios are taken within the same run).",
        "",
        "Figures are medians over the rounds; errors are socket errors plus non-2xx answers, "
        "summed. Each page ran right after the floor view (a fixed 20 KB page through the same "
        "middleware) of the same gunicorn, and its ratio is the median of those pairs; for the "
        "nginx cache, the pair's base is nginx serving the same HTML as a file.",
        "",
        "| server | page | req/s | p50 ms | p99 ms | errors | ratio | queries cold / warm |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, f in summary.items():
        server, name = key.split("|")
        url = record["targets"].get(name)
        cold_warm = record["queries"].get(url) if server == "uncached" else None
        ratio = f"{f['ratio']:.2f}" if f["ratio"] is not None else "–"
        query_cell = f"{cold_warm[0]} / {cold_warm[1]}" if cold_warm else ""
        lines.append(
            f"| {SERVER_LABELS[server]} | {name} | {f['rps']:,.0f} | {f['p50']:.2f} "
            f"| {f['p99']:.2f} | {f['errors']} | {ratio} | {query_cell} |"
        )
    lines += [
        "",
        "![Throughput as a fraction of the floor](benchmarks.svg)",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "| --- | ---: | --- |",
        *checks(record, summary),
        "",
        "Queries are counted with the page cache off: *cold* is the first request after a "
        "content change (it also looks up the next scheduled publication and counts the list), "
        "*warm* the same page again within the same content generation.",
        "",
        "Peak resident memory per gunicorn worker (VmHWM, includes pages shared after fork): "
        + "; ".join(
            f"{SERVER_LABELS[name]}: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in kbs)
            for name, kbs in record["memory_kb"].items()
        )
        + ".",
        "",
    ]
    growth = scaling(record, data_dir)
    if growth:
        lines += ["## As the archive grows", "", *growth, ""]
    (docs / "benchmarks.md").write_text("\n".join(lines))


if __name__ == "__main__":  # re-write the report from a kept record
    import sys

    data = Path(__file__).resolve().parent.parent / "docs" / "bench-data"
    write_report(json.loads((data / f"results-{sys.argv[1]}.json").read_text()), data)
