"""Media evidence: attached through the API and the admin, stored by hash, images with a
thumbnail and a public copy without location, served only for published work."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from pghistory.models import MiddlewareEvents
from PIL import Image

from core.background import run_pending_tasks
from sources.models import MediaFile
from tests import factories
from tests.admin_payloads import resubmitted

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def photo(*, gps=True, size=(800, 600), colour="navy", fmt="JPEG") -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 14.0, 5.0), 3: "E", 4: (76.0, 55.0, 1.0)})
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif)
    return buffer.getvalue()


def upload(client, source, content: bytes, name="screenshot.jpg", *, worker=True, **extra):
    """Post the file as the API's users do; the worker then makes the image's copies, and
    ``json()`` gives the attachment as the API shows it after that."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(
            f"/api/v1/sources/{source.pk}/media/",
            {"file": SimpleUploadedFile(name, content), **extra},
        )
    if worker:
        run_pending_tasks()
    if answer.status_code == 201:
        answer.json = lambda: client.get(f"/api/v1/sources/{source.pk}/").json()["media"][-1]
    return answer


@pytest.fixture
def source(db):
    return factories.SourceFactory(title="Televised confession")


@pytest.fixture
def published_source(source):
    factories.EvidenceFactory(claim=factories.published_claim(), source=source)
    return source


def test_upload_gives_hash_size_type_and_urls(checker_client, source):
    content = photo()
    answer = upload(checker_client, source, content, caption="Frame at 00:42")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["size"] == len(content)
    assert body["content_type"] == "image/jpeg"
    assert body["duplicate_of"] is None
    assert body["url"].endswith(f"/sources/{source.pk}/media/{body['id']}/")
    assert body["thumbnail_url"].endswith("/thumbnail/")
    item = MediaFile.objects.get(pk=body["id"])
    assert item.uploaded_by.username == "checker"
    assert item.caption == "Frame at 00:42"


def test_the_same_bytes_twice_are_recognised_and_stored_once(checker_client, source):
    content = photo()
    first = upload(checker_client, source, content).json()
    other_source = factories.SourceFactory()
    second = upload(checker_client, other_source, content, name="copy.jpg").json()
    assert second["duplicate_of"] == first["id"]
    assert second["sha256"] == first["sha256"]
    a, b = MediaFile.objects.get(pk=first["id"]), MediaFile.objects.get(pk=second["id"])
    assert a.original.name == b.original.name
    different = upload(checker_client, source, photo(colour="red")).json()
    assert different["duplicate_of"] is None


def test_an_image_gets_a_thumbnail(checker_client, published_source, client):
    item = upload(checker_client, published_source, photo(size=(1600, 900))).json()
    checker_client.logout()
    answer = client.get(item["thumbnail_url"])
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/jpeg"
    thumbnail = Image.open(io.BytesIO(b"".join(answer.streaming_content)))
    assert max(thumbnail.size) == 320
    assert thumbnail.size == (320, 180)


def test_the_public_copy_has_no_location_and_staff_keep_the_original(
    checker_client, published_source, client
):
    item = upload(checker_client, published_source, photo(gps=True)).json()

    original = checker_client.get(item["url"] + "?original=1")
    original_exif = Image.open(io.BytesIO(b"".join(original.streaming_content))).getexif()
    assert original_exif.get_ifd(GPS_IFD)  # the original keeps its location

    checker_client.logout()
    public = client.get(item["url"])
    assert public.status_code == 200
    public_exif = Image.open(io.BytesIO(b"".join(public.streaming_content))).getexif()
    assert not public_exif.get_ifd(GPS_IFD)
    assert public_exif[0x010F] == "Phone maker"  # the rest of the EXIF stays
    assert client.get(item["url"] + "?original=1").status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "detected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "report.jpg", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image.pdf", "image/png"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "clip.txt", "video/mp4"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio.doc", "audio/mpeg"),
        (b"<!doctype html><script>alert(1)</script>", "photo.jpg", "text/html"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "a.png",
            "image/svg+xml",
        ),
        (b"Plain notes from the press conference.", "notes.exe", "text/plain"),
        (b"\x00\x01\x02\x03binary", "data.csv", "application/octet-stream"),
    ],
)
def test_the_content_type_comes_from_the_bytes_not_the_name(
    checker_client, source, content, name, detected
):
    if detected == "image/png":
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, "PNG")
        content = buffer.getvalue()
    answer = upload(checker_client, source, content, name=name)
    assert answer.status_code == 201, answer.content
    assert answer.json()["content_type"] == detected


def test_active_content_is_never_served_as_itself(checker_client, published_source, client):
    html = upload(checker_client, published_source, b"<html><script>alert(1)</script>", "x.jpg")
    svg = upload(checker_client, published_source, b"<svg onload='alert(1)'></svg>", "y.png")
    checker_client.logout()
    for item in (html.json(), svg.json()):
        answer = client.get(item["url"])
        assert answer.status_code == 200
        assert answer["Content-Type"] in {"text/plain", "application/octet-stream"}
        assert answer["Content-Disposition"].startswith("attachment")
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in answer["Content-Security-Policy"]


