"""/healthz for load balancers."""

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_says_the_database_and_the_cache_answer_and_nothing_else(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_says_degraded_with_200_naming_a_cache_that_does_not_answer(client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache.internal:6379 refused the connection")

    monkeypatch.setattr(cache, "set", down)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert "6379" not in response.content.decode()


def test_healthz_is_503_for_a_cache_that_does_not_answer_when_the_operator_requires_it(
    client, monkeypatch, settings
):
    settings.HEALTHZ_REQUIRE_CACHE = True

    def down(*args, **kwargs):
        raise ConnectionError("cache.internal:6379 refused the connection")

    monkeypatch.setattr(cache, "set", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_healthz_is_503_naming_a_database_that_does_not_answer(client, monkeypatch):
    def down(*args, **kwargs):
        raise OSError("db.internal refused the connection")

    monkeypatch.setattr(connection, "cursor", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_answers_a_probe_by_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["factcheck.example.org"]

    probe = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")
    page = client.get("/", HTTP_HOST="10.0.0.12:8000")

    assert probe.status_code == 200
    assert page.status_code == 400


def test_healthz_takes_only_reads(client):
    assert client.post("/healthz").status_code == 405
