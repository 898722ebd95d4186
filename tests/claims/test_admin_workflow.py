"""The workflow through the admin: buttons on a claim's page, actions on the claim list,
the retraction and assignment pages, the work queues and the editors' history view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import workflow
from claims.models import Claim, Verdict
from tests import factories
from tests.admin_payloads import NO_TRANSLATIONS

pytestmark = pytest.mark.django_db

Status = Claim.Status
CHANGELIST = "admin:claims_claim_changelist"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def step(client, claim, to):
    return client.post(reverse("admin:claims_claim_step", args=[claim.pk, to]), follow=True)


def run_action(client, action, claims, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow=True,
    )


def in_review_with_draft(author):
    claim = factories.ClaimFactory(status=Status.IN_REVIEW)
    factories.EvidenceFactory(claim=claim)
    workflow.draft_verdict(
        claim=claim, by=author, rating="false", rationale="The records say otherwise."
    )
    return claim


@pytest.mark.parametrize(
    "frm, to, label",
    [
        (Status.DRAFT, Status.RESEARCHING, "Send to research"),
        (Status.RESEARCHING, Status.IN_REVIEW, "Send to review"),
        (Status.RESEARCHING, Status.DRAFT, "Back to draft"),
        (Status.IN_REVIEW, Status.RESEARCHING, "Back to research"),
    ],
)
def test_a_fact_checker_takes_each_working_step_with_the_claims_buttons(
    checker_client, frm, to, label
):
    claim = factories.ClaimFactory(status=frm)
    page = checker_client.get(
        reverse("admin:claims_claim_change", args=[claim.pk])
    ).content.decode()
    assert label in page
    response = step(checker_client, claim, to)
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == to
    assert f"The claim is now {Status(to).label.lower()}." in messages_of(response)


@pytest.mark.parametrize(
    "frm, to",
    [
        (Status.DRAFT, Status.IN_REVIEW),
        (Status.DRAFT, Status.DRAFT),
        (Status.IN_REVIEW, Status.DRAFT),
        (Status.PUBLISHED, Status.RESEARCHING),
        (Status.RETRACTED, Status.DRAFT),
    ],
)
def test_illegal_steps_in_the_admin_are_refused_with_a_message(editor_client, frm, to):
    claim = factories.ClaimFactory(
        status=frm, retraction_reason="Withdrawn." if frm == Status.RETRACTED else ""
    )
    response = step(editor_client, claim, to)
    assert response.status_code == 200
    assert any("cannot go from" in message for message in messages_of(response))
    assert Claim.objects.get(pk=claim.pk).status == frm


def test_an_unknown_step_is_a_message_not_a_crash(editor_client):
    claim = factories.ClaimFactory(status=Status.DRAFT)
    response = step(editor_client, claim, "approved")
    assert "“approved” is not a workflow status." in messages_of(response)


def test_steps_are_taken_by_post_only(editor_client):
    claim = factories.ClaimFactory(status=Status.DRAFT)
    assert (
        editor_client.get(
            reverse("admin:claims_claim_step", args=[claim.pk, Status.RESEARCHING])
        ).status_code
        == 405
    )
    assert Claim.objects.get(pk=claim.pk).status == Status.DRAFT


def test_an_editor_publishes_from_the_claims_page(editor_client, editor, fact_checker):
    claim = in_review_with_draft(author=fact_checker)
    page = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Publish verdict" in page
    response = step(editor_client, claim, Status.PUBLISHED)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    assert claim.current_verdict.published_by == editor
    assert "Published the verdict “False”." in messages_of(response)


def test_a_fact_checker_has_no_publish_button_and_cannot_publish(checker_client):
    claim = in_review_with_draft(author=factories.FactCheckerFactory())
    page = checker_client.get(
        reverse("admin:claims_claim_change", args=[claim.pk])
    ).content.decode()
    assert "Publish verdict" not in page
    response = step(checker_client, claim, Status.PUBLISHED)
    assert "Only editors can publish verdicts." in messages_of(response)
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_publishing_without_evidence_is_refused_in_the_admin(editor_client, fact_checker):
    claim = factories.ClaimFactory(status=Status.IN_REVIEW)
    workflow.draft_verdict(
        claim=claim, by=fact_checker, rating="false", rationale="No sources yet."
    )
    response = step(editor_client, claim, Status.PUBLISHED)
    assert "Add at least one piece of evidence before publishing." in messages_of(response)
    assert not Verdict.objects.published().exists()


def test_second_pair_of_eyes_in_the_admin_refuses_the_author(editor_client, editor, settings):
    settings.FACTCHECK_SECOND_EYE = True
    claim = in_review_with_draft(author=editor)
    response = run_action(editor_client, "publish_draft_verdicts", [claim])
    assert any("wrote none of it" in m for m in messages_of(response))
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_second_pair_of_eyes_off_lets_the_author_publish_in_the_admin(
    editor_client, editor, settings
):
    settings.FACTCHECK_SECOND_EYE = False
    claim = in_review_with_draft(author=editor)
    run_action(editor_client, "publish_draft_verdicts", [claim])
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


def test_an_editor_who_rewrites_a_draft_becomes_one_of_its_writers_and_cannot_publish_it(
    editor_client, editor, fact_checker, settings
):
    settings.FACTCHECK_SECOND_EYE = True
    claim = in_review_with_draft(author=fact_checker)
    draft = claim.verdicts.drafts().get()
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    version = editor_client.get(url).context["adminform"].form["loaded_version"].value()
    response = editor_client.post(
        url,
        {
            "rating": "mostly_false",
            "rationale": "My own words.",
            "correction_note": "",
            "loaded_version": version,
            **NO_TRANSLATIONS,
        },
        follow=True,
    )
    assert any("another editor publishes it" in m for m in messages_of(response))
    rewritten = claim.verdicts.drafts().get()
    assert rewritten.rationale == "My own words."
    assert set(rewritten.written_by.all()) == {fact_checker, editor}
    with pytest.raises(workflow.WorkflowError):
        workflow.publish_claim(claim=claim, by=editor)


def test_a_fact_checker_drafts_a_verdict_in_the_admin(checker_client, fact_checker):
    claim = factories.ClaimFactory(status=Status.RESEARCHING)
    response = checker_client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "The ministry denied it.",
            "correction_note": "",
            **NO_TRANSLATIONS,
        },
    )
    assert response.status_code == 302
    assert claim.verdicts.drafts().get().author == fact_checker


def test_a_correction_without_a_note_is_a_form_error_in_the_admin(checker_client):
    claim = factories.published_claim()
    response = checker_client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": "true",
            "rationale": "New facts.",
            "correction_note": "",
            **NO_TRANSLATIONS,
        },
    )
    assert response.status_code == 200
    assert "correction_note" in response.context["adminform"].form.errors
    assert not claim.verdicts.drafts().exists()


@pytest.mark.parametrize(
    "action, frm, to",
    [
        ("send_to_research", Status.DRAFT, Status.RESEARCHING),
        ("send_to_review", Status.RESEARCHING, Status.IN_REVIEW),
        ("back_to_research", Status.IN_REVIEW, Status.RESEARCHING),
        ("back_to_draft", Status.RESEARCHING, Status.DRAFT),
    ],
)
def test_list_actions_move_the_claims_that_can_move_and_name_the_others(
    checker_client, action, frm, to
):
    ready = factories.ClaimFactory(status=frm)
    elsewhere = factories.ClaimFactory(
        status=Status.PUBLISHED if frm != Status.PUBLISHED else Status.DRAFT
    )
    response = run_action(checker_client, action, [ready, elsewhere])
    assert Claim.objects.get(pk=ready.pk).status == to
    assert Claim.objects.get(pk=elsewhere.pk).status == elsewhere.status
    assert f"1 claim(s) now {Status(to).label.lower()}." in messages_of(response)
    assert any(f"“{elsewhere}”: it is published" in m for m in messages_of(response))


def test_an_editor_retracts_from_the_list_with_a_reason_on_an_intermediate_page(editor_client):
    claim = factories.published_claim()
    page = run_action(editor_client, "retract_claims", [claim])
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED

    done = run_action(
        editor_client,
        "retract_claims",
        [claim],
        apply="Retract",
        reason="The quote was fabricated.",
    )
    claim.refresh_from_db()
    assert (claim.status, claim.retraction_reason) == (
        Status.RETRACTED,
        "The quote was fabricated.",
    )
    assert "Retracted 1 claim(s)." in messages_of(done)


def test_a_retraction_without_a_reason_stays_on_the_form(editor_client):
    claim = factories.published_claim()
    response = run_action(editor_client, "retract_claims", [claim], apply="Retract", reason="   ")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


def test_an_editor_retracts_from_the_claims_page(editor_client):
    claim = factories.published_claim()
    change_page = editor_client.get(
        reverse("admin:claims_claim_change", args=[claim.pk])
    ).content.decode()
    retract_url = reverse("admin:claims_claim_retract", args=[claim.pk])
    assert retract_url in change_page
    assert editor_client.get(retract_url).status_code == 200
    response = editor_client.post(retract_url, {"reason": "Misattributed."}, follow=True)
    assert Claim.objects.get(pk=claim.pk).status == Status.RETRACTED
    assert "The claim is retracted." in messages_of(response)


def test_a_fact_checker_cannot_retract_in_the_admin(checker_client):
    claim = factories.published_claim()
    changelist = checker_client.get(reverse(CHANGELIST)).content.decode()
    assert "retract_claims" not in changelist
    response = checker_client.post(
        reverse("admin:claims_claim_retract", args=[claim.pk]), {"reason": "Because."}, follow=True
    )
    assert "Only editors can publish or retract claims." in messages_of(response)
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


def test_an_editor_assigns_claims_and_the_fact_checker_finds_them_in_their_queue(
    editor_client, client, fact_checker
):
    mine = factories.ClaimFactory(summary="Mine to check")
    factories.ClaimFactory(summary="Not mine")
    run_action(editor_client, "assign_claims", [mine], apply="Assign", assignee=fact_checker.pk)
    assert Claim.objects.get(pk=mine.pk).assigned_to == fact_checker

    client.force_login(fact_checker)
    queue = client.get(reverse(CHANGELIST), {"queue": "mine"})
    assert list(queue.context["cl"].result_list) == [mine]
    assert "assign_claims" not in client.get(reverse(CHANGELIST)).content.decode()


def test_a_fact_checker_cannot_reassign_through_the_claim_form(checker_client):
    claim = factories.ClaimFactory()
    form = (
        checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
        .context["adminform"]
        .form
    )
    assert "assigned_to" not in form.fields


@pytest.mark.parametrize(
    "queue, expected",
    [
        ("review", {"in review"}),
        ("no_evidence", {"researching, no evidence"}),
        ("disagrees", {"disagrees"}),
    ],
)
def test_work_queues(editor_client, queue, expected):
    factories.ClaimFactory(summary="in review", status=Status.IN_REVIEW)
    factories.ClaimFactory(summary="researching, no evidence", status=Status.RESEARCHING)
    with_evidence = factories.ClaimFactory(
        summary="researching with evidence", status=Status.RESEARCHING
    )
    factories.EvidenceFactory(claim=with_evidence)
    disagreeing = factories.published_claim(summary="disagrees")
    Claim.objects.filter(pk=disagreeing.pk).update(verdict_disagrees=True)
    response = editor_client.get(reverse(CHANGELIST), {"queue": queue})
    assert {claim.summary for claim in response.context["cl"].result_list} == expected


def test_the_needs_evidence_queue_costs_the_same_queries_at_any_size(editor_client):
    def queries(n):
        for _ in range(n):
            factories.ClaimFactory(status=Status.RESEARCHING)
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(reverse(CHANGELIST), {"queue": "no_evidence"})
        assert len(response.context["cl"].result_list) >= n
        return len(captured)

    assert queries(2) == queries(20)


def test_editors_see_the_claims_history_and_fact_checkers_do_not(
    editor_client, client, fact_checker
):
    claim = factories.ClaimFactory()
    history = reverse("admin:claims_claim_history", args=[claim.pk])
    assert (
        history
        in editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    )
    assert editor_client.get(history).status_code == 200

    client.force_login(fact_checker)
    assert (
        history
        not in client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    )
    assert client.get(history).status_code == 403
    assert client.get(reverse("admin:pghistory_events_changelist")).status_code == 403


def test_retracting_a_claim_that_is_not_published_is_refused_in_the_admin(editor_client):
    claim = factories.ClaimFactory(status=Status.IN_REVIEW)
    response = editor_client.post(
        reverse("admin:claims_claim_retract", args=[claim.pk]),
        {"reason": "Withdrawn."},
        follow=True,
    )
    assert "A claim cannot go from “In review” to “Fact-check withdrawn”." in messages_of(response)
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
