import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from claims.roles import EDITORS
from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests that commit (browser, races) empty every table when they finish, the role
    groups included, which a reused test database then lacks: bring them back through
    the migrations that create them."""
    with django_db_blocker.unblock():
        restore_role_groups()


def restore_role_groups():
    if not Group.objects.filter(name=EDITORS).exists():
        call_command("migrate", "claims", "0002", verbosity=0)
        call_command("migrate", verbosity=0)


@pytest.fixture
def role_groups(transactional_db):
    """For a test that commits: an earlier one may have emptied the tables, the role
    groups included."""
    restore_role_groups()


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttles count requests in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


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
