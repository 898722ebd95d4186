"""The editorial workflow through the API: the same rules as the admin, with clear refusals."""

import pytest

from claims import workflow
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db


def move(client, claim, to):
    return client.post(f"/api/v1/claims/{claim.pk}/transition/", {"to": to}, format="json")


def claim_in_review(by, **kwargs):
    claim = factories.ClaimFactory(**kwargs)
    factories.EvidenceFactory(claim=claim)
    workflow.move_claim(claim=claim, to=Claim.Status.RESEARCHING, by=by)
    workflow.move_claim(claim=claim, to=Claim.Status.IN_REVIEW, by=by)
    return claim


def test_claim_goes_from_draft_to_published_through_the_api(checker_api, editor_api):
    claim = factories.ClaimFactory()
    factories.EvidenceFactory(claim=claim)

    assert move(checker_api, claim, "researching").json()["status"] == "researching"
    assert move(checker_api, claim, "in_review").json()["status"] == "in_review"
    drafted = checker_api.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "false", "rationale": "Because."},
        format="json",
    )
    published = editor_api.post(f"/api/v1/claims/{claim.pk}/publish/")

    assert drafted.status_code == 201
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["verdict"]["rating"] == "false"
    assert [v["status"] for v in published.json()["verdicts"]] == ["published"]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("draft", "researching"),
        ("researching", "draft"),
        ("researching", "in_review"),
        ("in_review", "researching"),
    ],
)
def test_legal_moves_are_applied(checker_api, fact_checker, start, to):
    claim = factories.ClaimFactory()
    workflow.import_claim_state(claim=claim, status=start)

    response = move(checker_api, claim, to)

    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.status == to


@pytest.mark.parametrize(("start", "to"), [("draft", "in_review"), ("in_review", "draft")])
def test_illegal_moves_are_refused_with_the_reason(checker_api, start, to):
    claim = factories.ClaimFactory()
    workflow.import_claim_state(claim=claim, status=start)

    response = move(checker_api, claim, to)

    claim.refresh_from_db()
    assert response.status_code == 400
    assert "cannot go from" in response.json()["detail"]
    assert claim.status == start


def test_publish_and_retract_are_not_transitions(checker_api):
    claim = factories.ClaimFactory()

    response = move(checker_api, claim, "published")

    assert response.status_code == 400
    assert "to" in response.json()


def test_publishing_without_a_draft_verdict_is_refused(editor_api, fact_checker):
    claim = claim_in_review(fact_checker)

    response = editor_api.post(f"/api/v1/claims/{claim.pk}/publish/")

    assert response.status_code == 400
    assert "no draft verdict" in response.json()["detail"]


def test_author_of_the_verdict_cannot_publish_it(editor_api, editor):
    claim = claim_in_review(editor)
    workflow.draft_verdict(claim=claim, by=editor, rating="false", rationale="Mine.")

    response = editor_api.post(f"/api/v1/claims/{claim.pk}/publish/")

    claim.refresh_from_db()
    assert response.status_code == 400
    assert "wrote none of it" in response.json()["detail"]
    assert claim.status == Claim.Status.IN_REVIEW


def test_another_editor_publishes_the_verdict(second_editor_api, editor):
    claim = claim_in_review(editor)
    workflow.draft_verdict(claim=claim, by=editor, rating="false", rationale="Mine.")

    response = second_editor_api.post(f"/api/v1/claims/{claim.pk}/publish/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"


def test_one_person_newsroom_lets_the_author_publish(settings, editor_api, editor):
    settings.FACTCHECK_SECOND_EYE = False
    claim = claim_in_review(editor)
    workflow.draft_verdict(claim=claim, by=editor, rating="false", rationale="Mine.")

    response = editor_api.post(f"/api/v1/claims/{claim.pk}/publish/")

    assert response.status_code == 200, response.content


def test_retraction_needs_a_reason_and_is_shown(editor_api):
    claim = factories.published_claim()

    refused = editor_api.post(f"/api/v1/claims/{claim.pk}/retract/", {}, format="json")
    retracted = editor_api.post(
        f"/api/v1/claims/{claim.pk}/retract/",
        {"reason": "The quote was misattributed."},
        format="json",
    )

    assert refused.status_code == 400
    assert "reason" in refused.json()
    assert retracted.status_code == 200
    assert retracted.json()["status"] == "retracted"


def test_retracting_a_claim_that_is_not_published_is_refused(editor_api):
    claim = factories.ClaimFactory()

    response = editor_api.post(
        f"/api/v1/claims/{claim.pk}/retract/", {"reason": "Why"}, format="json"
    )

    assert response.status_code == 400
    assert "cannot go from" in response.json()["detail"]


def test_correction_appears_in_the_corrections_feed_and_the_verdict_history(
    anon, checker_api, editor_api
):
    claim = factories.published_claim(rating="false")
    factories.EvidenceFactory(claim=claim)
    checker_api.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "mostly_false", "rationale": "A second count.",
         "correction_note": "The ministry revised its count."},
        format="json",
    )  # fmt: skip
    editor_api.post(f"/api/v1/claims/{claim.pk}/publish/")

    corrections = anon.get("/api/v1/corrections/").json()["results"]
    history = anon.get(f"/api/v1/claims/{claim.pk}/").json()["verdicts"]

    assert len(corrections) == 1
    assert corrections[0]["claim"] == {"id": claim.pk, "summary": claim.summary}
    assert (corrections[0]["previous_rating"], corrections[0]["rating"]) == (
        "false",
        "mostly_false",
    )
    assert corrections[0]["correction_note"] == "The ministry revised its count."
    assert corrections[0]["published_at"]
    assert [v["rating"] for v in history] == ["mostly_false", "false"]
    assert history[0]["corrects"] == history[1]["id"]


def test_history_lists_changes_with_who_made_them(checker_api, editor_api, fact_checker):
    claim = factories.ClaimFactory(summary="Original")
    checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"summary": "Reworded", "version": claim.version},
        format="json",
    )
    evidence = checker_api.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": factories.SourceFactory().pk, "stance": "supports"},
        format="json",
    )

    history = editor_api.get(f"/api/v1/claims/{claim.pk}/history/").json()

    by_record = {(event["record"], event["action"]): event for event in history}
    assert by_record[("evidence", "insert")]["record_id"] == str(evidence.json()["id"])
    assert by_record[("evidence", "insert")]["user"] == fact_checker.username
    reworded = next(
        e for e in history if e["record"] == "claim" and (e["changes"] or {}).get("summary")
    )
    assert reworded["changes"]["summary"] == ["Original", "Reworded"]
    assert reworded["user"] == fact_checker.username
