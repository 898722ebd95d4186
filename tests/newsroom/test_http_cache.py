"""What a shared cache in front may keep, and what each change tells it to drop."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from claims import services, workflow
from core import http_cache
from core.background import run_pending_tasks
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/claims/",
    "/claims/{claim}/",
    "/claimants/{claimant}/",
    "/events/{event}/",
    "/sources/{source}/",
    "/outlets/{outlet}/",
    "/methodology/",
    "/embed/claims/{claim}/",
    "/feeds/corrections/",
    "/api/v1/claims/",
    "/api/v1/claims/{claim}/",
    "/api/v1/claims/{claim}/claimreview/",
    "/api/v1/claimreview/",
    "/api/v1/sources/",
    "/api/v1/outlets/",
    "/api/v1/claimants/",
    "/api/v1/events/",
    "/api/v1/verdicts/",
]


@pytest.fixture
def published():
    outlet = factories.OutletFactory(slug="daily")
    source = factories.SourceFactory(outlet=outlet)
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim, source=source)
    return claim, source


def addresses(claim, source):
    names = {
        "claim": claim.pk,
        "claimant": claim.claimant.slug,
        "event": claim.event.slug,
        "source": source.pk,
        "outlet": source.outlet.slug,
    }
    return [page.format(**names) for page in PUBLIC_PAGES]


def test_anonymous_reads_of_public_pages_are_cacheable_with_keys_and_no_cookie(client, published):
    for address in addresses(*published):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Cache-Control"].startswith("public, max-age="), address
        assert "s-maxage=" in response["Cache-Control"]
        assert response["Surrogate-Key"] == response["xkey"] and response["xkey"], address
        assert "cookie" not in response.get("Vary", "").lower(), address
        assert not response.cookies, address
        assert response.has_header("ETag"), address


def test_a_repeated_read_with_the_etag_is_answered_304(client, published):
    for address in addresses(*published):
        if address.startswith("/feeds/"):
            continue  # an empty Atom feed says "updated now" every time
        first = client.get(address)
        again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, address
        assert again["Cache-Control"] == first["Cache-Control"]


def test_the_claim_page_names_what_it_shows(client, published):
    claim, source = published
    keys = client.get(f"/claims/{claim.pk}/")["xkey"].split()
    assert {
        f"claim-{claim.pk}",
        f"claimant-{claim.claimant_id}",
        f"event-{claim.event_id}",
        f"source-{source.pk}",
        f"outlet-{source.outlet_id}",
    } <= set(keys)


def test_signed_in_readers_get_private_no_store(client, published, fact_checker):
    client.force_login(fact_checker)
    for address in addresses(*published):
        response = client.get(address)
        assert response["Cache-Control"] == "private, no-store", address
        assert not response.has_header("xkey"), address


def test_api_token_readers_get_private_no_store(published, editor):
    from tests.api.conftest import token_client

    response = token_client(editor).get("/api/v1/claims/")
    assert response["Cache-Control"] == "private, no-store"


def test_errors_forms_and_unpublished_work_are_not_offered_to_a_cache(client, fact_checker):
    draft = factories.ClaimFactory()
    for address in (f"/claims/{draft.pk}/", "/claims/?after=garbage", "/tips/new/"):
        response = client.get(address)
        assert "public" not in response.get("Cache-Control", ""), address
        assert not response.has_header("xkey"), address


@pytest.fixture
def purge_url(settings):
    settings.CACHE_PURGE_URL = "varnish+http://127.0.0.1:9/"


def purges() -> list[list[str]]:
    return [
        row.args_kwargs["args"][0]
        for row in DBTaskResult.objects.filter(task_path="core.http_cache.purge_keys")
    ]


def test_a_correction_purges_its_claim_and_the_lists_once(
    purge_url, published, fact_checker, editor, django_capture_on_commit_callbacks
):
    claim, _ = published
    factories.draft_correction(claim, by=fact_checker)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_claim(claim=claim, by=editor)

    assert len(purges()) == 1
    keys = purges()[0]
    assert {f"claim-{claim.pk}", "claims", "overview"} <= set(keys)


def test_a_service_call_touching_many_records_sends_one_purge(
    purge_url, published, editor, django_capture_on_commit_callbacks
):
    claim, source = published
    with django_capture_on_commit_callbacks(execute=True):
        services.save_claim(
            instance=claim,
            by=editor,
            summary="Edited with its evidence",
            evidence=[
                services.RowChange(row=claim.evidence.get(), values={"note": "Read again."}),
                services.RowChange(
                    values={"source": factories.SourceFactory(), "stance": "supports"}
                ),
            ],
        )
    assert len(purges()) == 1
    assert {f"claim-{claim.pk}", "claims"} <= set(purges()[0])


def test_changes_to_drafts_do_not_purge_the_public_lists(
    purge_url, fact_checker, django_capture_on_commit_callbacks
):
    draft = factories.ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_claim(instance=draft, by=fact_checker, summary="Still a draft")
    assert purges() == [[f"claim-{draft.pk}"]]


def test_a_change_to_an_outlet_purges_the_pages_that_show_it(
    purge_url, published, editor, django_capture_on_commit_callbacks
):
    from sources import services as source_services

    _, source = published
    with django_capture_on_commit_callbacks(execute=True):
        source_services.save_outlet(instance=source.outlet, by=editor, name="Renamed daily")
    assert f"outlet-{source.outlet_id}" in purges()[0]


def test_nothing_is_queued_without_a_purge_address(
    settings, published, editor, django_capture_on_commit_callbacks
):
    settings.CACHE_PURGE_URL = ""
    claim, _ = published
    with django_capture_on_commit_callbacks(execute=True):
        services.save_claim(instance=claim, by=editor, summary="Changed")
    assert purges() == []


def test_a_rolled_back_change_purges_nothing(purge_url, published, editor):
    claim, _ = published
    with pytest.raises(RuntimeError), transaction.atomic():
        services.save_claim(instance=claim, by=editor, summary="Changed")
        raise RuntimeError
    assert purges() == []


class Recording(http_cache.Purger):
    sent: list = []

    def send(self, keys):
        Recording.sent.append(keys)


@pytest.mark.parametrize(
    "url, method, target, header",
    [
        ("varnish+http://cache:6081/", "PURGE", "http://cache:6081/", "xkey-purge"),
        ("http://cdn.internal/purge", "PURGE", "http://cdn.internal/purge", "Surrogate-Key"),
        ("fastly://SRV1", "POST", "https://api.fastly.com/service/SRV1/purge", "Surrogate-Key"),
    ],
)
def test_each_purger_says_the_keys_its_cache_expects(settings, url, method, target, header):
    settings.CACHE_PURGE_URL = url
    request = http_cache.purger().request(["claim-1", "claims"])
    assert (request.method, str(request.url)) == (method, target)
    assert request.headers[header] == "claim-1 claims"


def test_cloudflare_purges_by_tag(settings):
    settings.CACHE_PURGE_URL = "cloudflare://ZONE"
    settings.CACHE_PURGE_TOKEN = "t0ken"
    request = http_cache.purger().request(["claim-1"])
    assert str(request.url) == "https://api.cloudflare.com/client/v4/zones/ZONE/purge_cache"
    assert request.headers["Authorization"] == "Bearer t0ken"
    assert request.content == b'{"tags":["claim-1"]}'


def test_the_worker_sends_the_purge_through_the_configured_purger(
    settings, published, editor, django_capture_on_commit_callbacks
):
    settings.CACHE_PURGE_URL = "http://cache.internal/"
    settings.CACHE_PURGER = f"{__name__}.Recording"
    Recording.sent.clear()
    claim, _ = published
    with django_capture_on_commit_callbacks(execute=True):
        services.save_claim(instance=claim, by=editor, summary="Changed")
    assert run_pending_tasks() == 1
    assert Recording.sent and f"claim-{claim.pk}" in Recording.sent[0]
