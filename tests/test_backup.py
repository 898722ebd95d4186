"""Backup and restore: a dump restored into an empty database gives back the claims,
evidence, verdicts and their history, and the database's rules with them."""

from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.models import Claim, Evidence, Verdict
from core.backup import restore
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TABLES = {
    "claims": Claim._meta.db_table,
    "evidence": Evidence._meta.db_table,
    "verdicts": Verdict._meta.db_table,
    "claim history": "claims_claimhistory",
    "verdict history": "claims_verdicthistory",
}


def connect(name: str):
    settings = connection.settings_dict
    arguments = {
        "dbname": name,
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "autocommit": True,
    }
    return psycopg.connect(**{key: value for key, value in arguments.items() if value})


def counts(database) -> dict:
    return {
        label: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for label, table in TABLES.items()
    }


@pytest.fixture
def empty_database():
    """A scratch database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with connect(connection.settings_dict["NAME"]) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect(connection.settings_dict["NAME"]) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_gives_everything_back(
    tmp_path, empty_database, role_groups
):
    editor = factories.EditorFactory(username="editor")
    fact_checker = factories.FactCheckerFactory(username="checker")
    claim = factories.corrected_claim(author=fact_checker, publisher=editor)
    factories.EvidenceFactory(claim=claim, excerpt="The ministry's own count.")
    with connect(connection.settings_dict["NAME"]) as original:
        before = counts(original)
    path = tmp_path / "factcheck.dump"

    call_command("backup", str(path), stdout=StringIO())
    # `manage.py restore` restores into the configured database; here, into the scratch one.
    restore(path, database={**connection.settings_dict, "NAME": empty_database})

    with connect(empty_database) as restored:
        assert counts(restored) == before
        assert before["verdicts"] == 2 and before["claim history"] > 0
        excerpt = restored.execute(
            f'SELECT excerpt FROM "{TABLES["evidence"]}" WHERE excerpt LIKE %s',
            ["The ministry%"],
        ).fetchone()
        assert excerpt == ("The ministry's own count.",)
        published = restored.execute(
            f"SELECT id FROM \"{TABLES['verdicts']}\" WHERE status = 'published' LIMIT 1"
        ).fetchone()[0]
        with pytest.raises(psycopg.errors.RaiseException):
            restored.execute(
                f"UPDATE \"{TABLES['verdicts']}\" SET rationale = 'edited' WHERE id = %s",
                [published],
            )
    assert oct(Path(path).stat().st_mode & 0o777) == "0o600"


def test_restore_refuses_a_database_that_already_has_tables(tmp_path):
    path = tmp_path / "factcheck.dump"
    call_command("backup", str(path), stdout=StringIO())

    with pytest.raises(CommandError, match="restore into an empty database"):
        call_command("restore", str(path), stdout=StringIO())
