"""Gunicorn settings for `make serve`; each can be overridden from the environment."""

import multiprocessing
import os

# Where to listen (behind a reverse proxy: loopback or a private address).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule for synchronous workers: two per CPU, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", "0") or 0) or multiprocessing.cpu_count() * 2 + 1
wsgi_app = "supportflow_site.wsgi:application"
# Load the application once, then fork: faster start, shared memory.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