def test_an_image_is_shown_inline_with_safe_headers(checker_client, published_source, client):
    item = upload(checker_client, published_source, photo(), name="frame.jpg").json()
    checker_client.logout()
    answer = client.get(item["url"])
    assert answer["Content-Type"] == "image/jpeg"
    assert answer["Content-Disposition"].startswith("inline")
    assert 'filename="frame.jpg"' in answer["Content-Disposition"]
    assert answer["X-Content-Type-Options"] == "nosniff"


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(
    checker_client, source, settings
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 10_000
    answer = upload(checker_client, source, b"x" * 20_000, name="big.bin")
    assert answer.status_code == 400
    assert answer.json()["file"] == [
        "The file is 19.5\xa0KB; files of at most 9.8\xa0KB can be attached."
    ]
    assert MediaFile.objects.count() == 0


def test_an_empty_or_missing_file_is_a_field_error(checker_client, source):
    assert "file" in upload(checker_client, source, b"", name="empty.txt").json()
    missing = checker_client.post(f"/api/v1/sources/{source.pk}/media/", {})
    assert missing.status_code == 400
    assert "file" in missing.json()


def test_a_broken_image_is_refused_and_nothing_is_written(checker_client, source):
    answer = upload(checker_client, source, b"\xff\xd8\xff\xe0" + b"garbage" * 10, "x.jpg")
    assert answer.status_code == 400
    assert "could not be read" in answer.json()["file"][0]
    assert MediaFile.objects.count() == 0


def test_uploading_needs_a_role(client, source, django_user_model):
    assert upload(client, source, photo()).status_code in {401, 403}
    nobody = django_user_model.objects.create_user("nobody", password="pass-word-123")
    client.force_login(nobody)
    assert upload(client, source, photo()).status_code == 403
    assert MediaFile.objects.count() == 0


def test_no_public_access_to_media_of_unpublished_work(checker_client, source, client):
    factories.EvidenceFactory(claim=factories.ClaimFactory(), source=source)  # a draft
    item = upload(checker_client, source, photo()).json()
    assert checker_client.get(item["url"]).status_code == 200  # staff see it
    checker_client.logout()
    assert client.get(item["url"]).status_code == 404
    assert client.get(item["thumbnail_url"]).status_code == 404
    assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 404

    factories.EvidenceFactory(claim=factories.published_claim(), source=source)
    assert client.get(item["url"]).status_code == 200


def test_a_screenshot_attached_in_the_admin_shows_on_the_public_source_page(
    checker_client, published_source, client
):
    form = checker_client.get(f"/admin/sources/source/{published_source.pk}/change/")
    assert form.status_code == 200
    data = resubmitted(form) | {
        "media-0-caption": "Screenshot of the deleted post",
        "media-0-upload": SimpleUploadedFile("post.png", photo(fmt="PNG", gps=False)),
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        saved = checker_client.post(f"/admin/sources/source/{published_source.pk}/change/", data)
    run_pending_tasks()
    assert saved.status_code == 302, saved.context["errors"] if saved.context else saved
    item = MediaFile.objects.get(source=published_source)
    assert item.content_type == "image/png"
    assert item.thumbnail  # made by the worker

    checker_client.logout()
    page = client.get(published_source.get_absolute_url()).content.decode()
    assert f'src="{item.get_thumbnail_url()}"' in page
    assert 'alt="Screenshot of the deleted post"' in page


def test_the_admin_refuses_a_file_over_the_limit_with_a_form_error(
    checker_client, source, settings
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    data = {
        "title": source.title,
        "outlet": source.outlet_id,
        "kind": source.kind,
        "loaded_version": source.version,
        "media-TOTAL_FORMS": "1",
        "media-INITIAL_FORMS": "0",
        "media-0-upload": SimpleUploadedFile("big.bin", b"x" * 5000),
    }
    answer = checker_client.post(f"/admin/sources/source/{source.pk}/change/", data)
    assert answer.status_code == 200
    assert "can be attached" in answer.content.decode()
    assert MediaFile.objects.count() == 0


def trail_of(item) -> list[tuple[str, str | None]]:
    """The attachment's audit events, oldest first: (what happened, who did it)."""
    return [
        (event.pgh_label, event.user.username if event.user else None)
        for event in MiddlewareEvents.objects.filter(
            pgh_obj_model="sources.MediaFile", pgh_obj_id=item.pk
        ).order_by("pgh_id")
    ]


@pytest.fixture
def attached(source, fact_checker):
    checker = Client()
    checker.force_login(fact_checker)
    body = upload(checker, source, photo(), caption="Frame at 00:42").json()
    return MediaFile.objects.get(pk=body["id"])


def test_an_editor_removes_an_attachment_in_the_admin_and_the_trail_says_who(
    editor_client, source, attached
):
    url = f"/admin/sources/source/{source.pk}/change/"
    data = resubmitted(editor_client.get(url)) | {"media-0-DELETE": "on"}
    assert editor_client.post(url, data).status_code == 302
    assert not MediaFile.objects.exists()
    trail = trail_of(attached)
    # Between them, the worker's copies of the image are updates of the attachment.
    assert (trail[0], trail[-1]) == (("insert", "checker"), ("delete", "editor"))
    assert {what for what, _ in trail[1:-1]} <= {"update"}


def test_an_editor_removes_an_attachment_through_the_api(
    editor_client, fact_checker, source, attached
):
    url = f"/api/v1/sources/{source.pk}/media/{attached.pk}/"
    checker = Client()
    checker.force_login(fact_checker)
    assert checker.delete(url).status_code == 403
    assert (
        editor_client.delete(f"/api/v1/sources/{source.pk + 1}/media/{attached.pk}/").status_code
        == 404
    )
    assert editor_client.delete(url).status_code == 204
    assert not MediaFile.objects.exists()
    trail = trail_of(attached)
    # Between them, the worker's copies of the image are updates of the attachment.
    assert (trail[0], trail[-1]) == (("insert", "checker"), ("delete", "editor"))
    assert {what for what, _ in trail[1:-1]} <= {"update"}
