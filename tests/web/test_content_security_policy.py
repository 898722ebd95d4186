"""Every page, the admin and the API docs carry a Content-Security-Policy that allows
scripts from this site only, and none of them needs an inline script to work."""

import re

import pytest

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\b(src=|type=\"application/(ld\+)?json\"))[^>]*>")


@pytest.mark.parametrize(
    "url", ["/", "/claims/", "/methodology/", "/admin/login/", "/api/docs/", "/api/v1/"]
)
def test_pages_carry_a_policy_without_inline_scripts(client, url):
    response = client.get(url, HTTP_ACCEPT="text/html")

    policy = response.headers["Content-Security-Policy"]
    assert response.status_code == 200
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert not INLINE_SCRIPT.search(response.content)


def test_the_api_docs_load_their_start_up_script_from_the_site(client):
    page = client.get("/api/docs/")
    script = re.search(rb'<script src="([^"]*\?[^"]*script[^"]*)"', page.content)

    started = client.get(script.group(1).decode().replace("&amp;", "&"))

    assert started.status_code == 200
    assert b"SwaggerUIBundle" in started.content


def test_signed_in_admin_pages_need_no_inline_script(editor_client):
    for url in ["/admin/", "/admin/claims/claim/", "/admin/claims/claim/add/"]:
        response = editor_client.get(url)
        assert response.status_code == 200
        assert not INLINE_SCRIPT.search(response.content), url
