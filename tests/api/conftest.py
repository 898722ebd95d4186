import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttling counts requests in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


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
