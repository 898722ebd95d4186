import pytest

from tests import factories


@pytest.fixture
def fact_checker(db):
    return factories.FactCheckerFactory(username="checker")


@pytest.fixture
def editor(db):
    return factories.EditorFactory(username="editor")


@pytest.fixture
def second_editor(db):
    return factories.EditorFactory(username="editor2")


@pytest.fixture
def checker_client(client, fact_checker):
    client.force_login(fact_checker)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
