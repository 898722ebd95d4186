"""Load: gunicorn with production settings on 127.0.0.1, driven by concurrent clients.

``make loadtest`` (``python -m bench loadtest``) builds a scratch database (the Kazakhstan
seed case plus synthetic claims), starts gunicorn on 127.0.0.1 only with DEBUG off, and
runs CLIENTS concurrent clients for SECONDS: 90% reads (the public pages and the API, as
an anonymous reader), 10% writes (a fact-checker's token changing a claim's summary
through the version protocol: read the ETag, PATCH with If-Match, on 412 read again and
retry). It reports the requests, the answers by status, p50/p95/p99 latencies, and then
checks the database: every write the server acknowledged must be in the claim's
recorded history, and each claim must hold its last acknowledged write.

Plain HTTP on the loopback interface: the HTTPS redirect is off for the run (it is a
proxy's or a certificate's job, not what is measured); every other setting is the
production one. All clients share one address, so the throttles are raised for the run.
"""

import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from bench.database import setup_scratch_database
from bench.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
WRITE_SHARE = 0.10
CONTENDED_CLAIMS = 20  # writes go to a few claims, so that writers race
MAX_RETRIES = 5


def _database_url(name: str) -> str:
    """DATABASE_URL of the scratch database, on the configured or the embedded server."""
    if os.environ.get("DATABASE_URL"):
        parts = urlsplit(os.environ["DATABASE_URL"])
        return urlunsplit(parts._replace(path=f"/{name}"))
    from core.database import embedded_database

    socket_dir = embedded_database(ROOT)["HOST"]
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{name}"


def _redis_url() -> str | None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return None
    return "rediscache://127.0.0.1:6379/3"


