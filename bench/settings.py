"""The project's settings plus the benchmark's peer views (bench/urls.py). Only the
benchmark runs with these; the project's own URL configuration never includes them."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
