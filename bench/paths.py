"""Every hot path at scale, in-process and over HTTP, in interleaved trials.

In each trial every path runs ``REPEATS`` times, the paths in a shuffled order, so that
whatever else the machine does at a moment weighs on all of them alike; a path's p50,
p95 and p99 are over all its requests. In-process requests go through Django's whole
stack (middleware, DRF, templates) without a socket; HTTP requests go to gunicorn with
the production settings and gunicorn.conf.py, over keep-alive connections. The list is
also measured against its floor (the same SQL through psycopg, encoded with orjson) and
against a plain DRF peer (bench/peer.py). Results go to bench/results/latest.json.
"""

import json
import os
import platform
import random
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-never-used-for-anything-else-0123456789",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "FACTCHECK_SITE_URL": "http://127.0.0.1",
    "FACTCHECK_PUBLISHER_URL": "http://127.0.0.1/methodology/",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    # Measure the paths, not the rate limits.
    "API_THROTTLE_ANON": "1000000/second",
    "API_THROTTLE_USER": "1000000/second",
    "SEARCH_THROTTLE": "1000000/second",
    "LOG_LEVEL": "WARNING",
}

# Targets at a million claims (issue 13): p50 in ms, or a ratio.
TARGETS_MS = {
    "api search, rare word": 20,
    "api search, common word": 100,
    "/claims/ search, rare word": 20,
    "/claims/ search, common word": 100,
    "overview": 50,
    "/claims/ first page": 30,
    "/claims/ page 1,000": 30,
    "claim page": 30,
    "claim page with figures": 30,
    "quantity page": 30,
    "admin changelist": 150,
    "admin changelist, search": 250,
    "desk statistics, a quarter": 300,
    "desk statistics, a quarter, one event": 300,
}


@dataclass
class Probe:
    name: str
    url: str
    headers: dict = field(default_factory=dict)
    staff: bool = False
    status: int = 200


