"""Archived copies as web-archive tools read them: ``warcio check`` accepts the file, and
a replay of the cited address (the index warcio builds, the redirect followed, the body
decoded as its headers say) gives back the page the server sent.

pywb (the usual replay tool) pins redis 2.10.6, which cannot be installed beside the
project's redis client, so the replay here is done with warcio's own index and reader."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from knox.models import AuthToken
from warcio.archiveiterator import ArchiveIterator

from core.background import run_pending_tasks
from sources.models import Snapshot
from sources.services import save_source
from tests.sources.conftest import article

pytestmark = pytest.mark.django_db

BIN = Path(sys.executable).parent
PAGE = article("Twenty thousand bandits attacked Almaty, the ministry said.").encode()


@pytest.fixture
def archived(site, fact_checker, django_capture_on_commit_callbacks):
    """A source whose cited address redirects twice to a gzip-compressed page, archived."""
    site.redirect("/cited", "/moved", status=301)
    site.redirect("/moved", "/statement", status=302)
    site.page(
        "/statement",
        gzip.compress(PAGE),
        headers={"Content-Encoding": "gzip", "X-Served-By": "test"},
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
    assert final[2].get_header("X-Served-By") == "test"
    assert gzip.decompress(final[3]) == PAGE
    request = found[6][2]
    assert (request.protocol, request.statusline) == ("GET", "/statement HTTP/1.1")
    assert request.get_header("User-Agent")
    assert archived.sha256 and archived.size == len(PAGE)


def replay(path: Path, url: str, hops: int = 10) -> bytes:
    """What a replay tool serves for ``url``: the index's response record for it, its
    redirects followed inside the archive, the body decoded as its headers say."""
    index = subprocess.run(
        [str(BIN / "warcio"), "index", "-f", "warc-type,warc-target-uri,offset", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    offsets = {}
    for line in index.splitlines():
        entry = json.loads(line)
        if entry["warc-type"] == "response":
            offsets.setdefault(entry["warc-target-uri"], int(entry["offset"]))
    for _ in range(hops):
        with path.open("rb") as stream:
            stream.seek(offsets[url])
            record = next(iter(ArchiveIterator(stream)))
            status = int(record.http_headers.get_statuscode())
            if status in {301, 302, 303, 307, 308}:
                url = record.http_headers.get_header("Location")
                url = url if "://" in url else url_root(offsets, url)
                continue
            return record.content_stream().read()
    raise AssertionError("Too many redirects in the archive.")


def url_root(offsets, location):
    root = next(iter(offsets)).split("/", 3)
    return "/".join(root[:3]) + location


def test_a_replay_of_the_cited_address_gives_the_page(
    client, fact_checker, archived, site, tmp_path
):
    path = download(client, fact_checker, archived, tmp_path)

    assert replay(path, site.url("/cited")) == PAGE
    assert replay(path, site.url("/statement")) == PAGE
