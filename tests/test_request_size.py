"""An oversized body gets a readable 413, not a reset connection."""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from bench.ports import free_port
from core.middleware import RequestSizeLimitMiddleware

TEN_MEGABYTES = 10 * 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent


def _post_raw(port: int, path: str, size: int) -> bytes:
    """POST ``size`` bytes to ``path`` the way most HTTP clients do (the whole body
    first, then read the answer) and return what the server answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/json\r\nContent-Length: {size}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
        )
        chunk = b"a" * 65536
        for start in range(0, size, len(chunk)):
            conn.sendall(chunk[: size - start])
        answer = b""
        while part := conn.recv(65536):
            answer += part
    return answer


@pytest.fixture
def gunicorn_port():
    """The app served by gunicorn, as in production (the test server of Django reads
    every unread body itself, which would hide the reset)."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        pytest.skip("gunicorn is not installed")
    port = free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    env.setdefault("DEBUG", "1")
    server = subprocess.Popen(
        [gunicorn, "factcheck.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_anonymous_ten_megabyte_body_gets_a_readable_413_from_gunicorn(gunicorn_port):
    for path in ("/api/v1/tips/", "/tips/new/"):
        answer = _post_raw(gunicorn_port, path, TEN_MEGABYTES)

        status_line, _, rest = answer.partition(b"\r\n")
        assert b" 413 " in status_line
        assert b"The request body is larger than" in rest


def test_the_refused_body_is_read_before_the_413_up_to_the_drain_limit(settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    settings.REQUEST_DRAIN_BYTES = 5000
    middleware = RequestSizeLimitMiddleware(lambda request: HttpResponse("not reached"))

    def post(size):
        body = io.BytesIO(b"x" * size)
        request = RequestFactory().generic("POST", "/api/v1/tips/", b"")
        request.META.update({"wsgi.input": body, "CONTENT_LENGTH": str(size)})
        return middleware(request), body.tell()

    small_response, small_read = post(3000)
    large_response, large_read = post(9000)

    assert small_response.status_code == large_response.status_code == 413
    assert small_read == 3000
    assert large_read == 5000
