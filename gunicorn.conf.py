"""gunicorn's settings for production: ``gunicorn -c gunicorn.conf.py cloudcabin.wsgi``.

Every value comes from the environment (see ``.env.example``), so one file serves a
laptop, a VM and a container.

A worker serves one request at a time (gunicorn's sync worker) unless GUNICORN_THREADS
asks for more. Python threads in one process share one interpreter lock: under the
100-user load test (``bench/load.py``, 2 cores) a thread coming back from each of the
shipment page's 44 queries waited for the lock behind threads that were computing, and
5 workers × 4 threads gave the page a p95 of 2.1–5.0 s where 5 single-threaded workers
gave 0.85–1.2 s, with more requests served. The sync worker needs a buffering proxy in
front of it for slow clients: nginx buffers requests and answers by default
(``deploy/nginx.conf``).
"""

from __future__ import annotations

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One worker per core. A request here is processor work (templates, checks, rendering)
# and PostgreSQL shares the machine in the documented deployment: more workers than
# cores only share the cores, with PostgreSQL, more finely. Under the 100-user load test
# on 2 cores the shipment page's p95 was 380–660 ms with 2 workers, 550–1,000 ms with 3
# and 1.0–1.5 s with 5 (gunicorn's own advice, 2 × cores + 1), with as many requests
# served. Raise WEB_CONCURRENCY when workers wait on a network instead: the database or
# the object store on another machine.
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Rendering a large pack takes seconds; a worker is killed only when truly stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that no slow leak grows for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Logs go to the journal or the container's output. The app writes one JSON line per
# request (with its id and organization: cloudcabin.observability); gunicorn's own access
# line repeated it in plain text on the same stream, so it is off unless asked for
# (GUNICORN_ACCESS_LOG=- for standard output).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Behind the reverse proxy the client address and scheme come from its headers; only
# the proxy's own address is trusted to set them.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server: object, worker: object) -> None:
    """With several workers, Prometheus' per-process files of a dead worker are merged away
    (PROMETHEUS_MULTIPROC_DIR: an empty folder, emptied again before each start)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]


def post_worker_init(worker: object) -> None:
    """Each worker loads what it keeps (the URLconf, the templates, the catalogues, the
    tariff index and its copies of the reference tables) before taking requests, and
    freezes it out of the garbage collector's full collections: ``cloudcabin.warm``."""
    from cloudcabin.warm import warm_worker

    warm_worker()
