"""Instructions a page costs per request, counted by callgrind: a figure the machine's load does
not move, for changes too small for `make bench` to see (its pairs move by several hundredths).

    python -m bench.instructions --articles 1000 /articles/guide-500/ "/search/?q=baclofen"

Each page is requested in-process (Django's test client, production settings, page cache off)
under `valgrind --tool=callgrind`, twice side by side: 10 warm-up requests alone, and the same
followed by `--requests` more. The difference, divided by `--requests`, is one request's
instructions, without start-up and warm-up. Uses the database `make bench` seeded (and seeds it
if it is missing). About a minute a page at 2 cores.
"""

import argparse
import re
import shutil
import subprocess
import sys

from bench.run import ROOT, seeded

WARM_UP = 10
REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def drive(path, requests):
    """Request `path` WARM_UP + `requests` times in this process."""
    import django

    django.setup()
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    for _ in range(WARM_UP + requests):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")


def instructions(env, path, requests):
    def start(count):
        return subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
            + [sys.executable, "-m", "bench.instructions", "--drive", path, str(count)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    runs = [start(0), start(requests)]
    totals = []
    for run in runs:
        _, err = run.communicate()
        found = REFS.search(err)
        if run.returncode or not found:
            raise SystemExit(f"valgrind failed on {path}:\n{err[-2000:]}")
        totals.append(int(found[1].replace(",", "")))
    return (totals[1] - totals[0]) / requests


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--drive":
        drive(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="pages to count, e.g. /articles/guide-500/")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install valgrind, then run again.")

    _db, env = seeded(args.articles)
    env.update(DJANGO_PAGE_CACHE_SECONDS="0", PYTHONHASHSEED="0")
    for path in args.paths:
        print(f"== {path}: {args.requests} requests under callgrind …", flush=True)
        count = instructions(env, path, args.requests)
        print(f"{path}: {count / 1e6:.2f} million instructions per request", flush=True)


if __name__ == "__main__":
    main()
