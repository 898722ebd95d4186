"""Every path that writes (the admin, the API, the commands) goes through the same
services, so the editorial rules hold whichever one a person uses."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from claims import assessment_service, services, workflow
from claims.models import Claim, Evidence
from tests import factories
from tests.admin_payloads import NO_TRANSLATIONS, claim_payload, evidence_row
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
Status = Claim.Status


@pytest.fixture
def second_eye(settings):
    settings.FACTCHECK_SECOND_EYE = True


def in_review_with_draft(by) -> Claim:
    claim = factories.ClaimFactory()
    factories.EvidenceFactory(claim=claim)
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    workflow.draft_verdict(claim=claim, by=by, rating="false", rationale="The first draft.")
    return claim


def writers(claim) -> set:
    return set(claim.verdicts.drafts().get().written_by.values_list("username", flat=True))


# The second pair of eyes: whoever wrote any part of a draft may not publish it.


def test_an_editor_who_rewrites_a_draft_through_the_api_cannot_publish_it(
    second_eye, fact_checker, editor
):
    claim = in_review_with_draft(fact_checker)
    draft = claim.verdicts.drafts().get()
    api = token_client(editor)

    rewritten = api.patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {"rating": "true", "rationale": "The editor's own words.", "version": draft.version},
        format="json",
    )
    published = api.post(f"/api/v1/claims/{claim.pk}/publish/")

    assert rewritten.status_code == 200, rewritten.content
    assert writers(claim) == {fact_checker.username, editor.username}
    assert published.status_code == 400
    assert "wrote none of it" in published.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_an_editor_who_rewrites_a_draft_in_the_admin_cannot_publish_it(
    second_eye, fact_checker, editor, client
):
    claim = in_review_with_draft(fact_checker)
    draft = claim.verdicts.drafts().get()
    client.force_login(editor)
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    client.post(
        url,
        {
            "rating": "true",
            "rationale": "The editor's own words.",
            "loaded_version": draft.version,
            **NO_TRANSLATIONS,
        },
    )

    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    response = client.post(
        reverse("admin:claims_claim_step", args=[claim.pk, Status.PUBLISHED]), follow=True
    )

    assert writers(claim) == {fact_checker.username, editor.username}
    assert "Publish verdict</button>" not in page
    assert "Not yours to publish" in page
    assert any("wrote none of it" in str(m) for m in response.context["messages"])
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_an_editor_who_rewrites_a_draft_by_command_cannot_publish_it(
    second_eye, fact_checker, editor
):
    claim = in_review_with_draft(fact_checker)
    call_command(
        "claim_workflow",
        str(claim.pk),
        "verdict",
        by=editor.username,
        rating="true",
        rationale="The editor's own words.",
    )

    with pytest.raises(CommandError, match="wrote none of it"):
        call_command("claim_workflow", str(claim.pk), "publish", by=editor.username)

    assert writers(claim) == {fact_checker.username, editor.username}


def test_the_rule_can_be_switched_off_for_a_one_person_newsroom(settings, editor):
    settings.FACTCHECK_SECOND_EYE = False
    claim = in_review_with_draft(editor)

    call_command("claim_workflow", str(claim.pk), "publish", by=editor.username)

    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


# A save that changes nothing in a draft makes nobody one of its writers.


def test_saving_a_draft_unchanged_in_the_admin_makes_nobody_its_writer(
    second_eye, fact_checker, editor, second_editor, client
):
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim)
    draft = factories.draft_correction(claim, by=editor)
    client.force_login(fact_checker)
    url = reverse("admin:claims_verdict_change", args=[draft.pk])

    response = client.post(
        url,
        {
            "rating": draft.rating,
            "rationale": draft.rationale,
            "correction_note": draft.correction_note,
            "loaded_version": draft.version,
            **NO_TRANSLATIONS,
        },
    )

    assert response.status_code == 302
    assert writers(claim) == {editor.username}
    with pytest.raises(workflow.WorkflowError, match="wrote none of it"):
        workflow.publish_claim(claim=claim, by=editor)
    workflow.publish_claim(claim=claim, by=second_editor)


def test_patching_a_draft_with_the_same_words_through_the_api_makes_nobody_its_writer(
    fact_checker, editor
):
    claim = in_review_with_draft(fact_checker)
    draft = claim.verdicts.drafts().get()

    response = token_client(editor).patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {"rating": draft.rating, "rationale": draft.rationale, "version": draft.version},
        format="json",
    )

    assert response.status_code == 200
    assert writers(claim) == {fact_checker.username}
    assert response.json()["version"] == draft.version


def test_drafting_the_same_words_by_command_makes_nobody_its_writer(fact_checker, editor):
    claim = in_review_with_draft(fact_checker)
    call_command(
        "claim_workflow",
        str(claim.pk),
        "verdict",
        by=editor.username,
        rating="false",
        rationale="The first draft.",
    )
    assert writers(claim) == {fact_checker.username}


# The assessment is computed once per service call, whatever the number of rows.


@pytest.fixture
def reassessments(monkeypatch):
    calls = []
    original = assessment_service.reassess_claims

    def counting(claim_ids):
        calls.append(sorted(set(claim_ids)))
        return original(claim_ids)

    monkeypatch.setattr(assessment_service, "reassess_claims", counting)
    return calls


def new_claim_with_evidence(rows: int) -> dict:
    claimant = factories.ClaimantFactory()
    sources = factories.SourceFactory.create_batch(rows)
    return claim_payload(
        claimant=claimant,
        evidence=[evidence_row(source, stance="contradicts") for source in sources],
    )


@pytest.mark.parametrize("rows", [1, 4])
def test_adding_a_claim_with_evidence_in_the_admin_assesses_it_once(
    checker_client, reassessments, rows
):
    response = checker_client.post(reverse("admin:claims_claim_add"), new_claim_with_evidence(rows))

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.evidence.count() == rows
    assert reassessments == [[claim.pk]]
    assert claim.evidence_status == "contradicted"


@pytest.mark.parametrize("rows", [1, 4])
def test_adding_a_claim_in_the_admin_costs_the_same_queries_for_1_or_4_evidence_rows(
    checker_client, rows, django_assert_max_num_queries
):
    payload = new_claim_with_evidence(rows)
    # A row costs its source's lookup, the check of its admission-against-interest note
    # and its insert; the assessment is computed once; the "possibly the same claim" check
    # after the save adds a fixed few.
    with django_assert_max_num_queries(65):
        response = checker_client.post(reverse("admin:claims_claim_add"), payload)
    assert response.status_code == 302


def test_adding_evidence_through_the_api_assesses_the_claim_once(fact_checker, reassessments):
    claim = factories.ClaimFactory()
    reassessments.clear()

    response = token_client(fact_checker).post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": factories.SourceFactory().pk, "stance": "supports"},
        format="json",
    )

    assert response.status_code == 201
    assert reassessments == [[claim.pk]]
    assert response.json()["claim_assessment"]["evidence_status"] == "single_origin"


def test_loading_the_seed_case_assesses_each_claim_once(reassessments):
    call_command("load_seeds", stdout=None)

    assert len(reassessments) == 1
    assert reassessments[0] == sorted(Claim.objects.values_list("pk", flat=True))


def test_a_failed_service_call_writes_nothing_and_assesses_nothing(reassessments):
    claim = factories.ClaimFactory()
    taken = factories.EvidenceFactory(claim=claim).source
    reassessments.clear()

    with pytest.raises(IntegrityError):  # one evidence row per claim and source
        services.save_claim(
            instance=claim,
            by=None,
            summary="Changed",
            evidence=[services.RowChange(values={"source": taken, "stance": "supports"})],
        )

    claim.refresh_from_db()
    assert claim.summary != "Changed"
    assert Evidence.objects.filter(claim=claim).count() == 1
    assert reassessments == []


# Deleting goes through the services too.


def test_deleting_evidence_from_the_admin_list_reassesses_the_claim(editor_client):
    evidence = factories.EvidenceFactory(stance="contradicts")
    claim = evidence.claim

    editor_client.post(
        reverse("admin:claims_evidence_changelist"),
        {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
    )

    claim.refresh_from_db()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert claim.evidence_status == "unverified"


def test_deleting_material_a_piece_relies_on_reassesses_its_claim(editor_client):
    own = factories.SourceFactory(title="The claimant's own statement")
    claimant = factories.ClaimantFactory(affiliations=[own.outlet])
    claim = factories.ClaimFactory(claimant=claimant)
    factories.EvidenceFactory(claim=claim, stance="contradicts", relies_on=[own])
    assert Claim.objects.get(pk=claim.pk).evidence_status == "unsubstantiated"

    editor_client.post(reverse("admin:sources_source_delete", args=[own.pk]), {"post": "yes"})

    assert Claim.objects.get(pk=claim.pk).evidence_status == "contradicted"


def test_a_draft_verdict_is_discarded_through_the_workflow(editor_client, fact_checker):
    claim = in_review_with_draft(fact_checker)
    draft = claim.verdicts.drafts().get()

    editor_client.post(reverse("admin:claims_verdict_delete", args=[draft.pk]), {"post": "yes"})

    assert not claim.verdicts.exists()
