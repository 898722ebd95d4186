"""The project's own VCL (deploy/varnish/default.vcl) in a real Varnish on the loopback, in
front of the test server: what it keeps, what it passes, and how fast a purge reaches it."""

import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client

from bench.ports import free_port
from claims import workflow
from core.background import run_pending_tasks
from tests import factories
from tests.conftest import require_program

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
PURGE_TO_FRESH_SECONDS = 2.0


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    varnishd = require_program("varnishd", install="apt-get install varnish varnish-modules")
    backend = urlsplit(live_server.url)
    vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend.port}";')
    (tmp_path / "test.vcl").write_text(vcl)
    port = free_port()
    process = subprocess.Popen(
        [varnishd, "-F", "-j", "none", "-n", str(tmp_path / "work"), "-T", "none"]
        + ["-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "test.vcl"), "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.request("PURGE", address, headers={"xkey-purge": "warm-up"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("Varnish did not start.")
        settings.CACHE_PURGE_URL = f"varnish+{address}/"
        yield httpx.Client(base_url=address, timeout=10)
    finally:
        process.terminate()
        process.wait(timeout=10)


def session_cookie(user) -> dict:
    """The headers of a signed-in browser."""
    client = Client()
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def test_a_second_anonymous_read_is_a_hit(varnish):
    claim = factories.published_claim(summary="Troops were sent")
    for address in (f"/claims/{claim.pk}/", "/", f"/embed/claims/{claim.pk}/", "/api/v1/claims/"):
        first, second = varnish.get(address), varnish.get(address)
        assert first.status_code == second.status_code == 200, address
        assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit"), address
        assert "xkey" not in second.headers and "set-cookie" not in second.headers


def test_a_signed_in_read_is_passed_to_the_app_every_time(varnish, fact_checker):
    claim = factories.published_claim()
    cookies = session_cookie(fact_checker)
    for _ in range(2):
        response = varnish.get(f"/claims/{claim.pk}/", headers=cookies)
        assert response.headers["X-Cache"] == "miss"
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "Signed in as" in response.text


def test_staff_only_content_is_never_served_to_the_public(varnish, fact_checker):
    published = factories.published_claim(summary="Troops were sent")
    draft = factories.ClaimFactory(summary="A draft only staff may read")
    cookies = session_cookie(fact_checker)
    for address in (f"/claims/{published.pk}/", f"/claims/{draft.pk}/", "/", "/claims/"):
        varnish.get(address, headers=cookies)
        varnish.get(address, headers=cookies)
        public = varnish.get(address)
        assert "Signed in as" not in public.text, address
        assert "A draft only staff may read" not in public.text, address
    assert varnish.get(f"/claims/{draft.pk}/").status_code == 404


def test_a_published_correction_is_read_fresh_within_two_seconds(varnish, fact_checker, editor):
    claim = factories.published_claim(rating="mostly_false")
    factories.EvidenceFactory(claim=claim)
    address = f"/claims/{claim.pk}/"
    varnish.get(address)
    assert varnish.get(address).headers["X-Cache"] == "hit"
    factories.draft_correction(
        claim, by=fact_checker, rating="false", note="Cached pages must show this note."
    )

    workflow.publish_claim(claim=claim, by=editor)
    committed = time.monotonic()
    # A worker takes the purge first (it goes ahead of the archiving this test queued).
    run_pending_tasks(max_tasks=1)
    fresh = varnish.get(address)
    elapsed = time.monotonic() - committed

    assert "Cached pages must show this note." in fresh.text
    assert fresh.headers["X-Cache"] == "miss"
    assert elapsed < PURGE_TO_FRESH_SECONDS


def test_only_the_app_servers_may_purge(varnish):
    response = varnish.request("PURGE", "/", headers={"xkey-purge": "claims"})
    assert response.status_code == 200  # from the loopback, an app server's address
    assert "Purged" in response.text


def test_a_correction_purges_the_claims_page_in_every_language(varnish, fact_checker, editor):
    claim = factories.published_claim(rating="mostly_false")
    factories.EvidenceFactory(claim=claim)
    addresses = [f"{prefix}/claims/{claim.pk}/" for prefix in ("", "/ru", "/kk")]
    for address in addresses:
        varnish.get(address)
        assert varnish.get(address).headers["X-Cache"] == "hit", address
    factories.draft_correction(
        claim, by=fact_checker, rating="false", note="Every language shows this note."
    )

    workflow.publish_claim(claim=claim, by=editor)
    run_pending_tasks(max_tasks=1)

    for address in addresses:
        fresh = varnish.get(address)
        assert fresh.headers["X-Cache"] == "miss", address
        assert "Every language shows this note." in fresh.text, address
