"""The API for a person: the token sign-in takes a JSON body as well as HTTP Basic and
says what it expects when given neither; the browsable pages fit a phone, show JSON
indented and link to the docs and to signing in."""

import json

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories
from tests.test_abuse import PASSWORD, basic

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login/"


def test_a_json_body_signs_in_for_a_token():
    factories.UserFactory(username="amina")
    response = APIClient().post(LOGIN, {"username": "amina", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["token"]
    assert AuthToken.objects.filter(user__username="amina").count() == 1


def test_http_basic_still_signs_in_for_a_token():
    factories.UserFactory(username="amina")
    response = APIClient().post(LOGIN, HTTP_AUTHORIZATION=basic("amina", PASSWORD))
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_wrong_password_in_a_json_body_is_401_and_gives_no_token():
    factories.UserFactory(username="amina")
    response = APIClient().post(LOGIN, {"username": "amina", "password": "guess"}, format="json")
    assert response.status_code == 401
    assert not AuthToken.objects.exists()


def test_no_credentials_say_what_the_sign_in_expects():
    response = APIClient().post(LOGIN, {}, format="json")
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert '"username"' in detail and '"password"' in detail
    assert "HTTP Basic" in detail
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_json_body_without_the_password_is_a_400_naming_it():
    response = APIClient().post(LOGIN, {"username": "amina"}, format="json")
    assert response.status_code == 400
    assert response.json()["password"] == ["This field is required."]


def test_a_json_body_counts_toward_the_sign_in_limits():
    factories.UserFactory(username="amina")
    client = APIClient()
    answers = [
        client.post(
            LOGIN, {"username": "amina", "password": f"guess-{n}"}, format="json"
        ).status_code
        for n in range(11)
    ]
    assert answers[:9] == [401] * 9
    assert answers[9:] == [429, 429]


def test_the_browsable_api_fits_a_phone_and_links_to_the_docs_and_sign_in(client):
    page = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'href="/api/docs/"' in page
    assert 'href="/admin/login/?next=/api/v1/"' in page
    assert "Fact-check tracker API" in page


def test_the_browsable_api_shows_json_indented(client):
    factories.published_claim()
    page = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html").content.decode()
    # Every level indented, the claims' rows too.
    assert "\n      &quot;id&quot;: " in page


def test_json_asked_with_indent_comes_indented_and_plain_json_does_not(client):
    factories.published_claim()
    plain = client.get("/api/v1/claims/", HTTP_ACCEPT="application/json").content.decode()
    indented = client.get(
        "/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2"
    ).content.decode()
    assert "\n" not in plain
    assert indented.startswith('{\n  "')
    assert json.loads(plain) == json.loads(indented)
