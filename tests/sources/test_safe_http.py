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
