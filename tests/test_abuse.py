"""Abuse: sign-in limits, the client address behind proxies, throttles shared between app
servers, the search page's throttle, tokens revoked on a password change, oversized bodies."""

import base64
import socket

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import RequestFactory
from knox.models import AuthToken
from rest_framework.test import APIClient

from core.clients import client_address
from core.throttles import AnonThrottle, SearchThrottle, throttle_cache
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # the factories' password


def basic(username, password) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def token_login(client, username, password, address="203.0.113.5"):
    return client.post(
        "/api/auth/login/",
        HTTP_AUTHORIZATION=basic(username, password),
        REMOTE_ADDR=address,
    )


@pytest.fixture
def password_checks(monkeypatch):
    """How many times a password was actually checked (each costs a hash)."""
    calls = []
    original = ModelBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        calls.append(username)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return calls


def test_api_login_locks_an_account_after_ten_failures_without_checking_passwords(
    settings, password_checks
):
    factories.UserFactory(username="amina")
    client = APIClient()

    failures = [token_login(client, "amina", f"guess-{n}").status_code for n in range(10)]
    checked = len(password_checks)
    locked = [token_login(client, "amina", f"guess-{n}") for n in range(5)]
    right_password = token_login(client, "amina", PASSWORD)

    assert failures == [401] * 9 + [429]
    assert [response.status_code for response in locked] == [429] * 5
    assert "Too many failed sign-ins" in locked[0].json()["detail"]
    assert int(locked[0]["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert right_password.status_code == 429
    assert len(password_checks) == checked
    assert not AuthToken.objects.exists()


def test_api_login_locks_an_address_trying_many_accounts():
    for n in range(12):
        factories.UserFactory(username=f"user-{n}")
    client = APIClient()

    answers = [token_login(client, f"user-{n}", "wrong").status_code for n in range(12)]
    elsewhere = token_login(client, "user-11", PASSWORD, address="198.51.100.7")

    assert answers[:9] == [401] * 9
    assert answers[9:] == [429] * 3
    assert elsewhere.status_code == 200  # the accounts themselves are not locked


def test_a_successful_login_resets_the_count():
    factories.UserFactory(username="amina")
    client = APIClient()

    for n in range(9):
        token_login(client, "amina", f"guess-{n}")
    assert token_login(client, "amina", PASSWORD).status_code == 200
    later = [token_login(client, "amina", f"again-{n}").status_code for n in range(9)]

    assert later == [401] * 9


def test_admin_login_is_locked_after_ten_failures(client):
    factories.EditorFactory(username="editor")

    answers = [
        client.post(
            "/admin/login/",
            {"username": "editor", "password": f"guess-{n}"},
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for n in range(11)
    ]
    right = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )

    assert answers[:9] == [200] * 9  # the form again, with its error
    assert answers[9:] == [429, 429]
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 172.16.0.1", "198.51.100.1"),
        (2, "198.51.100.1", "198.51.100.1"),
        (1, " , ", "10.0.0.2"),
    ],
)
def test_the_client_address_is_taken_from_the_configured_number_of_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_a_new_forwarded_for_per_request_does_not_escape_the_throttle(monkeypatch):
    monkeypatch.setattr(AnonThrottle, "rate", "5/minute", raising=False)
    client = APIClient()

    answers = [
        client.get("/api/v1/claims/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(8)
    ]

    assert answers == [200] * 5 + [429] * 3


def test_behind_one_proxy_each_client_has_its_own_count(monkeypatch, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(AnonThrottle, "rate", "5/minute", raising=False)
    client = APIClient()

    def get(address):
        return client.get(
            "/api/v1/claims/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address
        ).status_code

    first = [get("198.51.100.1") for _ in range(6)]
    second = get("198.51.100.2")

    assert first == [200] * 5 + [429]
    assert second == 200


def test_an_anonymous_read_is_counted_once_and_a_signed_in_one_by_its_user(monkeypatch):
    """Each count is a round trip to the shared cache: an anonymous client is counted by
    its address under the anonymous rate only, a signed-in one under its user only."""
    counted = []
    monkeypatch.setattr(throttle_cache, "set", lambda key, *a, **k: counted.append(key))
    editor = factories.EditorFactory()

    APIClient().get("/api/v1/claims/", REMOTE_ADDR="203.0.113.7")
    anonymous, counted[:] = list(counted), []
    token_client(editor).get("/api/v1/claims/", REMOTE_ADDR="203.0.113.7")

    assert anonymous == ["throttle_anon_203.0.113.7"]
    assert counted == [f"throttle_user_{editor.pk}"]


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_throttles_share_their_count_between_two_app_servers(monkeypatch):
    """Two cache clients stand for two processes: what one counts, the other sees."""
    location = "redis://127.0.0.1:6379/15"
    first_server, second_server = RedisCache(location, {}), RedisCache(location, {})
    first_server.clear()
    monkeypatch.setattr(AnonThrottle, "rate", "4/minute", raising=False)
    factory = RequestFactory()

    def allowed(cache):
        throttle = AnonThrottle()
        throttle.cache = cache
        request = factory.get("/api/v1/claims/", REMOTE_ADDR="203.0.113.50")
        request.user = type("Anonymous", (), {"is_authenticated": False})()
        return throttle.allow_request(request, None)

    answers = [allowed(first_server if n % 2 else second_server) for n in range(6)]
    first_server.clear()

    assert answers == [True] * 4 + [False] * 2


def test_the_public_search_page_is_throttled(client, monkeypatch):
    monkeypatch.setattr(SearchThrottle, "rate", "3/minute", raising=False)

    searches = [client.get("/claims/?q=troops").status_code for _ in range(4)]
    browsing = client.get("/claims/")
    refused = client.get("/claims/?q=troops")

    assert searches == [200, 200, 200, 429]
    assert browsing.status_code == 200
    assert "Too many searches" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize("how", ["set_password", "sql"])
def test_a_password_change_revokes_every_api_token(how):
    user = factories.FactCheckerFactory(username="amina")
    other = factories.FactCheckerFactory(username="timur")
    _, token = AuthToken.objects.create(user)
    AuthToken.objects.create(user)
    _, kept = AuthToken.objects.create(other)

    if how == "set_password":
        user.set_password("a-new-pass-word-456")
        user.save()
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE auth_user SET password = 'x' WHERE id = %s", [user.pk])

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/claims/").status_code == 401
    assert AuthToken.objects.filter(user=user).count() == 0
    assert AuthToken.objects.filter(user=other).count() == 1


def test_saving_a_user_without_changing_the_password_keeps_the_tokens():
    user = factories.FactCheckerFactory(username="amina")
    AuthToken.objects.create(user)

    user.first_name = "Amina"
    user.save()

    assert AuthToken.objects.filter(user=user).count() == 1


def test_an_oversized_body_is_refused_with_413_before_it_is_read(fact_checker, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    checker_api = token_client(fact_checker)
    body = '{"name": "' + "x" * 2000 + '", "slug": "big"}'

    api = checker_api.post("/api/v1/events/", body, content_type="application/json")
    admin = checker_api.post("/admin/login/", {"username": "x" * 2000, "password": "y"})
    small = checker_api.post("/api/v1/events/", {"name": "Small", "slug": "small"}, format="json")

    assert api.status_code == 413
    assert "1000 bytes" in api.json()["detail"]
    assert admin.status_code == 413
    assert small.status_code == 201
