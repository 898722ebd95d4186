"""Faults of the machines around the app, injected under load: ``make chaos``.

Everything runs on 127.0.0.1 and is started here, in a temporary directory, and stopped
at the end: a PostgreSQL server (the machine's ``initdb`` and ``pg_ctl``) on a spare port,
a Redis server on a spare port, a small tmpfs for the media storage (or, where mounting
is not allowed, the storage faults are reported as skipped), a loopback server that
trickles its answers one byte a second, gunicorn with production settings and one worker
(``run_worker``). The load is ``make loadtest``'s mix (reads of the public pages and the
API, a fact-checker's versioned writes), plus media uploads.

Faults, one after the other, each for PHASE seconds under load (under a minute each):

- cache: the Redis server stopped, then started again;
- database: PostgreSQL stopped (fast shutdown: sessions cut), then started again;
- storage full: the tmpfs filled, then emptied; an archive made during it must be made
  once space is back;
- storage read-only: the tmpfs remounted read-only, then read-write;
- slow upstream: an archive of a page that trickles one byte a second must give up at
  the overall deadline (ARCHIVE_DEADLINE_SECONDS), not hold the worker.

For each: requests served, answers by status, 5xx that are not 503 (507 counts as a
storage fault's answer), acknowledged writes lost, and seconds from the fault's end to
recovery (the API answering, /healthz "ok", an upload stored). It exits non-zero on any
500 (or connection error), any lost write, or a recovery slower than 10 s.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadtest import Client, _request, _start, _verify
from bench.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("CHAOS_PG_BIN", "/usr/lib/postgresql/15/bin"))
MAX_RECOVERY = 10.0
DEADLINE = 4.0  # ARCHIVE_DEADLINE_SECONDS for the run
TMPFS_BYTES = 64 * 1024 * 1024
UPLOAD_BYTES = 16 * 1024


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self, directory: Path):
        self.data = directory / "pg"
        self.port = free_port()
        self.log = directory / "pg.log"

    def init(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} "
            "-c max_connections=100 -c shared_buffers=32MB"
        )
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                          "-o", options, "-w", "-t", "60", "start"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                          "-t", "60", "stop"]),
            check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/factcheck_chaos"


class Redis:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(50):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start.")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class Storage:
    """MEDIA_ROOT on a small tmpfs, so that it can really be filled and made read-only."""

    def __init__(self, directory: Path):
        self.root = directory / "media"
        self.root.mkdir()
        self.filler = self.root / "filler"
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(self.root)],
            capture_output=True,
        )
        self.mounted = result.returncode == 0

    def fill(self) -> None:
        with open(self.filler, "wb") as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()

    def empty(self) -> None:
        self.filler.unlink(missing_ok=True)

    def read_only(self, on: bool) -> None:
        option = "remount,ro" if on else "remount,rw"
        subprocess.run(["mount", "-o", option, str(self.root)], check=True)

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.root)], check=False)


class Trickler(threading.Thread):
    """A web server on 127.0.0.1 that sends its answer one byte a second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.5)
        self.port = self.listener.getsockname()[1]
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn):
        answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
        with contextlib.suppress(OSError), conn:
            conn.settimeout(5)
            conn.recv(65536)
            for byte in answer + b"x" * 100000:
                if self.stopping.is_set():
                    return
                conn.sendall(bytes([byte]))
                time.sleep(1)

    def stop(self):
        self.stopping.set()
        self.listener.close()


@dataclass
class Phase:
    name: str
    results: dict = field(
        default_factory=lambda: {"samples": [], "acknowledged": [], "gave_up": []}
    )
    uploads: list = field(default_factory=list)  # (status, media id or None, size)
    recovery: float | None = None
    note: str = ""
    skipped: str = ""


class Uploader(threading.Thread):
    """A fact-checker attaching small files to a source, one every 0.3 s."""

    def __init__(self, port, token, source_id, deadline, phase):
        super().__init__(daemon=True)
        self.port, self.token, self.source_id = port, token, source_id
        self.deadline, self.phase = deadline, phase

    def run(self):
        while time.monotonic() < self.deadline:
            status, media_id, size = upload(self.port, self.token, self.source_id)
            self.phase.uploads.append((status, media_id, size))
            self.phase.results["samples"].append(("upload", status, 0.0))
            time.sleep(0.3)


