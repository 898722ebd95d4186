"""Archived copies of sources and the link check.

``archive(source_id)`` fetches a source's URL through the safe client and keeps what it
found: when the answer is new content, a snapshot (the response as a WARC record, its
readable text, status, content type, final URL, fetch time, SHA-256 of the body); in every
case the link's state. The state says ``ok`` while the live page is what was first
archived from this URL, ``changed`` when it no longer is (every distinct version is kept),
``broken`` when the fetch failed or the server answered 4xx/5xx (the archived copy stays).

The queue side (when this runs) is in ``sources.tasks``.
"""

import contextlib
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from importlib import metadata
from urllib.parse import urlsplit

import trafilatura
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from lxml import html as lxml_html
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from core import safe_http
from sources.models import LinkState, LinkStatus, Snapshot, Source

HTML_TYPES = {"text/html", "application/xhtml+xml"}
WARCIO_VERSION = metadata.version("warcio")


@dataclass
class Outcome:
    state: LinkState
    snapshot: Snapshot | None = None
    retryable: bool = False


def check_interval() -> timedelta:
    return timedelta(hours=settings.LINK_CHECK_INTERVAL_HOURS)


def reset_link(source: Source) -> None:
    """A source got a URL or a new one: nothing is known of it yet, check it now."""
    LinkState.objects.update_or_create(
        source=source,
        defaults={
            "status": LinkStatus.PENDING,
            "reason": "",
            "failures": 0,
            "archived": None,
            "next_check_at": timezone.now(),
        },
    )


def archive(source_id: int) -> Outcome | None:
    """Fetch the source's URL now and record what was found (None when the source is gone
    or has no URL)."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.url:
        return None
    url = source.url
    try:
        response = safe_http.fetch(url)
    except safe_http.FetchError as error:
        return _failed(source, url, error.reason, retryable=error.retryable)
    if not response.ok:
        reason = f"The server answered {response.status} {response.reason_phrase}".rstrip()
        return _failed(source, url, reason + ".", retryable=response.status >= 500)
    written: list[str] = []
    try:
        return _fetched(source, url, response, written)
    except BaseException:
        # Nothing half-written: a copy whose row was not saved (the storage full, the
        # database gone) is removed, and the task tries again later.
        for name in written:
            with contextlib.suppress(OSError):
                Snapshot.warc.field.storage.delete(name)
        raise


def _locked_state(source: Source, url: str) -> LinkState | None:
    """The source's link state, locked; None when its URL changed since the fetch began
    (a newer archive run is due for the new URL)."""
    if not Source.objects.filter(pk=source.pk, url=url).exists():
        return None
    LinkState.objects.get_or_create(source=source)
    return (
        LinkState.objects.select_for_update(of=("self",))
        .select_related("archived")
        .get(source=source)
    )


@transaction.atomic
def _failed(source: Source, url: str, reason: str, *, retryable: bool) -> Outcome | None:
    state = _locked_state(source, url)
    if state is None:
        return None
    now = timezone.now()
    state.status = LinkStatus.BROKEN
    state.reason = reason
    state.failures += 1
    state.checked_at = now
    state.next_check_at = now + check_interval()
    state.save()
    return Outcome(state=state, retryable=retryable)


@transaction.atomic
def _fetched(
    source: Source, url: str, response: safe_http.Response, written: list[str]
) -> Outcome | None:
    state = _locked_state(source, url)
    if state is None:
        return None
    sha256 = response.sha256
    snapshot = None
    if state.archived is None or state.archived.sha256 != sha256 or state.archived.url != url:
        snapshot = _snapshot(source, url, response, sha256, written)
        state.archived = snapshot
    first = Snapshot.objects.filter(source=source, url=url).order_by("fetched_at", "id").first()
    state.status = LinkStatus.OK if first is None or first.sha256 == sha256 else LinkStatus.CHANGED
    state.reason = ""
    state.failures = 0
    state.checked_at = response.fetched_at
    state.next_check_at = response.fetched_at + check_interval()
    state.save()
    return Outcome(state=state, snapshot=snapshot)


def _snapshot(
    source: Source, url: str, response: safe_http.Response, sha256: str, written: list[str]
) -> Snapshot:
    snapshot = Snapshot(
        source=source,
        url=url,
        final_url=response.final_url,
        fetched_at=response.fetched_at,
        status_code=response.status,
        content_type=response.content_type,
        size=len(response.body),
        sha256=sha256,
        title=page_title(response),
        text=readable_text(response),
    )
    name = f"{response.fetched_at:%Y%m%dT%H%M%S}-{sha256[:16]}.warc.gz"
    try:
        snapshot.warc.save(name, ContentFile(warc_record(response)), save=False)
    except OSError:
        written.append(snapshot.warc.field.generate_filename(snapshot, name))
        raise
    written.append(snapshot.warc.name)
    snapshot.save()
    return snapshot


def warc_record(response: safe_http.Response) -> bytes:
    """The fetch as a gzipped WARC file that replay tools read as they read a crawler's: a
    ``warcinfo`` record, then for every exchange (each redirect hop, then the final
    answer) its ``request`` record and its ``response`` record as received: the server's
    header names and order, the body still in its content and transfer encodings. The HTTP
    client undoes chunked framing and does not say where the sender's chunks ended, so a
    chunked answer is stored as one chunk of the whole body: still chunked, as the
    Transfer-Encoding header it keeps says."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            f"source-{response.fetched_at:%Y%m%dT%H%M%S}.warc.gz",
            {
                "software": f"FactCheckTracker archiver (warcio {WARCIO_VERSION})",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "http-header-user-agent": settings.ARCHIVE_USER_AGENT,
                "operator": settings.FACTCHECK_PUBLISHER_NAME,
            },
        )
    )
    for exchange in response.exchanges:
        _write_exchange(writer, exchange)
    return buffer.getvalue()


