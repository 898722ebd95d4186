"""A small website on 127.0.0.1 for the archiver to fetch, started by each test that
needs it, and settings that let the archiver reach it."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    declare_length: bool = True
    chunked: bool = False  # sent in chunked transfer framing, three chunks


class Site:
    """Pages by path; a test changes them while the server runs."""

    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body, **options) -> Page:
        body = body.encode() if isinstance(body, str) else body
        self.pages[path] = Page(body=body, **options)
        return self.pages[path]

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.pages[path] = Page(status=status, headers={"Location": to})

    def remove(self, path: str) -> None:
        self.pages.pop(path, None)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                site.requests.append(self.path)
                page = site.pages.get(self.path)
                if page is None:
                    page = Page(body=b"<h1>Not found</h1>", status=404)
                if page.delay:
                    time.sleep(page.delay)
                self.send_response(page.status)
                if page.body or page.status < 300 or page.status >= 400:
                    self.send_header("Content-Type", page.content_type)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                body = page.body
                if page.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    third = len(body) // 3 + 1
                    pieces = [body[i : i + third] for i in range(0, len(body), third)]
                    body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces)
                    body += b"0\r\n\r\n"
                elif page.declare_length:
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def site():
    site = Site()
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture(autouse=True)
def archive_settings(settings, tmp_path):
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = True
    settings.ARCHIVE_CONNECT_TIMEOUT = 2.0
    settings.ARCHIVE_READ_TIMEOUT = 2.0
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


ARTICLE = """<!doctype html><html><head><title>Ministry statement</title></head><body>
<nav><a href="/">Home</a> · <a href="/news">News</a></nav>
<article><h1>Statement of the Ministry of Health</h1>
<p>{text}</p>
<p>The ministry will publish updated figures every morning at nine o'clock, and the
regional departments will send their counts to the capital by eight.</p>
</article><footer>© Ministry</footer></body></html>"""


def article(text: str) -> str:
    return ARTICLE.format(text=text)
