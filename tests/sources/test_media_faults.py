"""Media uploads under their own limit, streamed to disk, with images' sizes checked before
decoding and their copies made by the worker; storage full or read-only refuses cleanly;
an archive that cannot be stored is tried again later."""

import errno
import io
import os
import struct
import time
import zlib
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from core.background import run_pending_tasks
from sources import media
from sources.models import MediaFile, Snapshot
from sources.services import save_source
from tests import factories
from tests.sources.conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return factories.SourceFactory(title="Televised confession")


def post(client, source, content: bytes, name="file.bin"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"/api/v1/sources/{source.pk}/media/", {"file": SimpleUploadedFile(name, content)}
        )


def files_under(root) -> list[str]:
    return [os.path.join(d, f) for d, _, names in os.walk(root) for f in names]


def declared_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width``×``height`` pixels."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def test_a_5_mb_upload_passes_the_general_body_limit_and_is_streamed_to_disk(
    checker_client, source, settings, monkeypatch
):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    seen = []
    attach = media.attach_media

    def spy(**kwargs):
        seen.append(type(kwargs["upload"]))
        return attach(**kwargs)

    monkeypatch.setattr("sources.api.viewsets.attach_media", spy)
    content = b"%PDF-1.7\n" + os.urandom(5 * 1024 * 1024)

    answer = post(checker_client, source, content, "report.pdf")

    assert answer.status_code == 201, answer.content
    assert answer.json()["size"] == len(content)
    assert seen == [TemporaryUploadedFile]  # on disk, not in memory


def test_an_upload_over_the_media_limit_is_refused_before_it_is_read(
    checker_client, source, settings
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    answer = post(checker_client, source, b"x" * (4 * 1024 * 1024))

    assert answer.status_code == 413
    assert "larger than" in answer.json()["detail"]
    assert MediaFile.objects.count() == 0


def test_other_requests_keep_the_general_body_limit(checker_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    answer = checker_client.post(
        "/api/v1/claims/", data=b"{" + b" " * 2000 + b"}", content_type="application/json"
    )
    assert answer.status_code == 413


def test_an_image_declaring_too_many_pixels_is_refused_before_decoding(checker_client, source):
    bomb = declared_png(12000, 12000)
    assert len(bomb) < 200

    started = time.monotonic()
    answer = post(checker_client, source, bomb, "tiny.png")

    assert time.monotonic() - started < 1.0
    assert answer.status_code == 400
    assert "12000×12000" in answer.json()["file"][0]
    assert MediaFile.objects.count() == 0


def test_thumbnails_are_made_by_the_worker_not_the_request(checker_client, source):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "navy").save(buffer, "JPEG")

    answer = post(checker_client, source, buffer.getvalue(), "frame.jpg")

    assert answer.status_code == 201
    assert answer.json()["thumbnail_url"] is None
    assert answer.json()["url"] is None  # no public copy until its location is removed
    assert run_pending_tasks() == 1
    item = MediaFile.objects.get()
    assert item.thumbnail and item.public_copy
    with default_storage.open(item.thumbnail.name) as thumb:
        assert Image.open(thumb).size == (320, 180)


def test_a_read_only_storage_refuses_with_503_and_writes_nothing(
    checker_client, source, settings, monkeypatch
):
    def read_only(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(FileSystemStorage, "_save", read_only)
    root = settings.MEDIA_ROOT
    answer = post(checker_client, source, b"%PDF-1.7\n" + b"x" * 5000, "report.pdf")

    assert answer.status_code == 503
    assert "does not accept files" in answer.json()["detail"]
    assert int(answer["Retry-After"]) > 0
    assert MediaFile.objects.count() == 0
    assert files_under(root) == []


@pytest.fixture
def full_disk(monkeypatch):
    """A storage that fills up halfway through writing a file."""
    real_save = FileSystemStorage._save

    def save(self, name, content):
        half = SimpleUploadedFile("half", content.read()[: content.size // 2])
        real_save(self, name, half)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def test_a_full_storage_refuses_with_507_and_leaves_no_half_written_file(
    checker_client, source, settings, full_disk
):
    answer = post(checker_client, source, b"%PDF-1.7\n" + b"x" * 5000, "report.pdf")

    assert answer.status_code == 507
    assert "full" in answer.json()["detail"]
    assert MediaFile.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_file_left_half_written_is_written_again(checker_client, source, settings):
    content = b"%PDF-1.7\n" + b"x" * 5000
    sha256 = __import__("hashlib").sha256(content).hexdigest()
    default_storage.save(f"evidence/{sha256[:2]}/{sha256}/original", io.BytesIO(content[:100]))

    answer = post(checker_client, source, content, "report.pdf")

    assert answer.status_code == 201
    with default_storage.open(MediaFile.objects.get().original.name) as stored:
        assert stored.read() == content


def test_an_archive_that_cannot_be_stored_is_tried_again_and_then_made(
    site, fact_checker, settings, monkeypatch, django_capture_on_commit_callbacks
):
    site.page("/statement", article("The ministry counted the hospitalised."))
    real_save = FileSystemStorage._save
    disk = {"full": True}

    def save(self, name, content):
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    with django_capture_on_commit_callbacks(execute=True):
        source = save_source(by=fact_checker, title="Statement", url=site.url("/statement"))

    assert run_pending_tasks() == 1
    assert Snapshot.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT) == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    disk["full"] = False
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_pending_tasks() == 1
    assert Snapshot.objects.filter(source=source).count() == 1
