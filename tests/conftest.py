from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.dispatch import receiver
from django.test import override_settings
from django.urls import clear_url_caches

from claims.roles import EDITORS
from core.throttles import throttle_cache
from tests import factories


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Tests sign in and create users by the hundred: a password hash that costs nothing
    (deliberately slow hashing is a production concern, not a behaviour under test)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@receiver(setting_changed)
def forget_language_prefixes(*, setting, **kwargs):
    """The URL resolver keeps the pages' language prefixes per language (/ru/, none for the
    default): a test that changes the default language must not leave them behind."""
    if setting in ("LANGUAGE_CODE", "LANGUAGES"):
        clear_url_caches()


# The migrations that create the newsroom's roles and give them their permissions.
ROLE_MIGRATIONS = [
    ("claims", "0003_roles"),
    ("claims", "0004_editors_read_audit_trail"),
    ("claims", "0011_archive_and_media_roles"),
    ("intake", "0002_roles_and_vector_index"),
    ("webhooks", "0002_editors_manage_webhooks"),
    ("claims", "0019_unpublished_and_merge_roles"),
    ("desk", "0002_roles_comment"),
    ("figures", "0002_figures_roles"),
]
ROLE_STEPS = {"create_roles", "grant"}


def restore_roles():
    """Tests that commit (browser, races) empty every table when they finish, the role
    groups included: bring them back by running the migrations' own role steps again, on
    the models as those migrations knew them. Content types may come back with other
    ids, so the process forgets the ones it cached."""
    ContentType.objects.clear_cache()
    if Group.objects.filter(name=EDITORS).exists():
        return
    loader = MigrationLoader(connection)
    with connection.schema_editor() as schema_editor:
        for key in ROLE_MIGRATIONS:
            state = loader.project_state(key, at_end=True)
            for operation in loader.get_migration(*key).operations:
                if isinstance(operation, RunPython) and operation.code.__name__ in ROLE_STEPS:
                    operation.code(state.apps, schema_editor)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        restore_roles()


@pytest.fixture(autouse=True)
def roles_for_committing_tests(request):
    """A test that commits starts with the newsroom's roles, whatever ran before it."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        # Without it, the flush after the test recreates content types under new ids and
        # the next serialized test's rows collide with them.
        assert marker.kwargs.get("serialized_rollback"), (
            f"{request.node.nodeid} commits: mark it serialized_rollback=True as well"
        )
        request.getfixturevalue("transactional_db")
        restore_roles()


@pytest.fixture
def role_groups(transactional_db):
    """Asked for by name where a committing test needs the roles before its own fixtures."""
    restore_roles()


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttles count requests in the cache; each test starts from zero."""
    cache.clear()
    throttle_cache.local.clear()
    throttle_cache.down_until = 0.0
    yield
    cache.clear()
    throttle_cache.local.clear()


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


@contextmanager
def rows_for_the_module(django_db_blocker):
    """Rows that a module's tests only read, built once: written in a transaction that
    every test of the module runs inside, rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def require_program(path: str, *, install: str) -> str:
    """The path of a program a test runs (Varnish, PostgreSQL's server binaries): without
    it the test is skipped with what to install, and fails under CI (CI=true)."""
    import os
    import shutil

    found = shutil.which(path)
    if found:
        return found
    message = f"No {path} on this machine: install it ({install})."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
