"""Throughput of the published-claims list (``GET /api/v1/claims/?page_size=200``, anonymous)
against its floor: the same SQL run through psycopg and encoded with orjson.

The API call goes through Django's whole request stack in-process (middleware, DRF,
pagination, ETag, rendering) but not through a network socket.
"""

import os
import time

import orjson

from bench.database import setup_scratch_database

URL = "/api/v1/claims/?page_size=200"


def _rate(call, seconds: float) -> float:
    call()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        call()
        count += 1
    return count / (time.perf_counter() - started)


def run(*, claims: int, seconds: float = 5.0) -> None:
    os.environ["API_THROTTLE_ANON"] = "1000000/second"  # measure the list, not the throttle
    if "DATABASE_URL" in os.environ:  # measure as deployed: no debug query log
        os.environ.update(
            DEBUG="0",
            ALLOWED_HOSTS="testserver",
            FACTCHECK_SITE_URL="http://testserver",
            SECURE_SSL_REDIRECT="0",
        )
        os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    setup_scratch_database("factcheck_bench_api")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.demo_data import DemoSize, generate

    generate(size=DemoSize(claims=claims, sources=max(1000, claims // 5)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    sql = max((q["sql"] for q in captured.captured_queries), key=len)

    def api():
        assert client.get(URL).status_code == 200

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            names = [c.name for c in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        # The list's SQL builds each claim's JSON; pass it through as the API does.
        results = [orjson.Fragment(row.pop("json")) for row in rows] if "json" in names else rows
        orjson.dumps({"results": results}, default=str)

    api_rate = _rate(api, seconds)
    floor_rate = _rate(floor, seconds)
    print(
        f"claims list, {claims} claims, 200 a page: API {api_rate:,.0f} req/s, "
        f"floor (same SQL, psycopg + orjson) {floor_rate:,.0f} req/s: "
        f"{api_rate / floor_rate:.0%} of the floor"
    )
