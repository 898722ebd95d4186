"""Read replicas against a real streaming replica: a primary and a replica made with the
machine's PostgreSQL binaries (initdb, pg_basebackup -R) on loopback ports in a temporary
directory; the app runs in a process of its own configured with both."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import pgcluster
from tests.conftest import require_program

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "apt-get install postgresql: its server binaries, in /usr/lib/postgresql/15/bin"


@pytest.fixture(scope="module")
def primary_and_replica():
    for program in pgcluster.missing_programs():
        require_program(program, install=INSTALL)
    with pgcluster.primary_with_replica() as (_, primary_port, make_replica):
        env = {**os.environ, "DATABASE_URL": pgcluster.url(primary_port), "DEBUG": "1"}
        env.pop("DATABASE_REPLICA_URLS", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        yield pgcluster.url(primary_port), pgcluster.url(make_replica())


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
    assert probe["replicated"], (probe["first_on_replica"], probe["replica_states"])
    assert probe["anonymous_read"] == "replica", probe["anonymous_read_on_primary"]
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
