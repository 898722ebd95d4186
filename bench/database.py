"""Point Django at a scratch benchmark database, created afresh and migrated."""

import os

import django


def setup_scratch_database(name: str = "factcheck_bench") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
