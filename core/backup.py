"""Backups of the whole database in PostgreSQL's custom format (pg_dump -Fc), and their
restore (pg_restore) into an empty database.

The client programs are the ones the ``pgserver`` package ships (PostgreSQL 16, installed
with the project's requirements), so backups work on any machine the project runs on, for
the embedded development server and for the server DATABASE_URL names (version 16 or
older) alike. A dump holds everything, password hashes and API token digests included.
"""

import os
import subprocess
from pathlib import Path

import psycopg
from django.db import connections

EXCLUDED = ("django_session",)  # signed-in sessions are not worth keeping


class BackupError(Exception):
    pass


def client_program(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def connection_arguments(database: dict) -> tuple[list[str], dict]:
    """pg_dump/pg_restore arguments and environment for a Django database setting."""
    arguments = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        arguments += ["--host", database["HOST"]]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return arguments, environment


def dump(path: Path, *, database: dict | None = None) -> None:
    database = database or connections["default"].settings_dict
    arguments, environment = connection_arguments(database)
    excluded = [f"--exclude-table-data={table}" for table in EXCLUDED]
    _run(
        [client_program("pg_dump"), "--format=custom", "--no-owner", *excluded,
         "--file", str(path), *arguments],
        environment,
    )  # fmt: skip


def restore(path: Path, *, database: dict | None = None) -> None:
    """Restore ``path`` into the database, which must be empty."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    database = database or connections["default"].settings_dict
    if _has_tables(database):
        raise BackupError(
            f"The database “{database['NAME']}” already has tables: restore into an empty "
            "database (create a new one and point DATABASE_URL at it)."
        )
    arguments, environment = connection_arguments(database)
    _run(
        [client_program("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
         *arguments, str(path)],
        environment,
    )  # fmt: skip


def _has_tables(database: dict) -> bool:
    arguments = {
        key: value
        for key, value in {
            "dbname": database["NAME"],
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
        }.items()
        if value
    }
    with psycopg.connect(**arguments) as connection:
        return connection.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public')"
        ).fetchone()[0]


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{Path(command[0]).name} failed.")
