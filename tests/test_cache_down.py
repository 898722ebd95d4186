"""The shared cache is optional at run time: with CACHE_URL pointing at a Redis that is
not there, pages and the API keep answering and the limits are counted per process."""

import logging

import pytest
from django.test import override_settings

from core.throttles import SearchThrottle, throttle_cache
from tests import factories

pytestmark = pytest.mark.django_db

NOWHERE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def cache_down():
    with override_settings(CACHES=NOWHERE):
        yield


def test_the_api_list_and_the_search_page_answer_with_the_cache_down(client, cache_down):
    factories.published_claim(summary="Troops were sent to Almaty", text="Troops were sent")

    api = client.get("/api/v1/claims/")
    search = client.get("/claims/", {"q": "troops"})

    assert api.status_code == 200
    assert len(api.json()["results"]) == 1
    assert search.status_code == 200
    assert "Troops were sent to Almaty" in search.content.decode()


def test_limits_are_still_kept_per_process_while_the_cache_is_down(client, cache_down, monkeypatch):
    monkeypatch.setattr(SearchThrottle, "rate", "2/minute", raising=False)

    answers = [client.get("/claims/", {"q": "troops"}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_cache_being_down_is_logged_once_not_per_request(client, cache_down, caplog):
    throttle_cache.warned_at = 0.0
    with caplog.at_level(logging.WARNING, logger="core.throttles"):
        for _ in range(3):
            throttle_cache.down_until = 0.0  # try the shared cache each time
            assert client.get("/api/v1/claims/").status_code == 200

    warnings = [r for r in caplog.records if "shared cache does not answer" in r.message]
    assert len(warnings) == 1


def test_healthz_says_degraded_with_the_cache_down(client, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_sign_in_lockouts_still_hold_with_the_cache_down(client, cache_down, settings):
    settings.AXES_FAILURE_LIMIT = 2
    factories.EditorFactory(username="editor", password="right-password-123")
    for _ in range(2):
        client.post(
            "/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
        )

    locked = client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-password-123"},
        REMOTE_ADDR="10.9.9.9",
    )

    assert locked.status_code == 429
