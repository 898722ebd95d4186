"""The one outbound HTTP client: what it fetches, what it refuses, and its limits."""

import hashlib

import pytest

from core import safe_http


def test_fetches_a_page_with_its_hash(site):
    site.page("/a", "<p>Hello</p>")
    response = safe_http.fetch(site.url("/a"))
    assert response.status == 200
    assert response.content_type == "text/html"
    assert response.body == b"<p>Hello</p>"
    assert response.sha256 == hashlib.sha256(b"<p>Hello</p>").hexdigest()
    assert response.final_url == site.url("/a")


def test_follows_redirects_and_reports_where_they_led(site):
    site.redirect("/old", "/new", status=301)
    site.page("/new", "moved here")
    response = safe_http.fetch(site.url("/old"))
    assert response.final_url == site.url("/new")
    assert response.redirects == [site.url("/old")]
    assert response.body == b"moved here"


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"],
)
def test_refuses_other_schemes(url):
    with pytest.raises(safe_http.Refused, match="Only http and https"):
        safe_http.fetch(url)


def test_refuses_addresses_with_credentials():
    with pytest.raises(safe_http.Refused, match="user name or password"):
        safe_http.fetch("http://user:secret@example.org/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_refuses_private_addresses_without_the_setting(settings, url):
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(safe_http.Refused, match="private, loopback or link-local"):
        safe_http.fetch(url)


def test_the_local_test_server_itself_is_refused_without_the_setting(settings, site):
    site.page("/a", "secret")
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(safe_http.Refused):
        safe_http.fetch(site.url("/a"))
    assert site.requests == []


def test_each_redirect_is_checked_again(settings, site, monkeypatch):
    # The server itself counts as public here; where it redirects to does not.
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = False
    monkeypatch.setattr(safe_http, "is_public_address", lambda address: address == "127.0.0.1")
    site.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    site.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(safe_http.Refused, match="169.254.169.254"):
        safe_http.fetch(site.url("/to-metadata"))
    with pytest.raises(safe_http.Refused, match="Only http and https"):
        safe_http.fetch(site.url("/to-file"))


def test_too_many_redirects(site):
    site.redirect("/loop", "/loop")
    with pytest.raises(safe_http.Refused, match="redirects"):
        safe_http.fetch(site.url("/loop"), max_redirects=3)


def test_a_slow_server_times_out(site):
    site.page("/slow", "late", delay=1.5)
    with pytest.raises(safe_http.Unreachable, match="did not answer in time") as caught:
        safe_http.fetch(site.url("/slow"), read_timeout=0.3)
    assert caught.value.retryable


def test_an_answer_over_the_size_cap_is_refused(site):
    site.page("/big", b"x" * 5000)
    site.page("/big-undeclared", b"x" * 5000, declare_length=False)
    with pytest.raises(safe_http.Refused, match="larger than the 1000 bytes limit"):
        safe_http.fetch(site.url("/big"), max_bytes=1000)
    with pytest.raises(safe_http.Refused, match="larger than"):
        safe_http.fetch(site.url("/big-undeclared"), max_bytes=1000)
    assert len(safe_http.fetch(site.url("/big"), max_bytes=5000).body) == 5000


def test_a_closed_port_is_unreachable(site):
    url = site.url("/a")
    site.server.shutdown()
    site.server.server_close()
    with pytest.raises(safe_http.Unreachable):
        safe_http.fetch(url, connect_timeout=0.5)


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a01:203",  # NAT64 of 10.1.2.3
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:a::1",  # 6to4 of 192.168.0.10
        "::127.0.0.1",  # IPv4-compatible
        "::10.0.0.1",
        "::ffff:169.254.169.254",  # IPv4-mapped
    ],
)
def test_ipv6_addresses_that_carry_a_private_ipv4_address_are_refused(settings, address):
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = False
    assert not safe_http.is_public_address(address)
    with pytest.raises(safe_http.Refused, match="private, loopback or link-local"):
        safe_http.fetch(f"http://[{address}]/")


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"])
def test_ipv6_addresses_that_carry_a_public_ipv4_address_are_public(address):
    assert safe_http.is_public_address(address)


@pytest.fixture
def trickler():
    """A server on 127.0.0.1 that sends its answer one byte every 50 ms, for ever."""
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            conn.recv(65536)
            answer = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000
            try:
                for byte in answer:
                    if stop.is_set():
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(0.05)
            except OSError:
                pass
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    thread.join(timeout=2)
    listener.close()


@pytest.mark.parametrize("stage", ["headers", "body"])
def test_a_trickling_server_is_cut_at_the_overall_deadline(trickler, stage):
    import time

    # Each byte comes well within the read timeout; only the overall deadline ends it.
    # The headers alone take about 2 s to trickle in, so a 1 s deadline cuts them.
    deadline = 1.0 if stage == "headers" else 3.0
    started = time.monotonic()
    message = "did not answer in time" if stage == "headers" else "took too long"
    with pytest.raises(safe_http.Unreachable, match=message) as caught:
        safe_http.fetch(trickler, read_timeout=0.5, deadline_seconds=deadline)
    assert time.monotonic() - started < deadline + 0.5
    assert caught.value.retryable
