"""Archived copies as web-archive tools read them: ``warcio check`` accepts the file, and
pywb, the usual replay tool, serving it on loopback, replays the cited address: its
redirects, then the page the server sent.

pywb pins redis 2.10.6, which cannot be installed beside the project's redis client, so
it has an environment of its own, ``.venv-replay`` (``make install-dev`` makes it)."""

import gzip
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from knox.models import AuthToken
from warcio.archiveiterator import ArchiveIterator

from bench.ports import free_port
from core.background import run_pending_tasks
from sources.models import Snapshot
from sources.services import save_source
from tests.conftest import require_program
from tests.sources.conftest import article

pytestmark = pytest.mark.django_db

BIN = Path(sys.executable).parent
PAGE = article("Twenty thousand bandits attacked Almaty, the ministry said.").encode()


@pytest.fixture
def archived(site, fact_checker, django_capture_on_commit_callbacks):
    """A source whose cited address redirects twice to a gzip-compressed page sent in
    chunks, archived."""
    site.redirect("/cited", "/moved", status=301)
    site.redirect("/moved", "/statement", status=302)
    site.page(
        "/statement",
        gzip.compress(PAGE),
        headers={"Content-Encoding": "gzip", "X-Served-By": "test"},
        chunked=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        source = save_source(by=fact_checker, title="Ministry statement", url=site.url("/cited"))
    assert run_pending_tasks() == 1
    return Snapshot.objects.get(source=source)


def download(client, fact_checker, snapshot, tmp_path) -> Path:
    _, token = AuthToken.objects.create(fact_checker)
    url = f"/sources/{snapshot.source_id}/archives/{snapshot.pk}/warc/"
    assert client.get(url, HTTP_AUTHORIZATION="Token not-a-token").status_code == 401
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    path = tmp_path / "copy.warc.gz"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def records(path: Path) -> list:
    with path.open("rb") as stream:
        return [
            (
                record.rec_type,
                record.rec_headers.get_header("WARC-Target-URI"),
                record.http_headers,
                record.raw_stream.read(),
            )
            for record in ArchiveIterator(stream)
        ]


def test_warcio_check_accepts_the_file(client, fact_checker, archived, tmp_path):
    path = download(client, fact_checker, archived, tmp_path)

    result = subprocess.run(
        [str(BIN / "warcio"), "check", "-v", str(path)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "digest pass" in result.stdout
    assert "fail" not in result.stdout


def test_the_file_holds_warcinfo_requests_and_every_hop_as_received(
    client, fact_checker, archived, site, tmp_path
):
    found = records(download(client, fact_checker, archived, tmp_path))

    assert found[0][0] == "warcinfo"
    exchanges = [(kind, uri) for kind, uri, _, _ in found[1:]]
    assert exchanges == [
        (kind, site.url(path))
        for path in ("/cited", "/moved", "/statement")
        for kind in ("response", "request")
    ]
    final = found[5]
    assert final[2].get_header("Content-Encoding") == "gzip"
    assert final[2].get_header("Transfer-Encoding") == "chunked"
    assert final[2].get_header("Content-Length") is None
    assert final[2].get_header("X-Served-By") == "test"
    assert final[3].endswith(b"\r\n0\r\n\r\n")
    assert gzip.decompress(dechunk(final[3])) == PAGE
    request = found[6][2]
    assert (request.protocol, request.statusline) == ("GET", "/statement HTTP/1.1")
    assert request.get_header("User-Agent")
    assert archived.sha256 and archived.size == len(PAGE)


def dechunk(framed: bytes) -> bytes:
    body = b""
    while True:
        size, _, rest = framed.partition(b"\r\n")
        length = int(size, 16)
        if not length:
            return body
        body, framed = body + rest[:length], rest[length + 2 :]


@pytest.fixture
def pywb(tmp_path):
    """pywb's ``wayback`` on loopback over an empty collection; the test adds the file."""
    replay_bin = Path(settings.BASE_DIR) / ".venv-replay" / "bin"
    manager = require_program(str(replay_bin / "wb-manager"), install="make install-dev")
    root = tmp_path / "replay"
    root.mkdir()
    subprocess.run([manager, "init", "sources"], cwd=root, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [str(replay_bin / "wayback"), "--bind", "127.0.0.1", "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def add(path: Path) -> str:
        subprocess.run([manager, "add", "sources", str(path)], cwd=root, check=True)
        return f"http://127.0.0.1:{port}/sources"

    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield add
    finally:
        server.terminate()
        server.wait(timeout=10)


def replay(collection: str, url: str, hops: int = 10) -> tuple[list[str], bytes]:
    """What pywb serves for ``url`` as recorded (its ``id_`` mode): the redirects it
    replays, followed inside the archive, and the page they lead to."""
    visited = []
    for _ in range(hops):
        visited.append(url)
        response = httpx.get(f"{collection}/id_/{url}", timeout=10)
        if response.status_code in {301, 302, 303, 307, 308}:
            url = str(httpx.URL(url).join(response.headers["Location"]))
            continue
        assert response.status_code == 200, response.text
        return visited, response.content
    raise AssertionError("Too many redirects in the archive.")


def test_pywb_replays_the_cited_address_as_it_was_received(
    client, fact_checker, archived, site, pywb, tmp_path
):
    collection = pywb(download(client, fact_checker, archived, tmp_path))

    visited, page = replay(collection, site.url("/cited"))

    assert visited == [site.url(path) for path in ("/cited", "/moved", "/statement")]
    assert page == PAGE
    assert replay(collection, site.url("/statement"))[1] == page
