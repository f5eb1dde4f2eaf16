"""gunicorn for healthblog: `gunicorn -c deploy/gunicorn.conf.py healthblog.wsgi`.

Every value can be changed by environment variable; `make serve` and `make bench` use this file.
"""

import gc
import multiprocessing
import os
import time

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Worker processes share the page cache, counts and sessions only through Redis. With the
# local-memory cache each process would keep its own copies, and a change saved through one
# process could not invalidate another's; so without REDIS_URL there is one process, with threads.
_shared_cache = bool(os.environ.get("REDIS_URL"))
workers = int(
    os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1 if _shared_cache else 1)
)
threads = int(os.environ.get("GUNICORN_THREADS", 1 if _shared_cache else 4))
if workers > 1 and not _shared_cache:
    raise SystemExit(
        "Several gunicorn workers need a shared cache: set REDIS_URL, or WEB_CONCURRENCY=1."
    )

# Load the app once before forking: less memory per worker, and errors show at start.
preload_app = True
# A worker is replaced after this many requests, so slow leaks cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10000))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 30
# Behind nginx on the same host; set FORWARDED_ALLOW_IPS to the proxy's address otherwise.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"


# The app is loaded once in the master (preload_app) and shared by the forked workers. As the
# Python docs advise for fork without exec: no collection in the master, whose objects are then
# frozen just before each fork, so workers' collections never walk (or copy, by touching their
# reference counts) the framework's long-lived objects.
gc.disable()


def when_ready(server):
    # The app is loaded, no worker is forked yet: build what every worker would otherwise build
    # on its first requests, once, here (articles.warmup).
    if server.cfg.preload_app:
        from articles.warmup import warm_up

        started = time.monotonic()
        statuses = warm_up(server.app.wsgi())
        gc.collect()  # the requests' own garbage, which no worker should inherit
        server.log.info(
            "Warmed up with %d pages in %.1f s: %s",
            len(statuses),
            time.monotonic() - started,
            " ".join(f"{path} {status}" for path, status in statuses.items()),
        )


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
