"""PostgreSQL servers of our own on loopback ports, made with the machine's server
binaries (``initdb``, ``pg_ctl``, ``pg_basebackup``): a primary and its streaming replica
for the replica test and ``make loadtest ARGS=--replica``. Data lives in a temporary
directory and is thrown away; the servers run as the ``postgres`` user when we are root
(PostgreSQL refuses to run as root)."""

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.ports import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup")
SETTINGS = (
    "listen_addresses = '127.0.0.1'\nfsync = off\nsynchronous_commit = off\n"
    "full_page_writes = off\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
    "shared_buffers = 64MB\nmax_connections = 200\n"
)


def missing_programs() -> list[str]:
    return [str(PG_BIN / p) for p in PROGRAMS if not os.access(PG_BIN / p, os.X_OK)]


def _as_server_user() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(*command) -> None:
    subprocess.run(
        [*_as_server_user(), *map(str, command)], check=True, capture_output=True, text=True
    )


def _configure(directory: Path, port: int, sockets: Path) -> None:
    with (directory / "postgresql.conf").open("a") as conf:
        conf.write(f"\nport = {port}\nunix_socket_directories = '{sockets}'\n{SETTINGS}")


def _start(directory: Path, log: Path) -> None:
    _run(PG_BIN / "pg_ctl", "-D", directory, "-l", log, "-w", "start")


def url(port: int, database: str = "postgres") -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


@contextmanager
def primary_with_replica():
    """Yield ``(base directory, primary port, make_replica)``: the primary runs at once;
    ``make_replica()`` takes a base backup of it as it is then, starts the replica
    streaming from it and returns the replica's port."""
    base = Path(tempfile.mkdtemp(prefix="pgcluster-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary, replica = base / "primary", base / "replica"
    running: list[Path] = []
    try:
        primary_port = free_port()
        _run(PG_BIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust", "--no-sync")
        _configure(primary, primary_port, base)
        _start(primary, base / "primary.log")
        running.append(primary)

        def make_replica() -> int:
            port = free_port()
            _run(
                PG_BIN / "pg_basebackup",
                *("-h", "127.0.0.1", "-p", primary_port, "-U", "postgres"),
                *("-D", replica, "-R", "-X", "stream", "--no-sync"),
            )
            with (replica / "postgresql.conf").open("a") as conf:
                conf.write(f"\nport = {port}\n")
            _start(replica, base / "replica.log")
            running.append(replica)
            return port

        yield base, primary_port, make_replica
    finally:
        for directory in reversed(running):
            _run(PG_BIN / "pg_ctl", "-D", directory, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)
