"""Anonymous readers at scale: ``make loadtest ARGS="--mix anonymous"``.

Builds the same scratch database as the mixed load test, starts gunicorn with production
settings on 127.0.0.1, and drives each public read with ``wrk`` (Debian's ``wrk``) for
``--seconds``: a claim page, the embed card, the API claim detail, the overview and the
claims list, the claims' reads spread over 20 published claims (a fact-check gone viral).
It prints requests per second and the p50/p99 latencies per read.

``--through-varnish`` puts Varnish (``deploy/varnish/default.vcl``) in front, with the app
purging it, warms it, runs the same reads against it, and measures purge-to-fresh: a
fact-checker's change through the API until a read through the cache shows it, with a
worker running beside the server. ``--replica`` runs the database as a primary and a
streaming replica of our own (bench/pgcluster.py) and the app with DATABASE_REPLICA_URLS.
Everything listens on the loopback only and stops by itself.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench import loadtest, pgcluster
from bench.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
READS = [
    ("claim page", "/claims/{id}/"),
    ("embed card", "/embed/claims/{id}/"),
    ("API claim detail", "/api/v1/claims/{id}/"),
    ("overview", "/"),
    ("claims list", "/claims/"),
]
WRK_SCRIPT = """
local ids = {%(ids)s}
local pattern = "%(pattern)s"
request = function()
  local path = string.gsub(pattern, "{id}", ids[math.random(#ids)])
  return wrk.format("GET", path)
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# A fact-check that goes viral: most reads are of a few claims.
HOT_CLAIMS = 20


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(port: int, pattern: str, ids: list[int], *, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"ids": ",".join(map(str, ids)), "pattern": pattern})
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name,
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    found = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["non_2xx"] = int(errors.group(1)) if errors else 0
    return found


@contextmanager
def varnish(backend_port: int):
    """Varnish with the project's VCL on a free loopback port, in front of ``backend_port``."""
    varnishd = shutil.which("varnishd")
    if not varnishd:
        sys.exit("--through-varnish needs Varnish: apt-get install varnish varnish-modules")
    work = Path(tempfile.mkdtemp(prefix="varnish-"))
    vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
    (work / "bench.vcl").write_text(vcl.replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    process = subprocess.Popen(
        [varnishd, "-F", "-j", "none", "-n", str(work / "n"), "-T", "none", "-a",
         f"127.0.0.1:{port}", "-f", str(work / "bench.vcl"), "-s", "malloc,256m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                loadtest._request(port, "PURGE", "/", {"xkey-purge": "warm-up"})
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def purge_to_fresh(port: int, data: dict, trials: int = 5) -> list[float]:
    """Seconds from an editor's change of a published claim's summary, acknowledged, to the
    first read through the cache that shows it (the worker sends the purge)."""
    token, times = data["editor_token"], []
    for trial in range(trials):
        claim = data["published"][trial]
        address = f"/api/v1/claims/{claim}/"
        loadtest._request(port, "GET", address)
        _, headers, _ = loadtest._request(port, "GET", address)
        summary = f"Checked again, round {trial}"
        auth = {"Authorization": f"Token {token}"}
        _, fresh_headers, _ = loadtest._request(port, "GET", address, auth)
        status, _, answer = loadtest._request(
            port, "PATCH", address,
            {**auth, "If-Match": fresh_headers["ETag"], "Content-Type": "application/json"},
            json.dumps({"summary": summary}),
        )  # fmt: skip
        if status != 200:
            raise RuntimeError(f"The change was refused ({status}): {answer[:300]!r}")
        acknowledged = time.monotonic()
        while time.monotonic() - acknowledged < 30:
            _, _, body = loadtest._request(port, "GET", address)
            if summary.encode() in body:
                break
            time.sleep(0.02)
        times.append(time.monotonic() - acknowledged)
    return times


def bench_database_in_use(name: str) -> None:
    from bench.database import _setup, _use

    _setup()
    _use(name)


def _count_claims() -> int:
    from claims.models import Claim

    return Claim.objects.count()


def run(
    *,
    claims: int,
    seconds: int = 15,
    connections: int = 32,
    workers: int = 4,
    through_varnish: bool = False,
    replica: bool = False,
    database: str = "",
) -> None:
    if not shutil.which("wrk"):
        sys.exit("The anonymous mix is driven by wrk: apt-get install wrk")
    with ExitStack() as stack:
        replica_url = None
        if replica:
            if missing := pgcluster.missing_programs():
                sys.exit(f"--replica needs PostgreSQL's server binaries: {', '.join(missing)}")
            _, primary_port, make_replica = stack.enter_context(pgcluster.primary_with_replica())
            os.environ["DATABASE_URL"] = pgcluster.url(primary_port)
        if database:  # demo data already there, e.g. the million of ``make bench``
            if replica:
                sys.exit("--replica builds its own database: leave out --database")
            name = database
            bench_database_in_use(name)
            data = loadtest._clients(connections)
            claims = _count_claims()
        else:
            name = f"{os.environ.get('BENCH_DATABASE', 'factcheck_bench')}_readload"
            data = loadtest._prepare(name, claims, connections)
        if replica:
            replica_url = pgcluster.url(make_replica(), name)
        port = free_port()
        environment = loadtest._server_environment(loadtest._database_url(name), port)
        if replica_url:
            environment["DATABASE_REPLICA_URLS"] = replica_url
        target = port
        if through_varnish:
            target = stack.enter_context(varnish(port))
            environment["CACHE_PURGE_URL"] = f"varnish+http://127.0.0.1:{target}/"
        server = loadtest._start(environment, port, workers)
        stack.callback(lambda: (server.terminate(), server.wait(30)))
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        stack.callback(lambda: (worker.terminate(), worker.wait(30)))

        ids = data["published"][:HOT_CLAIMS]
        where = "through Varnish" if through_varnish else "direct to gunicorn"
        print(
            f"Anonymous reads {where}: {connections} connections, {seconds} s per read, "
            f"{claims:,} claims in {name}, gunicorn {workers} workers x 4 "
            f"threads{', one streaming replica' if replica else ''}, {os.cpu_count()} CPUs"
        )
        print(f"{'read':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
        for label, pattern in READS:
            for claim in ids:  # the first read of each address fills the cache
                loadtest._request(target, "GET", pattern.format(id=claim))
            found = wrk(target, pattern, ids, seconds=seconds, connections=connections)
            print(
                f"{label:<18} {found['rps']:>9,.0f} {found['p50']:>8.1f} {found['p99']:>8.1f} "
                f"{found['non_2xx']:>8}"
            )
        if through_varnish:
            times = sorted(purge_to_fresh(target, data))
            print(
                f"purge to fresh read: median {times[len(times) // 2]:.2f} s, "
                f"worst {times[-1]:.2f} s ({len(times)} changes)"
            )
