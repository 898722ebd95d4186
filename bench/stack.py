"""The API list's fixed cost: ``python -m bench stack``.

An anonymous ``GET /api/v1/claims/?page_size=1`` in-process (the query costs next to
nothing, so what is measured is the stack around it) on the benchmark's database: the
Python function calls a request makes (counted by cProfile, so the same on a busy machine
as on an idle one), the operations on the shared cache (``CACHE_URL``, Redis where the
servers share one), and the CPU and wall time p50 over ``--trials`` rounds of 30 requests.
Run it in two checkouts on the same database to compare them.
"""

import cProfile
import os
import pstats
import statistics
import time

PATH = "/api/v1/claims/?page_size=1"
CACHE_OPERATIONS = ("get", "set", "add", "incr", "delete", "get_many", "set_many")


def run(*, claims: int, trials: int) -> None:
    from bench.paths import PRODUCTION

    os.environ.update(PRODUCTION)
    # The throttles' own cost is part of the stack: count them, never let them refuse.
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/14")
    from bench.database import bench_database

    bench_database(claims)
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    for _ in range(5):
        client.get(PATH)
    operations = []
    for name in CACHE_OPERATIONS:
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            operations.append(_name)
            return _original(*args, **kwargs)

        setattr(cache, name, counted)
    profile, requests = cProfile.Profile(), 20
    profile.enable()
    for _ in range(requests):
        client.get(PATH)
    profile.disable()
    calls = pstats.Stats(profile).total_calls // requests
    cache_operations = len(operations) / requests

    cpu, wall = [], []
    for _ in range(trials):
        for _ in range(30):
            started, started_cpu = time.perf_counter(), time.process_time()
            answer = client.get(PATH)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.status_code
    print(
        f"{PATH} (anonymous, {claims:,} claims): {calls:,} Python function calls a request, "
        f"{cache_operations:g} shared-cache operations, "
        f"CPU p50 {statistics.median(cpu):.1f} ms, wall p50 {statistics.median(wall):.1f} ms "
        f"({trials} x 30 requests)"
    )
