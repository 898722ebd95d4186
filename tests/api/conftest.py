import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def anon():
    return APIClient()


def token_client(user) -> APIClient:
    _, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def checker_api(fact_checker):
    return token_client(fact_checker)


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def second_editor_api(second_editor):
    return token_client(second_editor)


@pytest.fixture
def reader_api(db):
    """A signed-in user with no newsroom role."""
    return token_client(factories.UserFactory(username="reader"))