def _prepare(name: str, claims: int, clients: int) -> dict:
    setup_scratch_database(name)
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from claims.demo_data import DemoSize, generate

    call_command("load_seeds", stdout=StringIO())
    generate(size=DemoSize(claims=claims, sources=max(1000, claims // 5)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return _clients(clients)


def _clients(clients: int) -> dict:
    """The published claims to read, and the tokens of a fact-checker and of an editor
    (made the first time in a database that is kept)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from knox.models import AuthToken

    from claims.models import Claim
    from claims.roles import EDITORS, FACT_CHECKERS

    users = get_user_model().objects
    checker, _ = users.get_or_create(username="loadtest-checker", defaults={"is_staff": True})
    checker.groups.add(Group.objects.get(name=FACT_CHECKERS))
    # An editor changes what readers see of a published claim (the purge-to-fresh timing).
    editor, _ = users.get_or_create(username="loadtest-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name=EDITORS))
    published = list(Claim.objects.published().values_list("pk", flat=True)[:500])
    return {
        "published": published,
        "contended": published[:CONTENDED_CLAIMS],
        "tokens": [AuthToken.objects.create(checker)[1] for _ in range(min(clients, 10))],
        "editor_token": AuthToken.objects.create(editor)[1],
    }


def _server_environment(database_url: str, port: int) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL"}}
    environment.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        FACTCHECK_SITE_URL=f"http://127.0.0.1:{port}",
        FACTCHECK_PUBLISHER_URL=f"http://127.0.0.1:{port}/methodology/",
        SECURE_SSL_REDIRECT="0",
        API_THROTTLE_ANON="1000000/minute",
        API_THROTTLE_USER="1000000/minute",
        SEARCH_THROTTLE="1000000/minute",
        CONN_MAX_AGE="60",
        LOG_LEVEL="ERROR",  # 4xx answers are part of the run, not news
    )
    if redis := _redis_url():
        environment["CACHE_URL"] = redis
    return environment


def _start(environment: dict, port: int, workers: int):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=environment, check=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "factcheck.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "4",
         "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit status {server.returncode}).")
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within a minute.")


def _request(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            method, path, body=body, headers={"Connection": "close", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Client(threading.Thread):
    def __init__(self, number, port, data, deadline, results):
        super().__init__(daemon=True)
        self.number, self.port, self.data, self.deadline = number, port, data, deadline
        self.results = results
        self.rng = random.Random(number)
        self.token = data["tokens"][number % len(data["tokens"])]
        self.writes = 0

    def timed(self, kind, method, path, headers=None, body=None):
        started = time.perf_counter()
        try:
            status, response_headers, content = _request(self.port, method, path, headers, body)
        except OSError as error:
            status, response_headers, content = (
                f"connection error ({type(error).__name__})",
                {},
                b"",
            )
        self.results["samples"].append((kind, status, time.perf_counter() - started))
        return status, response_headers, content

    def read(self):
        claim = self.rng.choice(self.data["published"])
        path = self.rng.choice(
            [
                "/", "/claims/", f"/claims/{claim}/", "/claims/?q=troops",
                "/api/v1/claims/?page_size=20", f"/api/v1/claims/{claim}/",
                f"/api/v1/evidence/?claim={claim}", "/api/v1/claimreview/?page_size=20",
            ]
        )  # fmt: skip
        self.timed("read", "GET", path)

    def write(self):
        claim = self.rng.choice(self.data["contended"])
        auth = {"Authorization": f"Token {self.token}"}
        self.writes += 1
        summary = f"Load test write {self.number}-{self.writes}"
        for _ in range(MAX_RETRIES):
            status, headers, _ = self.timed("write", "GET", f"/api/v1/claims/{claim}/", auth)
            if status != 200:
                return
            status, _, content = self.timed(
                "write",
                "PATCH",
                f"/api/v1/claims/{claim}/",
                {**auth, "If-Match": headers["ETag"], "Content-Type": "application/json"},
                json.dumps({"summary": summary}),
            )
            if status == 200:
                version = json.loads(content)["version"]
                self.results["acknowledged"].append((claim, summary, version))
                return
            if status != 412:
                return
        self.results["gave_up"].append((claim, summary))

    def run(self):
        while time.monotonic() < self.deadline:
            self.write() if self.rng.random() < WRITE_SHARE else self.read()


def _percentile(latencies, share):
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000 if ordered else 0.0


def _verify(acknowledged) -> list[str]:
    """What the database lost of the acknowledged writes (empty when nothing)."""
    from django.apps import apps

    from claims.models import Claim

    history = apps.get_model("claims", "ClaimHistory")
    problems = []
    recorded = set(history.objects.values_list("pgh_obj_id", "summary"))
    by_claim = {}
    for claim, summary, version in acknowledged:
        by_claim.setdefault(claim, []).append((version, summary))
        if (claim, summary) not in recorded:
            problems.append(f"claim {claim}: acknowledged “{summary}” is not in its history")
    for claim, writes in by_claim.items():
        versions = [version for version, _ in writes]
        if len(versions) != len(set(versions)):
            problems.append(f"claim {claim}: two writes acknowledged with the same version")
        stored = Claim.objects.values_list("summary", flat=True).get(pk=claim)
        if stored != max(writes)[1]:
            problems.append(f"claim {claim}: holds “{stored}”, not its last write")
    return problems


def run(*, claims: int, clients: int = 64, seconds: int = 60, workers: int = 4) -> None:
    name = f"{urlsplit(os.environ.get('DATABASE_URL', '/factcheck')).path.strip('/')}_loadtest"
    port = free_port()
    data = _prepare(name, claims, clients)
    environment = _server_environment(_database_url(name), port)
    server = _start(environment, port, workers)
    results = {"samples": [], "acknowledged": [], "gave_up": []}
    try:
        deadline = time.monotonic() + seconds
        threads = [Client(n, port, data, deadline, results) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)

    samples = results["samples"]
    statuses = Counter(status for _, status, _ in samples)
    server_errors = sum(
        n for status, n in statuses.items() if not isinstance(status, int) or status >= 500
    )
    lost = _verify(results["acknowledged"])
    print(f"{clients} clients for {seconds} s against gunicorn ({workers} workers x 4 threads), "
          f"{claims:,} synthetic claims + the seed case, on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"requests: {len(samples):,} in {elapsed:.0f} s ({len(samples) / elapsed:,.0f}/s)")
    print(
        "answers: "
        + ", ".join(f"{status}: {n:,}" for status, n in sorted(statuses.items(), key=str))
    )
    for kind in ("read", "write"):
        latencies = [latency for k, _, latency in samples if k == kind]
        if latencies:
            print(
                f"{kind}s: {len(latencies):,}, p50 {_percentile(latencies, 0.50):.0f} ms, "
                f"p95 {_percentile(latencies, 0.95):.0f} ms, p99 {_percentile(latencies, 0.99):.0f} ms, "
                f"mean {statistics.fmean(latencies) * 1000:.0f} ms"
            )
    print(
        f"writes acknowledged: {len(results['acknowledged']):,}, gave up after "
        f"{MAX_RETRIES} refusals (412): {len(results['gave_up']):,}"
    )
    print(f"server errors: {server_errors}, lost writes: {len(lost)}")
    for problem in lost[:20]:
        print("  " + problem)
    if server_errors or lost:
        sys.exit(1)
