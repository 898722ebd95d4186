"""The benchmark's database: created, migrated and filled with demo data once, then
reused while it holds the number of claims asked for."""

import os

import django

# BENCH_DATABASE names another (prefixed factcheck_bench, say) where several people share
# one server.
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "factcheck_bench")


def setup_scratch_database(name: str = f"{BENCH_DATABASE}_scratch") -> None:
    """Point Django at a database created afresh and migrated (for ``bench reassess``)."""
    _setup()
    from django.core.management import call_command

    _recreate(name)
    call_command("migrate", verbosity=0)


def bench_database(claims: int, name: str = BENCH_DATABASE) -> bool:
    """Point Django at ``name`` holding ``claims`` demo claims, generating them unless they
    are there. Returns whether it generated."""
    _setup()
    from django.core.management import call_command
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if exists:
        _use(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('claims_claim') IS NOT NULL")
            (migrated,) = cursor.fetchone()
            if migrated:
                cursor.execute("SELECT count(*) FROM claims_claim")
                if cursor.fetchone()[0] == claims:
                    call_command("migrate", verbosity=0)
                    call_command("generate_demo_figures")  # nothing when they are there
                    cursor.execute("VACUUM ANALYZE")  # cheap when nothing changed
                    return False
    _recreate(name)
    call_command("migrate", verbosity=0)
    call_command("generate_demo_data", claims=claims)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return True


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def _recreate(name: str) -> None:
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    _use(name)


def _use(name: str) -> None:
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
