"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py shangqiu_cbec.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two per core: measured on 2 cores, 4 workers served the cached dashboards best (README, "Load").
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
graceful_timeout = 30
# Recycle workers now and then, but rarely: each worker's in-memory dashboard cache goes with it.
max_requests = 50_000
max_requests_jitter = 5_000
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
