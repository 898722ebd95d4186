"""The one way this project talks to other servers (archiving, link checks, webhooks, and
later imports).

A fetch may only go to http or https addresses on the public internet: the host name is
resolved here, every address it resolves to is checked (no private, loopback, link-local,
multicast or reserved address unless ``ARCHIVE_ALLOW_PRIVATE_NETWORKS`` is on; an IPv6
address that carries an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64 ``64:ff9b::/96``,
6to4 ``2002::/16``) is judged by the IPv4 address it carries), and the
connection is made to the checked address itself, so a name that resolves differently a
moment later cannot slip through. Redirects are followed by hand, each hop checked again.
Connect and read timeouts, an overall deadline and a size cap bound what a slow or
enormous answer can cost: every read and write on the connection waits at most until the
deadline, so a server that trickles its headers or its body a byte at a time is cut there.

Errors are ``FetchError``: ``Refused`` when the request is not allowed or the answer is
not acceptable (retrying would not help), ``Unreachable`` when the server could not be
reached or answered too slowly (it may work later).
"""

import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from django.conf import settings
from django.utils import timezone

REDIRECTS = {301, 302, 303, 307, 308}
SCHEMES = {"http", "https"}
DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(Exception):
    retryable = False

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Refused(FetchError):
    """Not fetched, and fetching again would not help."""


class Unreachable(FetchError):
    """The server could not be reached or was too slow; it may work later."""

    retryable = True


