"""Where the database lives: the server DATABASE_URL names, or an embedded PostgreSQL.

The embedded server (the ``pgserver`` package) keeps its data in ``.pgdata/`` and is only
used in development, when DEBUG is on and no DATABASE_URL is set. It is left running
between commands so that ``make run`` and ``make test`` start quickly; ``make stop``
(``python -m core.database stop``) stops it.
"""

import os
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

EMBEDDED_DATABASE_NAME = "factcheck"


def _import_pgserver():
    """pgserver asks platformdirs for a runtime directory (for its start-up lock) when it
    is imported; without XDG_RUNTIME_DIR (a container, cron, ssh without a login session)
    platformdirs warns on every command and falls back to /tmp/runtime-<uid>, which is
    what we want: the warning is silenced here, where the import happens."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import pgserver
    return pgserver


def embedded_database(base_dir: Path) -> dict:
    pgserver = _import_pgserver()

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


def stop_embedded(base_dir: Path) -> str:
    """Stop the embedded server if it runs (as the user that owns its data, like pgserver)."""
    pg_ctl = _import_pgserver().pg_ctl

    pgdata = base_dir / ".pgdata"
    if not (pgdata / "postmaster.pid").exists():
        return "The embedded PostgreSQL is not running."
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return "Stopped the embedded PostgreSQL."


if __name__ == "__main__":
    if sys.argv[1:2] != ["stop"] or len(sys.argv) > 3:
        sys.exit("usage: python -m core.database stop [checkout directory]")
    checkout = Path(sys.argv[2]) if len(sys.argv) == 3 else Path(__file__).resolve().parent.parent
    print(stop_embedded(checkout))