def run(*, claims: int, trials: int = 15, http: bool = True) -> dict:
    if "DATABASE_URL" not in os.environ:
        sys.exit("make bench needs DATABASE_URL (a PostgreSQL server it may create databases on).")
    os.environ.update(PRODUCTION)
    from bench.database import BENCH_DATABASE, bench_database

    generated_in = time.perf_counter()
    generated = bench_database(claims)
    generated_in = time.perf_counter() - generated_in

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # the production storage
    paths, words = _paths()
    anon, staff = Client(), Client()
    staff.force_login(_bench_admin())
    clients = {False: anon, True: staff}
    session = staff.cookies[settings.SESSION_COOKIE_NAME].value

    floors = {size: _floor(anon, size) for size in (50, 200)}
    queries = {p.name: _queries(clients[p.staff], p) for p in paths}
    in_process = _interleaved(
        {p.name: _in_process(clients[p.staff], p) for p in paths}
        | {f"floor, {size} a page": floor for size, floor in floors.items()},
        trials,
    )
    over_http = {}
    mixed = {}
    if http:
        with _gunicorn(BENCH_DATABASE) as base:
            over_http = _interleaved({p.name: _over_http(base, p, session) for p in paths}, trials)
            mixed = _mixed_load(base, paths)

    results = {
        "claims": claims,
        "generated": generated,
        "generation_seconds": round(generated_in, 1) if generated else None,
        "command": f"make bench BENCH_CLAIMS={claims}",
        "machine": _machine(),
        "trials": trials,
        "repeats_per_trial": REPEATS,
        "search_words": words,
        "queries": queries,
        "in_process": in_process,
        "http": over_http,
        "mixed_load": mixed,
        "ratios": _ratios(in_process, over_http),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    _print(results)
    return results


def _paths() -> tuple[list[Probe], dict]:
    from claims.demo_text import Vocabulary
    from claims.models import Claim, stated_key
    from core.keyset import encode_cursor

    vocabulary = Vocabulary(1)
    rare, common = vocabulary.rare_word.lower(), vocabulary.common_word
    russian, kazakh = vocabulary.common_russian_word, vocabulary.kazakh_word
    published = Claim.objects.published()
    claim = published.order_by("-updated_at", "-id").first()
    # 10,000 rows deep (or as deep as a small database allows, leaving a page after it)
    total = published.count()
    deep = published.order_by("-updated_at", "-id").values("updated_at", "id")[
        min(9_999, total - 51)
    ]
    api_deep = encode_cursor("-updated_at", deep["updated_at"].isoformat(), deep["id"])
    page_deep = (
        published.annotate(sort_key=stated_key(newest=True))
        .order_by("-sort_key", "-id")
        .values("sort_key", "id")[min(999 * 20 - 1, total - 21)]
    )
    claims_deep = encode_cursor("newest", page_deep["sort_key"].isoformat(), page_deep["id"])
    from django.test import Client

    event_id = published.exclude(event=None).values_list("event_id", flat=True).first()
    etag = Client().get("/api/v1/claims/?page_size=50")["ETag"]
    paths = [
        Probe("api list, 50 a page", "/api/v1/claims/?page_size=50"),
        Probe("api list, 200 a page", "/api/v1/claims/?page_size=200"),
        Probe("drf peer, 50 a page", "/bench/peer/claims/?page_size=50"),
        Probe("drf peer, 200 a page", "/bench/peer/claims/?page_size=200"),
        Probe("api list, 304", "/api/v1/claims/?page_size=50", {"If-None-Match": etag}, status=304),
        Probe("api list, 10,000 rows deep", f"/api/v1/claims/?page_size=50&cursor={api_deep}"),
        Probe("api claim detail", f"/api/v1/claims/{claim.pk}/"),
        Probe("api search, rare word", f"/api/v1/claims/?q={rare}"),
        Probe("api search, common word", f"/api/v1/claims/?q={common}"),
        Probe("api search, Russian word, another form", f"/api/v1/claims/?q={russian}"),
        Probe("api search, Kazakh word, another form", f"/api/v1/claims/?q={kazakh}"),
        Probe("claimreview feed", "/api/v1/claimreview/"),
        Probe("overview", "/"),
        Probe("overview, staff", "/", staff=True),
        Probe("/claims/ first page", "/claims/"),
        Probe("/claims/ page 1,000", f"/claims/?after={claims_deep}"),
        Probe("/claims/ search, rare word", f"/claims/?q={rare}"),
        Probe("/claims/ search, common word", f"/claims/?q={common}"),
        Probe("claim page", f"/claims/{claim.pk}/"),
        *_figure_paths(),
        Probe("admin changelist", "/admin/claims/claim/", staff=True),
        Probe("admin changelist, search", f"/admin/claims/claim/?q={common}", staff=True),
        Probe("desk statistics, a quarter", "/admin/reports/?period=last_quarter", staff=True),
        Probe(
            "desk statistics, a quarter, one event",
            f"/admin/reports/?period=last_quarter&event={event_id}",
            staff=True,
        ),
    ]
    counts = {
        word: Claim.objects.matching(word).count() for word in (rare, common)
    }  # how common the words really are
    return paths, {"rare": rare, "common": common, "matches": counts}


def _figure_paths() -> list[Probe]:
    """The claim page of a published claim asserting a figure, the page of that figure's
    quantity with the claim's figure highlighted, and the API's list of figures and of
    that quantity's figures (none without demo figures)."""
    from figures.demo_data import demo_claim_with_figures

    claim = demo_claim_with_figures()
    if claim is None:
        return []
    quantity = claim.figures.select_related("quantity").first().quantity
    return [
        Probe("claim page with figures", f"/claims/{claim.pk}/"),
        Probe("quantity page", f"/figures/{quantity.slug}/?claim={claim.pk}"),
        Probe("api figures, 50 a page", "/api/v1/figures/?page_size=50"),
        Probe("api figures of a quantity", f"/api/v1/figures/?quantity={quantity.slug}"),
    ]


def _bench_admin():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def _in_process(client, path: Probe):
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in path.headers.items()}

    def call():
        response = client.get(path.url, **headers)
        assert response.status_code == path.status, (path.name, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    return call


def _queries(client, path: Probe) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = _in_process(client, path)
    call()  # warm
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _floor(client, size: int):
    """The list's own SQL (as the API ran it) through a plain psycopg connection, each
    row's JSON passed through and the page encoded with orjson."""
    import orjson
    import psycopg
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(f"/api/v1/claims/?page_size={size}")
    sql = next(q["sql"] for q in captured.captured_queries if "json_build_object" in q["sql"])
    params = connection.get_connection_params()
    raw = psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")}
    )

    def floor():
        with raw.cursor() as cursor:
            cursor.execute(sql)
            names = [c.name for c in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        orjson.dumps(
            {"next": None, "results": [orjson.Fragment(row.pop("json")) for row in rows]},
            default=str,
        )

    return floor


def _over_http(base: str, path: Probe, session: str):
    import httpx
    from django.conf import settings

    cookies = {settings.SESSION_COOKIE_NAME: session} if path.staff else {}
    client = httpx.Client(base_url=base, cookies=cookies, timeout=30)
    headers = dict(path.headers)
    if "If-None-Match" in headers:  # the tag as this server gives it (its next link)
        headers["If-None-Match"] = client.get(path.url).headers["ETag"]

    def call():
        response = client.get(path.url, headers=headers)
        assert response.status_code == path.status, (path.name, response.status_code)

    return call


def _interleaved(calls: dict, trials: int) -> dict:
    """{name: stats} of ``trials`` rounds, each running every call REPEATS times in a
    shuffled order."""
    for call in calls.values():
        call()  # warm caches and connections
    samples: dict[str, list[float]] = {name: [] for name in calls}
    order = list(calls)
    rng = random.Random(13)
    for _ in range(trials):
        rng.shuffle(order)
        for name in order:
            for _ in range(REPEATS):
                started = time.perf_counter()
                calls[name]()
                samples[name].append((time.perf_counter() - started) * 1000)
    return {name: _stats(values) for name, values in samples.items()}


def _stats(values: list[float]) -> dict:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(cuts[94], 2),
        "p99": round(cuts[98], 2),
        "n": len(values),
    }


def _mixed_load(base: str, paths: list[Probe], seconds: float = 10.0) -> dict:
    """The cheap list's latency while two clients search for the common word nonstop."""
    import httpx

    by_name = {p.name: p for p in paths}
    cheap, slow = by_name["api list, 50 a page"], by_name["api search, common word"]
    stop = threading.Event()

    def searching():
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                client.get(slow.url)

    background = [threading.Thread(target=searching) for _ in range(2)]
    for thread in background:
        thread.start()
    samples = []
    with httpx.Client(base_url=base, timeout=30) as client:
        ends = time.perf_counter() + seconds
        while time.perf_counter() < ends:
            started = time.perf_counter()
            client.get(cheap.url)
            samples.append((time.perf_counter() - started) * 1000)
    stop.set()
    for thread in background:
        thread.join()
    return {"api list, 50 a page, with two clients searching": _stats(samples)}


class _gunicorn:
    """gunicorn with gunicorn.conf.py and the production settings, on a free local port."""

    def __init__(self, database: str):
        self.database = database

    def __enter__(self) -> str:
        from urllib.parse import urlsplit, urlunsplit

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = urlsplit(os.environ["DATABASE_URL"])
        env = {
            **os.environ,
            "DATABASE_URL": urlunsplit(url._replace(path=f"/{self.database}")),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.command = [
            *(str(gunicorn), "factcheck.wsgi", "-c", "gunicorn.conf.py"),
            *("--log-level", "warning", "--bind"),
        ]
        self.process = subprocess.Popen(
            [*self.command, f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        self._wait(base)
        return base

    def _wait(self, base: str) -> None:
        import httpx

        for _ in range(100):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        self.process.kill()
        raise RuntimeError(f"gunicorn did not start: {shlex.join(self.command)}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _ratios(in_process: dict, over_http: dict) -> dict:
    ratios = {}
    for size in (50, 200):
        api = in_process[f"api list, {size} a page"]["p50"]
        ratios[f"api list / floor, {size} a page (throughput)"] = round(
            in_process[f"floor, {size} a page"]["p50"] / api, 2
        )
        ratios[f"api list / drf peer, {size} a page (throughput)"] = round(
            in_process[f"drf peer, {size} a page"]["p50"] / api, 2
        )
    for measured, label in ((in_process, "in-process"), (over_http, "http")):
        if not measured:
            continue
        full = measured["api list, 50 a page"]["p50"]
        ratios[f"304 / full page ({label})"] = round(measured["api list, 304"]["p50"] / full, 2)
        ratios[f"10,000 rows deep / first page ({label})"] = round(
            measured["api list, 10,000 rows deep"]["p50"] / full, 2
        )
    return ratios


def _machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server,) = cursor.fetchone()
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": server,
    }


def _print(results: dict) -> None:
    machine = results["machine"]
    print(
        f"\n{results['claims']:,} claims; {machine['cores']} cores ({machine['cpu']}), "
        f"PostgreSQL {machine['postgresql']}; {results['trials']} interleaved trials x "
        f"{results['repeats_per_trial']}; search words: {results['search_words']}\n"
    )
    header = (
        "| path | queries | in-process p50 / p95 / p99 ms | HTTP p50 / p95 / p99 ms | target p50 |"
    )
    print(header)
    print("| --- | ---: | ---: | ---: | --- |")
    for name, stats in results["in_process"].items():
        http = results["http"].get(name)
        target = TARGETS_MS.get(name)
        met = ""
        if target:
            worst = max(stats["p50"], http["p50"] if http else 0)
            met = f"< {target} ms {'met' if worst < target else 'MISSED'}"
        print(
            f"| {name} | {results['queries'].get(name, '')} | {_triple(stats)} | "
            f"{_triple(http) if http else ''} | {met} |"
        )
    for name, stats in results["mixed_load"].items():
        print(f"| {name} (HTTP) | | | {_triple(stats)} | |")
    print()
    for name, value in results["ratios"].items():
        print(f"{name}: {value}")


def _triple(stats: dict) -> str:
    return f"{stats['p50']:.1f} / {stats['p95']:.1f} / {stats['p99']:.1f}"