def upload(port, token, source_id) -> tuple:
    content = b"%PDF-1.7\n" + secrets.token_bytes(UPLOAD_BYTES)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="chaos.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Authorization": f"Token {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    try:
        status, _, answer = _request(
            port, "POST", f"/api/v1/sources/{source_id}/media/", headers, body
        )
    except OSError as error:
        return f"connection error ({type(error).__name__})", None, len(content)
    media_id = json.loads(answer)["id"] if status == 201 else None
    return status, media_id, len(content)


def _prepare(database_url: str) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, connections
    from knox.models import AuthToken

    from claims.demo_data import DemoSize, generate
    from claims.models import Claim
    from claims.roles import FACT_CHECKERS
    from sources.models import Source

    with connection._nodb_cursor() as cursor:
        cursor.execute('CREATE DATABASE "factcheck_chaos"')
    call_command("migrate", verbosity=0)
    call_command("load_seeds", stdout=StringIO())
    generate(size=DemoSize(claims=300, sources=1000))
    # The demo's dead links (127.0.0.1:9) would keep the one worker busy with link checks;
    # the run watches the archives it queues itself.
    Source.objects.filter(url__startswith="http://127.0.0.1:9/").update(url="")
    checker = get_user_model().objects.create_user("chaos-checker", is_staff=True)
    checker.groups.add(Group.objects.get(name=FACT_CHECKERS))
    published = list(Claim.objects.published().values_list("pk", flat=True)[:200])
    data = {
        "published": published,
        "contended": published[:20],
        "tokens": [AuthToken.objects.create(checker)[1] for _ in range(4)],
        "source": Source.objects.order_by("pk").values_list("pk", flat=True).first(),
    }
    connections.close_all()
    return data


def _environment(database_url, redis, storage, port) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL"}}
    environment.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        CACHE_URL=f"rediscache://127.0.0.1:{redis.port}/0",
        MEDIA_ROOT=str(storage.root),
        ALLOWED_HOSTS="127.0.0.1",
        FACTCHECK_SITE_URL=f"http://127.0.0.1:{port}",
        FACTCHECK_PUBLISHER_URL=f"http://127.0.0.1:{port}/methodology/",
        SECURE_SSL_REDIRECT="0",
        API_THROTTLE_ANON="1000000/minute",
        API_THROTTLE_USER="1000000/minute",
        SEARCH_THROTTLE="1000000/minute",
        CONN_MAX_AGE="60",
        LOG_LEVEL="ERROR",
        ARCHIVE_ALLOW_PRIVATE_NETWORKS="1",
        ARCHIVE_DEADLINE_SECONDS=str(DEADLINE),
        ARCHIVE_READ_TIMEOUT="2",
        BACKGROUND_RETRY_BASE_SECONDS="1",
        WORKER_LEASE_SECONDS="15",
    )
    return environment


def _recovered(port, token, source_id, *, upload_needed=False) -> bool:
    try:
        api = _request(port, "GET", "/api/v1/claims/?page_size=1")[0]
        status, _, body = _request(port, "GET", "/healthz")
    except OSError:
        return False
    if api != 200 or status != 200 or json.loads(body).get("status") != "ok":
        return False
    return not upload_needed or upload(port, token, source_id)[0] == 201


def _measure_recovery(port, token, source_id, *, upload_needed=False) -> float:
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if _recovered(port, token, source_id, upload_needed=upload_needed):
            return time.monotonic() - started
        time.sleep(0.2)
    return float("inf")


