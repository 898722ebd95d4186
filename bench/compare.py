"""``python -m bench compare --against REV``: the same pages answered by this checkout and
by another revision, side by side on the benchmark's database (made by ``make bench``).

Each side is a Django process of its own checkout (the other one in a temporary git
worktree), with the benchmark's production settings; they answer the same paths in
turn, in alternating order, ``--trials`` times five requests each. Printed: each path's
wall and CPU p50 (medians of the trials' medians), the other revision first. The machine
being shared, a change shows in the CPU column first.
"""

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.database import BENCH_DATABASE
from bench.paths import PRODUCTION, ROOT

REQUESTS = 5

# What each side runs, from its own checkout: warm up, then answer "go" with the wall and
# CPU medians of five requests to each path.
_WORKER = """
import os, statistics, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django
django.setup()
from django.test import Client
client, paths = Client(), sys.argv[1:]
for path in paths:
    for _ in range(3):
        status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path}: {status}")
print("ready", flush=True)
for _ in sys.stdin:
    answer = []
    for path in paths:
        wall, cpu = [], []
        for _ in range(REQUESTS):
            w, c = time.perf_counter(), time.process_time()
            client.get(path)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        answer.append(f"{statistics.median(wall) * 1e3:.2f},{statistics.median(cpu) * 1e3:.2f}")
    print(" ".join(answer), flush=True)
""".replace("REQUESTS", str(REQUESTS))


def default_paths() -> list[str]:
    """/claims/, the newest claim's page, and the claim page with figures and its
    quantity's page that ``make bench`` measures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench.paths import _figure_paths
    from claims.models import Claim

    paths = ["/claims/"]
    claim = Claim.objects.published().order_by("-updated_at", "-id").first()
    if claim is not None:
        paths.append(claim.get_absolute_url())
    return paths + [p.url for p in _figure_paths() if not p.url.startswith("/api/")]


def run(*, against: str, paths: list[str], trials: int, database: str = BENCH_DATABASE):
    if not os.environ.get("DATABASE_URL"):
        sys.exit("python -m bench compare needs DATABASE_URL (the server of make bench).")
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{database}"
    env = {**os.environ, **PRODUCTION, "DATABASE_URL": url}
    os.environ["DATABASE_URL"] = url
    paths = paths or default_paths()
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as scratch:
        other = Path(scratch) / "checkout"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(other), against],
            cwd=ROOT,
            check=True,
        )
        try:
            for checkout in (other, ROOT):  # the production settings serve the manifest's files
                subprocess.run(
                    [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                    cwd=checkout,
                    env=env,
                    check=True,
                )
            _compare({against: other, "this checkout": ROOT}, paths, trials, env)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False
            )


def _compare(sides: dict, paths: list[str], trials: int, env: dict) -> None:
    workers = {}
    try:
        for name, checkout in sides.items():
            worker = subprocess.Popen(
                [sys.executable, "-c", _WORKER, *paths],
                cwd=checkout,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            if worker.stdout.readline().strip() != "ready":
                sys.exit(f"{name}: the pages did not answer 200")
            workers[name] = worker
        results = {name: [[] for _ in paths] for name in workers}
        for trial in range(trials):
            order = list(workers) if trial % 2 == 0 else list(workers)[::-1]
            for name in order:
                workers[name].stdin.write("go\n")
                workers[name].stdin.flush()
                for i, pair in enumerate(workers[name].stdout.readline().split()):
                    results[name][i].append(tuple(float(x) for x in pair.split(",")))
    finally:
        for worker in workers.values():
            worker.stdin.close()
            worker.wait()
    before, after = list(sides)
    print(f"{trials} interleaved trials of {REQUESTS} requests; p50 ms, {before} → {after}\n")
    print("| path | wall | CPU |\n| --- | ---: | ---: |")
    for i, path in enumerate(paths):
        cells = []
        for k in (0, 1):
            old = statistics.median(r[k] for r in results[before][i])
            new = statistics.median(r[k] for r in results[after][i])
            cells.append(f"{old:.1f} → {new:.1f}")
        print(f"| {path} | {cells[0]} | {cells[1]} |")
