"""Media evidence: files attached to a source (screenshots, videos, recordings, documents).

``attach_media`` is the one write path (admin and API): it checks the size limit, hashes
the bytes, detects the content type from the bytes (never the name), and stores each
distinct content once, named by its SHA-256; attaching the same bytes again points the
new attachment at the first (``duplicate_of``). Uploads arrive on disk (Django's upload
handlers), are hashed in chunks and copied to storage in chunks: a file is never held in
memory whole. An image's declared size is read from its header and refused before any
decoding; its thumbnail and public copy without EXIF location (and without XMP, where
locations also hide) are made by the worker (``make_copies``), so until then an image has
no public copy. The original is kept for staff. Who may fetch what is decided in
``sources.views``.

Storage faults (full, read-only) refuse the upload with 507 or 503 (``core.errors``) and
leave nothing half-written: a file stored for an attachment whose row is not saved is
removed, and a stored file whose size is not the upload's is written again.
"""

import hashlib
import io
import logging
import os
import warnings
import zipfile

import imagehash
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from core.background import enqueue_on_commit
from core.errors import storage_fault
from core.records import Refused
from sources.models import MediaFile, Source
from sources.signals import material_changed

# Formats whose metadata may carry a location: the public copy is re-encoded without it.
STRIPPED_IMAGES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/tiff": "TIFF",
}
THUMBNAILED_IMAGES = {*STRIPPED_IMAGES, "image/gif"}
# Served inline (shown in the page); everything else is a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
INLINE_PREFIXES = ("audio/", "video/")
# Types that a browser would run: never served as themselves.
ACTIVE_TYPES = {"text/html", "image/svg+xml", "application/xml", "application/xhtml+xml"}
GPS_IFD = 0x8825
MAX_IMAGE_PIXELS = 100_000_000
HEAD = 8192

logger = logging.getLogger(__name__)


