"""Unpublished work never reaches an anonymous client: no endpoint, filter or export shows
a draft claim, its evidence, appearances or verdicts, a draft correction of a published
claim, or a claimant, event, source or outlet that only unpublished work uses."""

import pytest

from claims import workflow
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "unpublished-marker"


@pytest.fixture
def hidden(fact_checker):
    """Unpublished work, each piece carrying the marker, next to one published claim."""
    outlet = factories.OutletFactory(name=f"{SECRET} outlet", slug=f"{SECRET}-outlet")
    source = factories.SourceFactory(title=f"{SECRET} source", outlet=outlet)
    claimant = factories.ClaimantFactory(name=f"{SECRET} claimant", slug=f"{SECRET}-claimant")
    event = factories.EventFactory(name=f"{SECRET} event", slug=f"{SECRET}-event")
    draft = factories.ClaimFactory(
        text=f"{SECRET} text", summary=f"{SECRET} summary", claimant=claimant, event=event
    )
    evidence = factories.EvidenceFactory(claim=draft, source=source, excerpt=SECRET)
    appearance = factories.AppearanceFactory(claim=draft, source=source, quote=SECRET)
    draft_verdict = workflow.draft_verdict(
        claim=draft, by=fact_checker, rating="false", rationale=f"{SECRET} rationale"
    )
    workflow.move_claim(claim=draft, to=Claim.Status.RESEARCHING, by=fact_checker)

    published = factories.published_claim(summary="Published claim")
    correction = factories.draft_correction(
        published,
        by=fact_checker,
        rating="true",
        rationale=f"{SECRET} correction",
        note=f"{SECRET} note",
    )
    return {
        "claim": draft, "evidence": evidence, "appearance": appearance,
        "verdicts": [draft_verdict, correction], "published": published,
        "claimant": claimant, "event": event, "source": source, "outlet": outlet,
    }  # fmt: skip


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_no_list_feed_or_export_shows_unpublished_work(anon, hidden):
    urls = [
        "/api/v1/claims/", "/api/v1/claims/?status=draft", "/api/v1/claims/?status=researching",
        f"/api/v1/claims/?q={SECRET}", "/api/v1/claims/export/",
        "/api/v1/claims/export/?status=researching", "/api/v1/evidence/", "/api/v1/sources/",
        "/api/v1/outlets/", "/api/v1/claimants/", "/api/v1/events/", "/api/v1/verdicts/",
        "/api/v1/verdicts/?status=draft", "/api/v1/corrections/", "/api/v1/claimreview/",
        f"/api/v1/claims/{hidden['published'].pk}/",
        f"/api/v1/claims/{hidden['published'].pk}/claimreview/",
    ]  # fmt: skip
    for url in urls:
        response = anon.get(url)
        assert response.status_code == 200, url
        assert SECRET not in body(response), url


def test_unpublished_records_are_not_found_by_anonymous_clients(anon, hidden):
    urls = [
        f"/api/v1/claims/{hidden['claim'].pk}/",
        f"/api/v1/claims/{hidden['claim'].pk}/claimreview/",
        f"/api/v1/evidence/{hidden['evidence'].pk}/",
        f"/api/v1/sources/{hidden['source'].pk}/",
        f"/api/v1/outlets/{hidden['outlet'].pk}/",
        f"/api/v1/claimants/{hidden['claimant'].pk}/",
        f"/api/v1/events/{hidden['event'].pk}/",
        *(f"/api/v1/verdicts/{verdict.pk}/" for verdict in hidden["verdicts"]),
    ]
    for url in urls:
        assert anon.get(url).status_code == 404, url


def test_filtering_by_what_only_unpublished_work_uses_is_refused_not_revealed(anon, hidden):
    urls = [
        f"/api/v1/claims/?claimant={SECRET}-claimant",
        f"/api/v1/claims/?event={SECRET}-event",
        f"/api/v1/evidence/?claim={hidden['claim'].pk}",
        f"/api/v1/verdicts/?claim={hidden['claim'].pk}",
        f"/api/v1/sources/?outlet={SECRET}-outlet",
    ]
    for url in urls:
        response = anon.get(url)
        assert response.status_code == 400, url
        assert SECRET not in body(response), url