def _protocol(http_version: str) -> str:
    return {"HTTP/1.0": "HTTP/1.0", "HTTP/2": "HTTP/2"}.get(http_version, "HTTP/1.1")


def _framed_body(exchange: safe_http.Exchange) -> bytes:
    """The body with the transfer framing its headers announce."""
    chunked = any(
        name.lower() == "transfer-encoding" and "chunked" in value.lower()
        for name, value in exchange.response_headers
    )
    if not chunked:
        return exchange.raw_body
    body = exchange.raw_body
    chunk = f"{len(body):x}\r\n".encode() + body + b"\r\n" if body else b""
    return chunk + b"0\r\n\r\n"


def _write_exchange(writer: WARCWriter, exchange: safe_http.Exchange) -> None:
    date = datetime_to_iso_date(exchange.fetched_at)
    target = urlsplit(exchange.url)
    path = (target.path or "/") + (f"?{target.query}" if target.query else "")
    body = _framed_body(exchange)
    response = writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=StatusAndHeaders(
            f"{exchange.status} {exchange.reason_phrase}".strip(),
            list(exchange.response_headers),
            protocol=_protocol(exchange.http_version),
        ),
        warc_headers_dict={"WARC-Date": date},
    )
    request = writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=StatusAndHeaders(
            f"{exchange.method} {path} {_protocol(exchange.http_version)}",
            exchange.request_headers,
            protocol="",
            is_http_request=True,
        ),
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        },
    )
    writer.write_record(response)
    writer.write_record(request)


def page_title(response: safe_http.Response) -> str:
    """An HTML page's title (its metadata's, or its <title>), for the source's title."""
    if response.content_type not in HTML_TYPES:
        return ""
    text = response.body.decode(response.charset or "utf-8", errors="replace")
    metadata = trafilatura.extract_metadata(text)
    title = metadata.title if metadata and metadata.title else ""
    if not title:
        try:
            title = lxml_html.fromstring(text).findtext(".//title") or ""
        except (ValueError, lxml_html.etree.ParserError):
            return ""
    return re.sub(r"\s+", " ", title).strip()[:500]


def title_archived_for(url: str) -> str:
    """The title of the latest archived copy of ``url`` (asked for, or reached through
    redirects), or "" when none was fetched."""
    snapshot = (
        Snapshot.objects.filter(Q(url=url) | Q(final_url=url))
        .exclude(title="")
        .order_by("-fetched_at")
        .first()
    )
    return snapshot.title if snapshot else ""


def readable_text(response: safe_http.Response) -> str:
    """The text a reader would see: the main content of an HTML page (boilerplate left
    out), plain text as it is, nothing for other kinds of content."""
    content_type = response.content_type
    if content_type not in HTML_TYPES and not content_type.startswith("text/"):
        return ""
    text = response.body.decode(response.charset or "utf-8", errors="replace")
    if content_type not in HTML_TYPES:
        return text.strip()
    extracted = trafilatura.extract(text, include_comments=False, favor_recall=True)
    if extracted:
        return extracted.strip()
    # Short pages trafilatura finds no main content in: all visible text.
    try:
        tree = lxml_html.fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for hidden in tree.xpath("//script|//style|//noscript|//template"):
        hidden.drop_tree()
    return re.sub(r"\s+", " ", tree.text_content()).strip()


def link_states_due(now=None):
    """Link states of sources with a URL whose next check has come."""
    now = now or timezone.now()
    return LinkState.objects.filter(next_check_at__lte=now).filter(~Q(source__url=""))


def track_new_links() -> int:
    """Give every source with a URL and no link state one (sources written in bulk, or
    before archiving existed), due now. Returns how many were added."""
    missing = Source.objects.exclude(url="").filter(link__isnull=True).values_list("pk", flat=True)
    added = LinkState.objects.bulk_create(
        [LinkState(source_id=pk) for pk in missing], ignore_conflicts=True
    )
    return len(added)