def _zip_type(file) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared.startswith("application/vnd.oasis.opendocument."):
                    return declared
    except (zipfile.BadZipFile, OSError, ValueError):
        return "application/zip"
    office = {
        "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
    for prefix, content_type in office.items():
        if any(name.startswith(prefix) for name in names):
            return content_type
    return "application/zip"


def _text_type(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not just a character cut at the end
            return None
        text = head[: error.start].decode("utf-8")
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<script")):
        return "text/html"
    if "<svg" in start[:1024]:
        return "image/svg+xml"
    if start.startswith("<?xml"):
        return "application/xml"
    return "text/plain"


def detect_content_type(head: bytes, file=None) -> str:
    """The content type the bytes say, whatever the file is called. ``file`` (seekable)
    is read further for container formats (zip-based documents)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video/x-msvideo"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in {b"heic", b"heix", b"mif1", b"msf1"}:
            return "image/heic"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand in {b"M4A ", b"M4B "}:
            return "audio/mp4"
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(file) if file is not None else "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    return _text_type(head) or "application/octet-stream"


def is_inline(content_type: str) -> bool:
    return content_type in INLINE_TYPES or content_type.startswith(INLINE_PREFIXES)


def served_type(content_type: str) -> str:
    """The Content-Type a file is served with: never one a browser would run."""
    if content_type in ACTIVE_TYPES:
        return "text/plain" if content_type != "image/svg+xml" else "application/octet-stream"
    return content_type


def _digest(upload) -> tuple[str, bytes]:
    sha256 = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < HEAD:
            head += chunk[: HEAD - len(head)]
        sha256.update(chunk)
    upload.seek(0)
    return sha256.hexdigest(), head


def _store(name: str, content, size: int) -> tuple[str, bool]:
    """Store content under its content-addressed name (once: the same name is the same
    bytes); returns the name and whether this call wrote it. A storage fault is raised as
    ``core.errors.Unavailable`` with nothing left behind."""
    try:
        if default_storage.exists(name):
            if default_storage.size(name) == size:
                return name, False
            default_storage.delete(name)  # left half-written by an earlier fault
        return default_storage.save(name, content), True
    except OSError as error:
        _remove(name)
        raise storage_fault(error) from error


def _remove(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("Could not remove %s after a storage fault.", name)


def _check_image(upload) -> None:
    """Refuse an image whose header declares too many pixels, or that is no image, before
    anything is decoded."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below
            with Image.open(upload) as image:  # reads the header only
                width, height = image.size
    except Image.DecompressionBombError as error:
        raise Refused(gettext("The image has too many pixels to process."), field="file") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise Refused(
            gettext("The image could not be read: %(error)s.") % {"error": error}, field="file"
        ) from error
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS:
        raise Refused(
            gettext(
                "The image declares %(width)s×%(height)s pixels; images of at most "
                "%(millions)s million pixels can be attached."
            )
            % {"width": width, "height": height, "millions": MAX_IMAGE_PIXELS // 1_000_000},
            field="file",
        )


def _copies(file, content_type: str, sha256: str) -> tuple[str, str, str]:
    """(public copy, thumbnail, perceptual hash) for an image: the public copy re-encoded
    without its location, the thumbnail at most MEDIA_THUMBNAIL_SIZE pixels on a side, the
    hash (64 bits, hex) that tells a resized or recompressed copy of the same picture."""
    folder = f"evidence/{sha256[:2]}/{sha256}"
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    written = []
    try:
        with Image.open(file) as image:
            image.load()
            public = ""
            if content_type in STRIPPED_IMAGES:
                exif = image.getexif()
                exif.pop(GPS_IFD, None)
                buffer = io.BytesIO()
                extra = {"quality": 95} if content_type == "image/jpeg" else {}
                image.save(buffer, STRIPPED_IMAGES[content_type], exif=exif.tobytes(), **extra)
                extension = STRIPPED_IMAGES[content_type].lower()
                public, new = _store(
                    f"{folder}/public.{extension}", ContentFile(buffer.getvalue()), buffer.tell()
                )
                written += [public] if new else []
            thumb = ImageOps.exif_transpose(image).convert("RGB")
            fingerprint = str(imagehash.phash(thumb))
            size = settings.MEDIA_THUMBNAIL_SIZE
            thumb.thumbnail((size, size))
            buffer = io.BytesIO()
            thumb.save(buffer, "JPEG", quality=80)
            thumbnail, _ = _store(
                f"{folder}/thumbnail.jpg", ContentFile(buffer.getvalue()), buffer.tell()
            )
    except BaseException:
        for name in written:
            _remove(name)
        raise
    return public, thumbnail, fingerprint


@transaction.atomic
def make_copies(sha256: str) -> str:
    """Make the thumbnail and the public copy of the image stored as ``sha256`` and give
    them to every attachment of those bytes (the worker's task)."""
    items = (
        MediaFile.objects.select_for_update().filter(sha256=sha256).order_by("uploaded_at", "id")
    )
    first = items.first()
    if first is None or first.content_type not in THUMBNAILED_IMAGES:
        return "nothing to do"
    if first.thumbnail:
        return "already made"
    try:
        with default_storage.open(first.original.name, "rb") as file:
            public, thumbnail, fingerprint = _copies(file, first.content_type, sha256)
    except (Image.DecompressionBombError, UnidentifiedImageError, ValueError, SyntaxError) as error:
        logger.warning("No thumbnail for media %s: %s", sha256, error)
        return f"The image could not be decoded: {error}"
    except OSError as error:
        if error.errno is None:  # PIL reports a broken image as OSError without errno
            logger.warning("No thumbnail for media %s: %s", sha256, error)
            return f"The image could not be decoded: {error}"
        raise storage_fault(error) from error
    values = {"thumbnail": thumbnail, "phash": fingerprint}
    if public:
        values["public_copy"] = public
    items.update(**values)
    # A near-duplicate picture is known only now: its sources may share an origin.
    material_changed.send(
        sender=MediaFile, source_ids=set(items.values_list("source_id", flat=True))
    )
    return "made"


def check_upload(upload) -> None:
    """Refuse an upload the limits do not allow (before anything is read)."""
    limit = settings.MEDIA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise Refused(
            f"The file is {filesizeformat(upload.size)}; files of at most "
            f"{filesizeformat(limit)} can be attached.",
            field="file",
        )
    if upload.size == 0:
        raise Refused("The file is empty.", field="file")


def attach_media(*, source: Source, upload, by, caption: str = "") -> MediaFile:
    """Attach the uploaded file to ``source`` and return the new attachment. Nothing is
    left behind when it is refused: no row without its file, no file without its row."""
    check_upload(upload)
    sha256, head = _digest(upload)
    written: list[str] = []
    try:
        return _attach(source, upload, by, caption, sha256, head, written)
    except BaseException:
        for name in written:
            _remove(name)
        raise


@transaction.atomic
def _attach(source, upload, by, caption, sha256, head, written) -> MediaFile:
    first = MediaFile.objects.filter(sha256=sha256).order_by("uploaded_at", "id").first()
    media = MediaFile(
        source=source,
        sha256=sha256,
        size=upload.size,
        original_name=os.path.basename(upload.name or "")[:255],
        caption=caption,
        uploaded_by=by if getattr(by, "pk", None) else None,
        duplicate_of=first,
    )
    if first is not None:
        media.content_type = first.content_type
        media.original.name = first.original.name
        media.public_copy.name = first.public_copy.name
        media.thumbnail.name = first.thumbnail.name
        media.phash = first.phash
    else:
        media.content_type = detect_content_type(head, upload)
        if media.content_type in THUMBNAILED_IMAGES:
            _check_image(upload)
        name, new = _store(f"evidence/{sha256[:2]}/{sha256}/original", upload, upload.size)
        written += [name] if new else []
        media.original.name = name
        if media.content_type in THUMBNAILED_IMAGES:
            from sources.tasks import make_media_copies

            enqueue_on_commit(make_media_copies, sha256)
        if media.content_type not in STRIPPED_IMAGES and media.content_type != "image/heic":
            # HEIC, whose metadata this app cannot clean, is kept for staff only; the public
            # copy of a JPEG, PNG, WebP or TIFF is made by the worker, without location.
            media.public_copy.name = media.original.name
    media.save()
    # Two sources carrying one file, or one picture, are one origin of evidence.
    material_changed.send(sender=MediaFile, source_ids={source.pk})
    return media