def test_staff_see_the_unpublished_work(checker_api, hidden):
    listed = checker_api.get("/api/v1/claims/?status=researching").json()["results"]
    detail = checker_api.get(f"/api/v1/claims/{hidden['claim'].pk}/").json()

    assert [claim["id"] for claim in listed] == [hidden["claim"].pk]
    assert detail["evidence"][0]["excerpt"] == SECRET
    assert detail["appearances"][0]["quote"] == SECRET
    assert detail["verdicts"][0]["status"] == "draft"


def test_published_claim_detail_shows_only_its_published_verdicts_to_anonymous(anon, hidden):
    detail = anon.get(f"/api/v1/claims/{hidden['published'].pk}/").json()

    assert [v["status"] for v in detail["verdicts"]] == ["published"]
    assert detail["verdict"]["rating"] == "false"


def test_a_retracted_claim_leaves_the_public_api(anon, editor, hidden):
    published = hidden["published"]
    workflow.retract_claim(claim=published, by=editor, reason="The recording was misattributed.")

    assert anon.get(f"/api/v1/claims/{published.pk}/").status_code == 404
    assert anon.get(f"/api/v1/claims/{published.pk}/claimreview/").status_code == 404
    assert anon.get("/api/v1/claimreview/").json()["dataFeedElement"] == []


def test_a_public_claimants_affiliations_leave_out_an_unpublished_outlet(anon):
    public_outlet = factories.OutletFactory(slug="public-outlet")
    hidden_outlet = factories.OutletFactory(slug=f"{SECRET}-outlet")
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim, source=factories.SourceFactory(outlet=public_outlet))
    claim.claimant.affiliations.add(public_outlet, hidden_outlet)

    listed = anon.get("/api/v1/claimants/").json()["results"]
    detail = anon.get(f"/api/v1/claimants/{claim.claimant.pk}/").json()

    assert [row["affiliations"] for row in listed] == [["public-outlet"]]
    assert detail["affiliations"] == ["public-outlet"]


@pytest.fixture
def staff_without_role_api(db):
    """Someone who may sign in to the admin but holds no newsroom role."""
    from tests.api.conftest import token_client

    return token_client(factories.UserFactory(username="intern", is_staff=True))


def test_a_staff_user_with_no_role_sees_what_the_public_sees(staff_without_role_api, hidden):
    urls = [
        "/api/v1/claims/", "/api/v1/claims/?status=researching", "/api/v1/claims/export/",
        "/api/v1/evidence/", "/api/v1/sources/", "/api/v1/outlets/", "/api/v1/claimants/",
        "/api/v1/events/", "/api/v1/verdicts/", "/api/v1/corrections/",
        f"/api/v1/claims/{hidden['published'].pk}/",
    ]  # fmt: skip
    for url in urls:
        response = staff_without_role_api.get(url)
        assert response.status_code == 200, url
        assert SECRET not in body(response), url
    hidden_urls = [
        f"/api/v1/claims/{hidden['claim'].pk}/",
        f"/api/v1/sources/{hidden['source'].pk}/",
        f"/api/v1/outlets/{hidden['outlet'].pk}/",
        *(f"/api/v1/verdicts/{verdict.pk}/" for verdict in hidden["verdicts"]),
    ]
    for url in hidden_urls:
        assert staff_without_role_api.get(url).status_code == 404, url


def test_a_user_given_only_the_unpublished_permission_sees_the_work(hidden):
    from django.contrib.auth.models import Permission

    from tests.api.conftest import token_client

    reader = factories.UserFactory(username="auditor")
    reader.user_permissions.add(Permission.objects.get(codename="view_unpublished"))
    listed = token_client(reader).get("/api/v1/claims/?status=researching").json()["results"]

    assert [claim["id"] for claim in listed] == [hidden["claim"].pk]


def test_an_external_review_names_an_unpublished_claim_only_to_the_newsroom(
    anon, checker_api, fact_checker, hidden
):
    from intake import services as intake_services

    review, _ = intake_services.import_review(
        values={
            "url": "https://factcheck.example/review/1",
            "claim_text": "A claim another fact-checker reviewed.",
            "publisher_name": "Another fact-checker",
            "rating_text": "False",
        }
    )
    intake_services.confirm_review(review=review, claim=hidden["claim"], by=fact_checker)
    url = f"/api/v1/external-reviews/{review.pk}/"

    assert anon.get(url).json()["confirmed_claim"] is None
    assert anon.get("/api/v1/external-reviews/").json()["results"][0]["confirmed_claim"] is None
    assert checker_api.get(url).json()["confirmed_claim"] == hidden["claim"].pk