def _archive(url: str) -> int:
    """Add a source with ``url`` as a fact-checker does (the archive task is queued)."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from sources.services import save_source

    connections.close_all()
    checker = get_user_model().objects.get(username="chaos-checker")
    source = save_source(by=checker, title=f"Chaos {uuid.uuid4().hex[:8]}", url=url)
    return source.pk


def _link_state(source_id: int):
    from django.db import connections

    from sources.models import LinkState, Snapshot

    connections.close_all()
    state = LinkState.objects.filter(source_id=source_id).first()
    return state, Snapshot.objects.filter(source_id=source_id).count()


def run(*, short: bool = False, clients: int = 8) -> None:
    phase_seconds = 8 if short else 20
    fault_seconds = 4 if short else 10
    directory = Path(tempfile.mkdtemp(prefix="factcheck-chaos-"))
    os.chmod(directory, 0o755)
    postgres, redis, storage = Postgres(directory), Redis(directory), Storage(directory)
    trickler = Trickler()
    server = worker = None
    phases: list[Phase] = []
    try:
        postgres.init()
        postgres.start()
        redis.start()
        trickler.start()
        data = _prepare(postgres.url)
        port = free_port()
        environment = _environment(postgres.url, redis, storage, port)
        server = _start(environment, port, 2)
        worker_log = open(directory / "worker.log", "wb")  # noqa: SIM115 (closed with the run)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.5"],
            cwd=ROOT, env={**environment, "LOG_LEVEL": "WARNING"},
            stdout=worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        token = data["tokens"][0]

        def under_load(phase: Phase, inject, clear, *, upload_needed=False):
            deadline = time.monotonic() + phase_seconds
            first = 1000 * len(phases)  # each phase's writes carry their own summaries
            threads = [
                Client(first + n, port, data, deadline, phase.results) for n in range(clients)
            ]
            threads.append(Uploader(port, token, data["source"], deadline, phase))
            for thread in threads:
                thread.start()
            time.sleep((phase_seconds - fault_seconds) / 2)
            inject()
            time.sleep(fault_seconds)
            clear()
            phase.recovery = _measure_recovery(
                port, token, data["source"], upload_needed=upload_needed
            )
            for thread in threads:
                thread.join(phase_seconds + 120)

        phases.append(Phase("none (baseline)"))
        under_load(phases[-1], lambda: None, lambda: None)

        phases.append(Phase("cache down"))
        under_load(phases[-1], redis.stop, redis.start)

        phases.append(Phase("database restart"))
        under_load(phases[-1], postgres.stop, postgres.start)

        phases.append(Phase("storage full"))
        if storage.mounted:
            archived = {}

            def fill():
                storage.fill()
                archived["source"] = _archive(f"http://127.0.0.1:{port}/methodology/")

            under_load(phases[-1], fill, storage.empty, upload_needed=True)
            phases[-1].note = _archive_outcome(archived["source"], wait=40)
        else:
            phases[-1].skipped = "mounting a tmpfs is not allowed here"

        phases.append(Phase("storage read-only"))
        if storage.mounted:
            under_load(
                phases[-1],
                lambda: storage.read_only(True),
                lambda: storage.read_only(False),
                upload_needed=True,
            )
        else:
            phases[-1].skipped = "mounting a tmpfs is not allowed here"

        phases.append(Phase("slow upstream"))
        slow = {}

        def trickle():
            slow["source"] = _archive(f"http://127.0.0.1:{trickler.port}/slow")
            slow["queued"] = time.monotonic()

        under_load(phases[-1], trickle, lambda: None)
        phases[-1].note = _slow_outcome(slow)
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.wait(30)
            if worker.poll() is None:
                worker.kill()
        if server is not None:
            server.terminate()
            server.wait(30)
        lost_by_phase = {}
        with contextlib.suppress(Exception):
            for phase in phases:
                lost_by_phase[phase.name] = _lost(phase, storage.root)
            # Each claim holds the last write acknowledged for it, whichever phase made it.
            everything = [w for phase in phases for w in phase.results["acknowledged"]]
            lost_by_phase["(all faults)"] = _verify(everything)
        trickler.stop()
        redis.stop()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        postgres.stop("fast")
        storage.unmount()
        worker_tail = ""
        with contextlib.suppress(OSError):
            worker_tail = (directory / "worker.log").read_text(errors="replace")[-3000:]
        shutil.rmtree(directory, ignore_errors=True)
    code = _report(phases, lost_by_phase, short=short, clients=clients)
    if code:
        print("\nThe worker's log, its end:\n" + worker_tail)
    sys.exit(code)


def _archive_outcome(source_id: int, wait: float) -> str:
    started = time.monotonic()
    while time.monotonic() - started < wait:
        state, copies = _link_state(source_id)
        if copies:
            return f"archive made {time.monotonic() - started:.0f} s after space came back"
        time.sleep(0.5)
    state, _ = _link_state(source_id)
    reason = state.reason if state else "no link state"
    return f"FAILED: archive not made after space came back ({reason})"


def _slow_outcome(slow: dict) -> str:
    for _ in range(60):
        state, _ = _link_state(slow["source"])
        if state is not None and state.checked_at is not None:
            held = time.monotonic() - slow["queued"]
            verdict = "cut" if "took too long" in state.reason or "in time" in state.reason else "?"
            return f"trickling fetch {verdict} at the {DEADLINE:g} s deadline (worker free {held:.0f} s after queueing)"
        time.sleep(0.5)
    return "FAILED: the trickling fetch was not cut at the deadline"


def _lost(phase: Phase, media_root: Path) -> list[str]:
    """Acknowledged claim writes missing from the database, and acknowledged uploads
    without their row or their whole file."""
    from django.apps import apps
    from django.db import connections

    from sources.models import MediaFile

    connections.close_all()
    history = apps.get_model("claims", "ClaimHistory")
    acknowledged = phase.results["acknowledged"]
    recorded = set(
        history.objects.filter(pgh_obj_id__in={claim for claim, _, _ in acknowledged}).values_list(
            "pgh_obj_id", "summary"
        )
    )
    problems = [
        f"claim {claim}: acknowledged “{summary}” is not in its history"
        for claim, summary, _ in acknowledged
        if (claim, summary) not in recorded
    ]
    ids = [media_id for status, media_id, _ in phase.uploads if status == 201]
    stored = {
        pk: (size, name)
        for pk, size, name in MediaFile.objects.filter(pk__in=ids).values_list(
            "pk", "size", "original"
        )
    }
    for status, media_id, size in phase.uploads:
        if status != 201:
            continue
        if media_id not in stored:
            problems.append(f"upload {media_id}: acknowledged, no row")
            continue
        path = media_root / stored[media_id][1]
        if stored[media_id][0] != size or not path.exists() or path.stat().st_size != size:
            problems.append(f"upload {media_id}: acknowledged, its file missing or cut")
    return problems


def _report(phases, lost_by_phase, *, short: bool, clients: int) -> int:
    failed = False
    print(
        f"\nmake chaos{' (short)' if short else ''}: {clients} clients + 1 uploader per fault, "
        f"gunicorn 2 workers x 4 threads, 1 worker, on {os.cpu_count()} CPUs"
    )
    header = f"{'fault':<20} {'requests':>8}  {'answers by status':<44} {'5xx≠503':>7} {'lost':>4} {'recovery':>9}"
    print(header)
    print("-" * len(header))
    for phase in phases:
        if phase.skipped:
            print(f"{phase.name:<20} skipped: {phase.skipped}")
            continue
        statuses = Counter(status for _, status, _ in phase.results["samples"])
        bad = sum(
            n
            for status, n in statuses.items()
            if not isinstance(status, int) or (status >= 500 and status not in (503, 507))
        )
        lost = lost_by_phase.get(phase.name)
        answers = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=str))
        recovery = f"{phase.recovery:.1f} s" if phase.recovery is not None else "-"
        print(
            f"{phase.name:<20} {sum(statuses.values()):>8}  {answers:<44} {bad:>7} "
            f"{'?' if lost is None else len(lost):>4} {recovery:>9}"
        )
        if phase.note:
            print(f"{'':<20} {phase.note}")
        for problem in (lost or [])[:10]:
            print(f"{'':<20} lost: {problem}")
        if bad or lost is None or lost or (phase.recovery or 0) > MAX_RECOVERY:
            failed = True
        if phase.note.startswith("FAILED"):
            failed = True
    final = lost_by_phase.get("(all faults)")
    print(
        f"claims holding their last acknowledged write: {'?' if final is None else 'all' if not final else final[:5]}"
    )
    if final is None or final:
        failed = True
    print("chaos:", "FAILED" if failed else "passed")
    return 1 if failed else 0