@dataclass
class Exchange:
    """One request and its answer as they went over the wire: the request's headers as
    sent, the answer's header names as the server wrote them, its body before any content
    decoding (still gzip-compressed when the server compressed it; chunked framing is
    undone by the HTTP client). A redirect is an exchange of its own."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason_phrase: str
    http_version: str
    response_headers: list[tuple[str, str]]
    raw_body: bytes
    fetched_at: datetime


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    reason_phrase: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    redirects: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value.split(";", 1)[0].strip().lower()
        return ""

    @property
    def charset(self) -> str | None:
        for name, value in self.headers:
            if name.lower() == "content-type" and "charset=" in value.lower():
                return value.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
        return None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64 or (ip in IPV4_COMPATIBLE and int(ip) > 1):  # not :: nor ::1
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        ip = embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def _checked_url(url: str):
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise Refused(f"Not a valid address: {error}.") from error
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused(f"Only http and https addresses are fetched, not “{scheme or url}”.")
    if not parts.hostname:
        raise Refused("The address has no host name.")
    if parts.username or parts.password:
        raise Refused("Addresses with a user name or password are not fetched.")
    return parts, scheme, parts.hostname, port or DEFAULT_PORTS[scheme]


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for ``host``; Refused if any address it resolves to is
    not on the public internet (and private networks are not allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unreachable(f"The host name {host} could not be resolved.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise Refused(
                    f"{host} is at {address}, a private, loopback or link-local address: "
                    "fetching it is refused."
                )
    return addresses[0]


def check_address(url: str, *, allow_private: bool) -> None:
    """Check an address when it is saved, by the rules every fetch follows: Refused when
    it may not be fetched, Unreachable when its host name does not resolve now."""
    _parts, _scheme, host, port = _checked_url(url)
    resolve(host, port, allow_private=allow_private)


def _pinned(parts, scheme: str, host: str, port: int, address: str) -> tuple[str, str]:
    """The URL to connect to (the checked address in place of the name) and the Host
    header that names the server."""
    netloc = f"[{address}]" if ":" in address else address
    host_header = host if port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == DEFAULT_PORTS[scheme] else f"[{host}]:{port}"
    url = urlunsplit((scheme, f"{netloc}:{port}", parts.path or "/", parts.query, ""))
    return url, host_header


def request(
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: dict | None = None,
    follow_redirects: bool = True,
    max_bytes: int | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    max_redirects: int | None = None,
    allow_private: bool | None = None,
    deadline_seconds: float | None = None,
) -> Response:
    """Send one request (following redirects for GET and HEAD) and read the answer whole,
    all of it (redirects included) within ``deadline_seconds``. The limits default to the
    ARCHIVE_* settings."""
    max_bytes = settings.ARCHIVE_MAX_BYTES if max_bytes is None else max_bytes
    connect_timeout = connect_timeout or settings.ARCHIVE_CONNECT_TIMEOUT
    read_timeout = read_timeout or settings.ARCHIVE_READ_TIMEOUT
    max_redirects = settings.ARCHIVE_MAX_REDIRECTS if max_redirects is None else max_redirects
    if allow_private is None:
        allow_private = settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS
    deadline_seconds = deadline_seconds or settings.ARCHIVE_DEADLINE_SECONDS
    deadline = time.monotonic() + deadline_seconds
    timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=1)
    sent_headers = {
        "User-Agent": settings.ARCHIVE_USER_AGENT,
        "Accept-Encoding": "identity",
        **(headers or {}),
    }
    redirects: list[str] = []
    exchanges: list[Exchange] = []
    current = url
    transport = _DeadlineTransport(deadline)
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, transport=transport
    ) as client:
        while True:
            parts, scheme, host, port = _checked_url(current)
            address = resolve(host, port, allow_private=allow_private)
            target, host_header = _pinned(parts, scheme, host, port, address)
            outgoing = client.build_request(
                method,
                target,
                content=content,
                headers={**sent_headers, "Host": host_header},
                extensions={"sni_hostname": host} if scheme == "https" else {},
            )
            try:
                answer = client.send(outgoing, stream=True)
            except httpx.TimeoutException as error:
                raise Unreachable(f"{host} did not answer in time.") from error
            except httpx.HTTPError as error:
                raise Unreachable(f"{host} could not be reached ({error}).") from error
            try:
                raw = _read(answer, host=host, max_bytes=max_bytes, deadline=deadline)
            finally:
                answer.close()
            exchanges.append(_exchange(method, current, outgoing, answer, raw))
            location = answer.headers.get("location")
            if follow_redirects and answer.status_code in REDIRECTS and location:
                if len(redirects) >= max_redirects:
                    raise Refused(f"More than {max_redirects} redirects.")
                redirects.append(current)
                current = urljoin(current, location)
                if answer.status_code == 303 and method not in {"GET", "HEAD"}:
                    method, content = "GET", None
                continue
            return Response(
                url=url,
                final_url=current,
                status=answer.status_code,
                reason_phrase=answer.reason_phrase,
                http_version=answer.http_version,
                headers=list(answer.headers.items()),
                body=_decoded(answer, raw, host=host, max_bytes=max_bytes),
                fetched_at=exchanges[-1].fetched_at,
                redirects=redirects,
                exchanges=exchanges,
            )


def _text_pairs(raw_headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw_headers]


def _exchange(method, url, outgoing: httpx.Request, answer: httpx.Response, raw: bytes):
    return Exchange(
        method=method,
        url=url,
        request_headers=_text_pairs(outgoing.headers.raw),
        status=answer.status_code,
        reason_phrase=answer.reason_phrase,
        http_version=answer.http_version,
        response_headers=_text_pairs(answer.headers.raw),
        raw_body=raw,
        fetched_at=timezone.now(),
    )


def _decoded(answer: httpx.Response, raw: bytes, *, host: str, max_bytes: int) -> bytes:
    """The body with its content encoding (gzip, br...) undone, within the same limit."""
    codings = [c.strip().lower() for c in answer.headers.get("content-encoding", "").split(",")]
    if not [c for c in codings if c and c != "identity"]:
        return raw
    encoded = httpx.Response(answer.status_code, headers=answer.headers.raw, content=raw)
    chunks, size = [], 0
    try:
        for chunk in encoded.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise Refused(f"The answer is larger than the {_megabytes(max_bytes)} limit.")
            chunks.append(chunk)
    except httpx.DecodingError as error:
        raise Refused(f"{host} sent a body its Content-Encoding does not describe.") from error
    return b"".join(chunks)


def fetch(url: str, **limits) -> Response:
    """GET ``url`` safely (see ``request``)."""
    return request("GET", url, **limits)


def _read(answer: httpx.Response, *, host: str, max_bytes: int, deadline: float) -> bytes:
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise Refused(f"The answer is larger than the {_megabytes(max_bytes)} limit.")
    chunks, size = [], 0
    try:
        for chunk in answer.iter_raw():
            size += len(chunk)
            if size > max_bytes:
                raise Refused(f"The answer is larger than the {_megabytes(max_bytes)} limit.")
            if time.monotonic() > deadline:
                raise Unreachable(f"{host} took too long to send its answer.")
            chunks.append(chunk)
    except httpx.TimeoutException as error:
        raise Unreachable(_too_slow(host, deadline)) from error
    except httpx.HTTPError as error:
        raise Unreachable(f"{host} broke off its answer ({error}).") from error
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):g} MB"


def _too_slow(host: str, deadline: float) -> str:
    if time.monotonic() >= deadline - 0.05:
        return f"{host} took too long to send its answer."
    return f"{host} did not answer in time."


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float):
        self.stream = stream
        self.deadline = deadline

    def _wait(self, timeout: float | None) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("The overall deadline has passed.")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self._wait(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self._wait(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        secured = self.stream.start_tls(ssl_context, server_hostname, self._wait(timeout))
        return _DeadlineStream(secured, self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: float):
        self.backend = httpcore.SyncBackend()
        self.deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("The overall deadline has passed.")
        timeout = left if timeout is None else min(timeout, left)
        stream = self.backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("Unix sockets are not used.")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport on a network backend that keeps the overall deadline."""

    def __init__(self, deadline: float):
        super().__init__(trust_env=False)
        # httpx builds its connection pool without a way to name the network backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_DeadlineBackend(deadline),
        )
