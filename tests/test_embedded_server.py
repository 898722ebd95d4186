"""The embedded development PostgreSQL: backed up like any other, and stopped by
`make stop` (`python -m core.database stop`)."""

import subprocess
import sys
from pathlib import Path

import pytest

from core.backup import dump
from core.database import embedded_database, stop_embedded

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def embedded(tmp_path_factory):
    base = tmp_path_factory.mktemp("checkout")
    base.chmod(0o755)
    settings = embedded_database(base)
    yield base, settings
    stop_embedded(base)


def test_the_embedded_server_is_backed_up_and_stopped(embedded, tmp_path):
    base, settings = embedded
    assert (base / ".pgdata" / "postmaster.pid").exists()

    dump(tmp_path / "embedded.dump", database=settings)
    stopped = stop_embedded(base)

    assert (tmp_path / "embedded.dump").read_bytes().startswith(b"PGDMP")
    assert stopped == "Stopped the embedded PostgreSQL."
    assert not (base / ".pgdata" / "postmaster.pid").exists()
    assert stop_embedded(base) == "The embedded PostgreSQL is not running."


def test_make_stop_says_when_nothing_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "core.database", "stop", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "The embedded PostgreSQL is not running."
