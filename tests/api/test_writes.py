"""Writes: validation with field messages, one transaction each, the assessment recomputed
in it, and the API user recorded in the audit trail."""

import pytest
from pghistory.models import Events

from claims.models import Claim, Evidence, Verdict
from sources.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


def test_fact_checker_adds_evidence_with_a_token_and_sees_the_evidence_status_change(
    checker_api, fact_checker
):
    claim = factories.ClaimFactory()
    source = factories.SourceFactory()
    before = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()

    response = checker_api.post(
        "/api/v1/evidence/",
        {
            "claim": claim.pk,
            "source": source.pk,
            "stance": "contradicts",
            "excerpt": "The count was lower.",
        },
        format="json",
    )

    claim.refresh_from_db()
    assert before["evidence_status"] == "unverified"
    assert response.status_code == 201, response.content
    assessment = response.json()["claim_assessment"]
    assert assessment["evidence_status"] == claim.evidence_status != "unverified"
    assert assessment["evidence_counts"]["contradicting"] == 1
    assert assessment["assessment"] == claim.assessment
    assert Evidence.objects.get(pk=response.json()["id"]).added_by == fact_checker


def test_changing_evidence_stance_recomputes_the_assessment(checker_api):
    claim = factories.ClaimFactory()
    evidence = factories.EvidenceFactory(claim=claim, stance="supports")

    response = checker_api.patch(
        f"/api/v1/evidence/{evidence.pk}/",
        {"stance": "contradicts", "version": evidence.version},
        format="json",
    )

    assert response.status_code == 200, response.content
    counts = response.json()["claim_assessment"]["evidence_counts"]
    assert (counts["supporting"], counts["contradicting"]) == (0, 1)


def test_token_user_is_recorded_as_the_author_of_the_change(checker_api, fact_checker):
    claim = factories.ClaimFactory(summary="Original")

    checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"summary": "Reworded", "version": claim.version},
        format="json",
    )

    event = (
        Events.objects.tracks(claim).filter(pgh_label="update").order_by("-pgh_created_at").first()
    )
    assert event.pgh_diff["summary"] == ["Original", "Reworded"]
    assert event.pgh_context["user"] == fact_checker.pk


def test_created_claim_records_who_created_it_and_starts_as_draft(checker_api, fact_checker):
    claimant = factories.ClaimantFactory()

    response = checker_api.post(
        "/api/v1/claims/",
        {
            "text": "Said on air.",
            "summary": "Said on air",
            "claimant": claimant.slug,
            "status": "published",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.status == Claim.Status.DRAFT
    assert claim.created_by == fact_checker
    assert response.json()["evidence"] == []
    assert response["ETag"].startswith(f'"{claim.version}-')


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"summary": "No text", "claimant": "x"}, "text"),
        ({"text": "Said.", "summary": "Said", "claimant": "no-such-claimant"}, "claimant"),
        ({"text": "Said.", "summary": "Said", "claimant": "{slug}", "kind": "rumour"}, "kind"),
        (
            {"text": "Said.", "summary": "Said", "claimant": "{slug}", "stated_on": "7 Jan"},
            "stated_on",
        ),
        ({"text": "Said.", "summary": "x" * 301, "claimant": "{slug}"}, "summary"),
    ],
)
def test_bad_claim_input_is_a_400_with_a_message_for_the_field(checker_api, payload, field):
    slug = factories.ClaimantFactory().slug
    payload = {key: value.replace("{slug}", slug) for key, value in payload.items()}

    response = checker_api.post("/api/v1/claims/", payload, format="json")

    assert response.status_code == 400
    assert response.json()[field][0]
    assert not Claim.objects.exists()


def test_second_evidence_row_for_the_same_claim_and_source_is_a_400(checker_api):
    evidence = factories.EvidenceFactory()

    response = checker_api.post(
        "/api/v1/evidence/",
        {"claim": evidence.claim_id, "source": evidence.source_id, "stance": "supports"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]
    assert Evidence.objects.count() == 1


def test_evidence_stance_must_be_a_known_one(checker_api):
    evidence = factories.EvidenceFactory()

    response = checker_api.patch(
        f"/api/v1/evidence/{evidence.pk}/",
        {"stance": "agrees", "version": evidence.version},
        format="json",
    )

    assert response.status_code == 400
    assert "stance" in response.json()


def test_event_cannot_end_before_it_starts(checker_api):
    response = checker_api.post(
        "/api/v1/events/",
        {"name": "Unrest", "slug": "unrest", "starts_on": "2022-01-05", "ends_on": "2022-01-02"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["ends_on"][0]


def test_source_cannot_cite_itself(checker_api):
    source = factories.SourceFactory()

    response = checker_api.patch(
        f"/api/v1/sources/{source.pk}/",
        {"cites": [source.pk], "version": source.version},
        format="json",
    )

    assert response.status_code == 400
    assert "cites" in response.json()


def test_source_provenance_is_written_through_the_api(checker_api):
    statement = factories.SourceFactory(title="Ministry statement")
    outlet = factories.OutletFactory()

    response = checker_api.post(
        "/api/v1/sources/",
        {"title": "Report", "outlet": outlet.slug, "cites": [statement.pk]},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["cites"] == [statement.pk]
    assert response.json()["outlet"]["slug"] == outlet.slug
    assert list(Source.objects.get(pk=response.json()["id"]).cites.all()) == [statement]


def test_claimant_affiliations_are_written_by_outlet_slug(checker_api):
    claimant = factories.ClaimantFactory()
    outlet = factories.OutletFactory()

    response = checker_api.patch(
        f"/api/v1/claimants/{claimant.pk}/",
        {"affiliations": [outlet.slug], "version": claimant.version},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["affiliations"] == [outlet.slug]


def test_draft_verdict_is_written_through_the_workflow(checker_api, fact_checker):
    claim = factories.ClaimFactory()

    response = checker_api.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "false", "rationale": "Because."},
        format="json",
    )

    assert response.status_code == 201, response.content
    verdict = Verdict.objects.get(pk=response.json()["id"])
    assert (verdict.status, verdict.author) == (Verdict.Status.DRAFT, fact_checker)


def test_verdict_for_a_published_claim_needs_a_correction_note(checker_api):
    claim = factories.published_claim()

    response = checker_api.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "true", "rationale": "New facts."},
        format="json",
    )

    assert response.status_code == 400
    assert "correction note" in response.json()["correction_note"][0]


def test_published_verdict_is_never_changed_through_the_api(editor_api):
    verdict = factories.published_claim().current_verdict

    response = editor_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rationale": "Rewritten", "version": verdict.version},
        format="json",
    )

    verdict.refresh_from_db()
    assert response.status_code == 400
    assert "never changed" in response.json()["detail"]
    assert verdict.rationale == "Why the claim is rated this way."


def test_status_cannot_be_written_directly(checker_api):
    claim = factories.ClaimFactory()

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"status": "published", "version": claim.version},
        format="json",
    )

    claim.refresh_from_db()
    assert response.status_code == 200
    assert claim.status == Claim.Status.DRAFT
