"""Where the database lives: the server DATABASE_URL names, or an embedded PostgreSQL.

The embedded server (the ``pgserver`` package) keeps its data in ``.pgdata/`` and is only
used in development, when DEBUG is on and no DATABASE_URL is set. It is left running
between commands so that ``make run`` and ``make test`` start quickly.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

EMBEDDED_DATABASE_NAME = "factcheck"


def embedded_database(base_dir: Path) -> dict:
    import pgserver

    server = pgserver.get_server(base_dir / ".pgdata", cleanup_mode=None)
    found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DATABASE_NAME}';")
    if "(1 row)" not in found:
        server.psql(f"CREATE DATABASE {EMBEDDED_DATABASE_NAME};")
    socket_dir = parse_qs(urlsplit(server.get_uri(EMBEDDED_DATABASE_NAME)).query)["host"][0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }
