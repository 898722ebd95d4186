"""gunicorn's settings for production: ``gunicorn factcheck.wsgi`` reads this file.

Threads (gthread) rather than more processes: a request mostly waits on PostgreSQL, and
while one thread waits on a slow search, the others in the same worker answer cheap
requests. Each thread holds one persistent database connection (CONN_MAX_AGE), so a server
opens up to workers x threads connections: size PostgreSQL's max_connections, or put
PgBouncer in front, for every app server together. Every value can be set from the
environment (GUNICORN_WORKERS, ...) or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# A request the database has not answered in WEB_STATEMENT_TIMEOUT (10 s) is cancelled
# there; the worker gives up a little later.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory growth), not all at once.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
