"""Read replicas against a real streaming replica: a primary and a replica made with the
machine's PostgreSQL binaries (initdb, pg_basebackup -R) on loopback ports in a temporary
directory; the app runs in a process of its own configured with both."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import require_program

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
ROOT = Path(__file__).resolve().parents[2]
INSTALL = "apt-get install postgresql (its server binaries in /usr/lib/postgresql/15/bin)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres() -> list[str]:
    """PostgreSQL's server refuses to run as root: run it as the postgres user then."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def run(*command, **kwargs):
    return subprocess.run(
        [*as_postgres(), *map(str, command)], check=True, capture_output=True, text=True, **kwargs
    )


def server_conf(directory: Path, port: int, sockets: Path) -> None:
    with (directory / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{sockets}'\nfsync = off\n"
            "synchronous_commit = off\nfull_page_writes = off\nwal_level = replica\n"
            "max_wal_senders = 4\nhot_standby = on\nshared_buffers = 32MB\n"
        )


@pytest.fixture(scope="module")
def primary_and_replica():
    for program in ("initdb", "pg_ctl", "pg_basebackup"):
        require_program(str(PG_BIN / program), install=INSTALL)
    base = Path(tempfile.mkdtemp(prefix="replicas-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary, replica = base / "primary", base / "replica"
    primary_port, replica_port = free_port(), free_port()
    started = []
    try:
        run(PG_BIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust", "--no-sync")
        server_conf(primary, primary_port, base)
        run(PG_BIN / "pg_ctl", "-D", primary, "-l", base / "primary.log", "-w", "start")
        started.append(primary)
        primary_url = f"postgres://postgres@127.0.0.1:{primary_port}/postgres"
        env = {**os.environ, "DATABASE_URL": primary_url, "DEBUG": "1"}
        env.pop("DATABASE_REPLICA_URLS", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        run(
            PG_BIN / "pg_basebackup",
            *("-h", "127.0.0.1", "-p", primary_port, "-U", "postgres"),
            *("-D", replica, "-R", "-X", "stream", "--no-sync"),
        )
        with (replica / "postgresql.conf").open("a") as conf:
            conf.write(f"\nport = {replica_port}\n")
        run(PG_BIN / "pg_ctl", "-D", replica, "-l", base / "replica.log", "-w", "start")
        started.append(replica)
        yield primary_url, f"postgres://postgres@127.0.0.1:{replica_port}/postgres"
    finally:
        for directory in reversed(started):
            run(PG_BIN / "pg_ctl", "-D", directory, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def probe(primary_and_replica) -> dict:
    primary_url, replica_url = primary_and_replica
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": primary_url,
        "DATABASE_REPLICA_URLS": replica_url,
        "REPLICA_MAX_LAG_SECONDS": "1",
        "REPLICA_LAG_CHECK_SECONDS": "0.2",
    }
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("replica_probe.py"))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULTS ")), None)
    assert line, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(line.removeprefix("RESULTS "))


def test_anonymous_reads_go_to_the_replica(probe):
    assert probe["replicated"]
    assert probe["anonymous_read"] == "replica"
    assert probe["anonymous_sees_first"]


def test_staff_read_from_the_primary(probe):
    assert probe["staff_read"] == "primary"


def test_a_client_that_wrote_reads_its_write_from_the_primary(probe):
    assert probe["write_status"] == 302, probe["write_answer"]
    assert probe["sticky_cookie"]
    assert probe["writer_read"] == "primary"
    assert probe["writer_sees_second"]


def test_a_lagging_replica_is_skipped_until_it_catches_up(probe):
    assert probe["read_while_lagging"] == "primary"
    assert probe["lagging_read_sees_second"]
    assert probe["health_while_lagging"]["replica_0"]["status"] == "lagging"
    assert probe["caught_up"]
    assert probe["read_after_catching_up"] == "replica"
    assert probe["caught_up_read_sees_second"]
