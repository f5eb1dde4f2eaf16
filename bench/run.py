"""`make bench`: seed a database, serve it with gunicorn (production profile), load it with wrk.

    python -m bench.run --articles 2000      # what `make bench` runs; N=100000 for the big one

Two gunicorns serve the same database: one with the page cache off (every request renders: the
"cold" numbers) and one with it on. nginx runs deploy/nginx.conf in front of the cached one, and
also serves the article's HTML as a static file, the best any server could do. wrk drives each
target from its own process on 127.0.0.1, in rotating order, for several rounds; each target
runs right after the floor view (a fixed 20 KB response) of the same gunicorn, and its ratio is
taken within that pair.

Writes docs/benchmarks.md and docs/benchmarks.svg, and keeps the raw figures in
docs/bench-data/results-N.json so that runs at different sizes can be compared.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import django

from bench import nginx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "bench-data"
PORTS = {"uncached": 8141, "cached": 8142, "nginx": 8143, "static": 8144}
SERVER_LABELS = {
    "uncached": "gunicorn, page cache off",
    "cached": "gunicorn, page cache on",
    "nginx": "nginx cache → gunicorn",
    "static": "nginx, static file",
}


def answers(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def get(url):
    try:
        # A minute: the first request for a page at 100,000 articles reads its rows from disk
        # when the operating system has let the database file's pages go (the sitemap index
        # took over 10 s so on 2026-12-03).
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {seconds}s")


def django_env(db):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="healthblog.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(DATA / "static"),
        DJANGO_MEDIA_ROOT=str(DATA / "media"),
        DJANGO_BENCH_FLOOR_VIEW="true",
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=f"sqlite:///{db}",
        GUNICORN_ACCESS_LOG="",
    )
    return env


def run_python(env, *argv):
    subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, check=True)


def seeded(articles):
    """The bench database of `articles` articles, seeded if it is not yet, with the static files
    collected, and the production profile's environment for it: (path, env)."""
    DATA.mkdir(parents=True, exist_ok=True)
    db = DATA / f"bench-{articles}.sqlite3"
    env = django_env(db)
    print(f"== seeding {articles:,} articles into {db.relative_to(ROOT)}", flush=True)
    run_python(env, "-m", "bench.seed", "seed", str(articles))
    run_python(env, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    return db, env


def start_gunicorn(env, port, log):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "healthblog.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def worker_peak_memory_kb(master_pid):
    """Peak resident memory (VmHWM) of each worker process of a gunicorn master."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.M).group(1)))
    return peaks


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, duration, connections, threads):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in LATENCY.findall(out)}
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": errors,
    }


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0],
        "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
    )
    args = parser.parse_args()

    db, env = seeded(args.articles)
    run_dir = DATA / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()

    article = f"/articles/guide-{args.articles // 2}/"
    targets = {
        "floor": "/bench/floor/",
        "article": article,
        "home": "/",
        "list": "/articles/?page=2",
        "tag": "/tags/baclofen/",
        "author": "/authors/author-3/",
        "tag index": "/tags/",
        "page": "/about/",
    }
    optional = {
        "search": "/search/?q=baclofen",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "sitemap page": "/sitemap-articles.xml",
    }

    print("== counting queries per page (page cache off)", flush=True)
    out = subprocess.run(
        [sys.executable, "-m", "bench.seed", "queries", *targets.values()],
        cwd=ROOT,
        env={**env, "DJANGO_PAGE_CACHE_SECONDS": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    queries = json.loads(out.strip().splitlines()[-1])

    redis_host, redis_port = re.match(r"redis://([^:/]+):(\d+)", args.redis_url).groups()
    if answers(redis_host, int(redis_port)):
        cache_note = f"Redis ({args.redis_url})"
        env.update(
            REDIS_URL=args.redis_url,
            DJANGO_CACHE_KEY_PREFIX=f"bench-{uuid4().hex[:8]}",
            WEB_CONCURRENCY=str(args.workers),
        )
    else:
        cache_note = "local memory (Redis did not answer): one worker with 4 threads"
        env.update(WEB_CONCURRENCY="1")

    log = (run_dir / "servers.log").open("w")
    processes = {
        "uncached": start_gunicorn(
            {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}, PORTS["uncached"], log
        ),
        "cached": start_gunicorn(env, PORTS["cached"], log),
    }
    try:
        for name in ("uncached", "cached"):
            wait_for(f"http://127.0.0.1:{PORTS[name]}/bench/floor/")
        for name, path in optional.items():
            if get(f"http://127.0.0.1:{PORTS['uncached']}{path}")[0] == 200:
                targets[name] = path
        for name, path in targets.items():
            status, _ = get(f"http://127.0.0.1:{PORTS['uncached']}{path}")
            if status != 200:
                raise SystemExit(f"{name} ({path}) answered {status}")

        html_dir = run_dir / "html"
        html_dir.mkdir()
        (html_dir / "article.html").write_bytes(
            get(f"http://127.0.0.1:{PORTS['cached']}{article}")[1]
        )
        static_server = (
            f"    server {{\n        listen 127.0.0.1:{PORTS['static']};\n"
            f"        location / {{ root {html_dir}; }}\n    }}\n"
        )
        conf = run_dir / "nginx.conf"
        conf.write_text(
            nginx.render(
                run_dir=run_dir,
                site_root=DATA,
                upstream=f"127.0.0.1:{PORTS['cached']}",
                listen=f"127.0.0.1:{PORTS['nginx']}",
                extra=static_server,
            )
        )
        processes["nginx"] = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(f"http://127.0.0.1:{PORTS['nginx']}{article}")
        wait_for(f"http://127.0.0.1:{PORTS['static']}/article.html")

        # Each target runs right after its base (the floor of the same gunicorn; for the nginx
        # cache, the static file), and its ratio is taken within that pair: on a machine shared
        # with other work the load changes by the minute, and a pair sees the same load.
        pairs = [("uncached", name) for name in targets if name != "floor"]
        pairs += [("cached", name) for name in ("article", "home", "list", "tag", "search")]
        pairs = [(server, name) for server, name in pairs if name in targets]
        pairs.append(("nginx", "article"))

        def base_of(server):
            return ("static", "article") if server == "nginx" else (server, "floor")

        def url_of(server, name):
            path = "/article.html" if server == "static" else targets[name]
            return f"http://127.0.0.1:{PORTS[server]}{path}"

        load_before = os.getloadavg()
        results = {}
        for round_number in range(args.rounds):
            # Rotated, so that no pair always runs first or last.
            shift = round_number * len(pairs) // args.rounds
            for server, name in pairs[shift:] + pairs[:shift]:
                measured = []
                for run_server, run_name in (base_of(server), (server, name)):
                    url = url_of(run_server, run_name)
                    get(url)  # fills the page cache / nginx cache, as any earlier reader would
                    result = wrk(url, args.duration, args.connections, args.wrk_threads)
                    measured.append(result)
                    results.setdefault(f"{run_server}|{run_name}", []).append(result)
                    print(
                        f"  round {round_number + 1}  {SERVER_LABELS[run_server]:<26}"
                        f" {run_name:<10} {result['rps']:>9,.0f} req/s"
                        f"  p50 {result['p50']:6.2f} ms  p99 {result['p99']:6.2f} ms"
                        f"  errors {result['errors']}",
                        flush=True,
                    )
                measured[1]["base_rps"] = measured[0]["rps"]
        load_after = os.getloadavg()
        memory = {
            name: worker_peak_memory_kb(processes[name].pid) for name in ("uncached", "cached")
        }
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)
        log.close()

    record = {
        "articles": args.articles,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "settings": {
            "duration": args.duration,
            "rounds": args.rounds,
            "connections": args.connections,
            "wrk_threads": args.wrk_threads,
            "workers": env["WEB_CONCURRENCY"],
            "cache": cache_note,
        },
        "load": [round(load_before[0], 2), round(load_after[0], 2)],
        "targets": targets,
        "queries": queries,
        "memory_kb": memory,
        "results": results,
    }
    (DATA / f"results-{args.articles}.json").write_text(json.dumps(record, indent=2))
    from bench.report import write_report

    write_report(record, DATA)
    print("Wrote docs/benchmarks.md and docs/benchmarks.svg")


if __name__ == "__main__":
    main()
