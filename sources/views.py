"""Pages and files of archived copies and media evidence.

Everything here is shown to whoever may see the source (``Source.objects.visible_to``):
anyone for sources that published claims use, staff for the rest. Files are never served
from the storage directly: each answer says how the browser must treat it
(``Content-Disposition``, ``X-Content-Type-Options: nosniff``, a sandboxing CSP), and a
type a browser would run (HTML, SVG, XML) is only ever a download.
"""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from core.models import sees_unpublished
from sources.media import is_inline, served_type
from sources.models import MediaFile, Snapshot, Source

FILE_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


def _visible_source(request, pk, user=None) -> Source:
    return get_object_or_404(Source.objects.visible_to(user or request.user), pk=pk)


def _token_user(request):
    """The user of an API token (``Authorization: Token ...``), as the API authenticates
    it, so that scripts download archives as they read the API; None without one."""
    if not request.headers.get("Authorization"):
        return None
    found = TokenAuthentication().authenticate(request)
    return found[0] if found else None


def _file(field, *, content_type: str, filename: str, inline: bool) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The stored file is missing.") from error
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def archived_copy(request, pk, snapshot):
    source = _visible_source(request, pk)
    copy = get_object_or_404(Snapshot, pk=snapshot, source=source)
    return render(request, "sources/archived_copy.html", {"source": source, "copy": copy})


def archived_warc(request, pk, snapshot):
    """The archived copy as a WARC file, for a browser session or an API token."""
    try:
        user = _token_user(request)
    except AuthenticationFailed as refusal:
        return JsonResponse({"detail": str(refusal.detail)}, status=401)
    source = _visible_source(request, pk, user)
    copy = get_object_or_404(Snapshot.objects.defer("text"), pk=snapshot, source=source)
    return _file(
        copy.warc,
        content_type="application/warc",
        filename=f"source-{source.pk}-{copy.fetched_at:%Y%m%dT%H%M%S}.warc.gz",
        inline=False,
    )


def _media(request, pk, media) -> MediaFile:
    source = _visible_source(request, pk)
    return get_object_or_404(MediaFile.objects.select_related("source"), pk=media, source=source)


def media_file(request, pk, media):
    """The public copy (for images: without location metadata). Staff may ask for the
    original with ?original=1."""
    item = _media(request, pk, media)
    wants_original = request.GET.get("original") == "1"
    if wants_original and not sees_unpublished(request.user):
        raise Http404("Originals are for staff.")
    field = item.original if wants_original else item.public_copy
    if not field:
        raise Http404("This file has no public copy.")
    content_type = served_type(item.content_type)
    return _file(
        field,
        content_type=content_type,
        filename=item.original_name or f"evidence-{item.pk}",
        inline=is_inline(content_type),
    )


def media_thumbnail(request, pk, media):
    item = _media(request, pk, media)
    if not item.thumbnail:
        raise Http404("This file has no thumbnail.")
    return _file(
        item.thumbnail, content_type="image/jpeg", filename=f"thumbnail-{item.pk}.jpg", inline=True
    )
