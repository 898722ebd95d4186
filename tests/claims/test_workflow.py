import itertools

import pytest

from claims import workflow
from claims.models import Claim, Verdict
from tests import factories

pytestmark = pytest.mark.django_db

Status = Claim.Status
WORKING = [Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW]
LEGAL_MOVES = {
    (Status.DRAFT, Status.RESEARCHING),
    (Status.RESEARCHING, Status.IN_REVIEW),
    (Status.RESEARCHING, Status.DRAFT),
    (Status.IN_REVIEW, Status.RESEARCHING),
}
ILLEGAL_MOVES = sorted(set(itertools.product(Status.values, WORKING)) - LEGAL_MOVES)


def claim_in(status, **kwargs):
    if status == Status.PUBLISHED:
        claim = factories.published_claim(**kwargs)
        factories.EvidenceFactory(claim=claim)
        return claim
    if status == Status.RETRACTED:
        return factories.ClaimFactory(status=status, retraction_reason="Withdrawn.", **kwargs)
    return factories.ClaimFactory(status=status, **kwargs)


def ready_for_publication(*, author, checkable=True):
    claim = factories.ClaimFactory(status=Status.IN_REVIEW, checkable=checkable)
    if checkable:
        factories.EvidenceFactory(claim=claim)
    workflow.draft_verdict(
        claim=claim, by=author, rating="false", rationale="The records show otherwise."
    )
    return claim


@pytest.mark.parametrize("frm, to", sorted(LEGAL_MOVES))
def test_a_fact_checker_makes_every_legal_working_move(fact_checker, frm, to):
    claim = claim_in(frm)
    workflow.move_claim(claim=claim, to=to, by=fact_checker)
    claim.refresh_from_db()
    assert claim.status == to
    assert claim.updated_by == fact_checker


@pytest.mark.parametrize("frm, to", ILLEGAL_MOVES)
def test_every_illegal_working_move_is_refused_and_changes_nothing(editor, frm, to):
    claim = claim_in(frm)
    version = Claim.objects.get(pk=claim.pk).version
    with pytest.raises(workflow.WorkflowError, match="cannot go from"):
        workflow.move_claim(claim=claim, to=to, by=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (frm, version)


@pytest.mark.parametrize("to", [Status.PUBLISHED, Status.RETRACTED, "approved"])
def test_move_claim_does_not_publish_retract_or_invent_states(editor, to):
    claim = claim_in(Status.IN_REVIEW)
    with pytest.raises(workflow.WorkflowError):
        workflow.move_claim(claim=claim, to=to, by=editor)
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_a_user_without_the_change_permission_cannot_move_claims():
    reader = factories.UserFactory(is_staff=True)
    claim = claim_in(Status.DRAFT)
    with pytest.raises(workflow.WorkflowError, match="may not change claims"):
        workflow.move_claim(claim=claim, to=Status.RESEARCHING, by=reader)


def test_an_editor_publishes_a_fact_checkers_verdict(fact_checker, editor):
    claim = ready_for_publication(author=fact_checker)
    verdict = workflow.publish_claim(claim=claim, by=editor)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    assert claim.current_verdict == verdict
    assert claim.published_at == verdict.published_at
    assert (verdict.status, verdict.published_by) == (Verdict.Status.PUBLISHED, editor)


def test_a_fact_checker_cannot_publish(fact_checker):
    claim = ready_for_publication(author=factories.FactCheckerFactory())
    with pytest.raises(workflow.WorkflowError, match="Only editors"):
        workflow.publish_claim(claim=claim, by=fact_checker)
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


@pytest.mark.parametrize("frm", [Status.DRAFT, Status.RESEARCHING, Status.RETRACTED])
def test_publishing_needs_the_claim_in_review(fact_checker, editor, frm):
    claim = claim_in(frm)
    factories.EvidenceFactory(claim=claim)
    factories.VerdictFactory(claim=claim, author=fact_checker)
    with pytest.raises(workflow.WorkflowError, match="in review"):
        workflow.publish_claim(claim=claim, by=editor)
    assert not claim.verdicts.published().exists()


def test_publishing_needs_a_draft_verdict(editor):
    claim = claim_in(Status.IN_REVIEW)
    factories.EvidenceFactory(claim=claim)
    with pytest.raises(workflow.WorkflowError, match="no draft verdict"):
        workflow.publish_claim(claim=claim, by=editor)


def test_publishing_needs_a_rationale_with_words(fact_checker, editor):
    claim = claim_in(Status.IN_REVIEW)
    factories.EvidenceFactory(claim=claim)
    factories.VerdictFactory(claim=claim, author=fact_checker, rationale="   ")
    with pytest.raises(workflow.WorkflowError, match="rationale"):
        workflow.publish_claim(claim=claim, by=editor)


def test_publishing_a_checkable_claim_needs_evidence(fact_checker, editor):
    claim = claim_in(Status.IN_REVIEW)
    factories.VerdictFactory(claim=claim, author=fact_checker)
    with pytest.raises(workflow.WorkflowError, match="evidence"):
        workflow.publish_claim(claim=claim, by=editor)
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_a_claim_that_is_not_checkable_is_published_without_evidence(fact_checker, editor):
    claim = ready_for_publication(author=fact_checker, checkable=False)
    workflow.publish_claim(claim=claim, by=editor)
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


def test_second_pair_of_eyes_refuses_the_author_as_publisher(editor, settings):
    settings.FACTCHECK_SECOND_EYE = True
    claim = ready_for_publication(author=editor)
    with pytest.raises(workflow.WorkflowError, match="wrote none of it"):
        workflow.publish_claim(claim=claim, by=editor)
    assert not claim.verdicts.published().exists()


def test_second_pair_of_eyes_can_be_turned_off_for_one_person_newsrooms(editor, settings):
    settings.FACTCHECK_SECOND_EYE = False
    claim = ready_for_publication(author=editor)
    verdict = workflow.publish_claim(claim=claim, by=editor)
    assert verdict.author == verdict.published_by == editor


def test_second_pair_of_eyes_does_not_stop_another_editor(editor, second_editor, settings):
    settings.FACTCHECK_SECOND_EYE = True
    claim = ready_for_publication(author=editor)
    assert workflow.publish_claim(claim=claim, by=second_editor).published_by == second_editor


def test_a_correction_needs_a_public_note(fact_checker):
    claim = claim_in(Status.PUBLISHED)
    with pytest.raises(workflow.WorkflowError, match="correction note"):
        workflow.draft_verdict(
            claim=claim, by=fact_checker, rating="true", rationale="New records."
        )
    assert not claim.verdicts.drafts().exists()


def test_a_published_correction_replaces_the_verdict_and_keeps_the_old_one(fact_checker, editor):
    claim = claim_in(Status.PUBLISHED)
    first = claim.current_verdict
    workflow.draft_verdict(
        claim=claim,
        by=fact_checker,
        rating="mostly_false",
        rationale="A second count.",
        correction_note="The ministry revised its figures on 12 January.",
    )
    correction = workflow.publish_claim(claim=claim, by=editor)
    claim.refresh_from_db()
    first.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    assert claim.current_verdict == correction
    assert correction.corrects == first
    assert (first.status, first.rating) == (Verdict.Status.PUBLISHED, "false")
    assert list(Verdict.objects.public_corrections()) == [correction]


def test_a_draft_written_against_a_superseded_verdict_is_refused(editor):
    claim = claim_in(Status.PUBLISHED)
    factories.VerdictFactory(claim=claim, correction_note="")
    with pytest.raises(workflow.WorkflowError, match="no longer current"):
        workflow.publish_claim(claim=claim, by=editor)


def test_a_new_draft_replaces_the_previous_draft(fact_checker):
    claim = claim_in(Status.RESEARCHING)
    workflow.draft_verdict(claim=claim, by=fact_checker, rating="false", rationale="First go.")
    second = workflow.draft_verdict(
        claim=claim, by=fact_checker, rating="true", rationale="Second go."
    )
    assert list(claim.verdicts.drafts()) == [second]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rating": "pants_on_fire", "rationale": "No."}, "not a rating"),
        ({"rating": "false", "rationale": "  "}, "rationale"),
    ],
)
def test_bad_drafts_are_refused_before_reaching_the_database(fact_checker, kwargs, message):
    claim = claim_in(Status.RESEARCHING)
    with pytest.raises(workflow.WorkflowError, match=message):
        workflow.draft_verdict(claim=claim, by=fact_checker, **kwargs)


def test_a_retracted_claim_takes_no_verdict(fact_checker):
    claim = claim_in(Status.RETRACTED)
    with pytest.raises(workflow.WorkflowError, match="retracted"):
        workflow.draft_verdict(claim=claim, by=fact_checker, rating="false", rationale="Late.")


def test_an_editor_retracts_a_published_claim_with_a_reason(editor):
    claim = claim_in(Status.PUBLISHED)
    workflow.retract_claim(claim=claim, by=editor, reason="  The quote was misattributed.  ")
    claim.refresh_from_db()
    assert claim.status == Status.RETRACTED
    assert claim.retraction_reason == "The quote was misattributed."
    assert claim.retracted_at is not None


@pytest.mark.parametrize(
    "frm", [Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW, Status.RETRACTED]
)
def test_only_published_claims_can_be_retracted(editor, frm):
    claim = claim_in(frm)
    with pytest.raises(workflow.WorkflowError, match="cannot go from"):
        workflow.retract_claim(claim=claim, by=editor, reason="Withdrawn.")


def test_a_retraction_needs_a_reason(editor):
    claim = claim_in(Status.PUBLISHED)
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.retract_claim(claim=claim, by=editor, reason=" ")
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


def test_a_fact_checker_cannot_retract(fact_checker):
    claim = claim_in(Status.PUBLISHED)
    with pytest.raises(workflow.WorkflowError, match="Only editors"):
        workflow.retract_claim(claim=claim, by=fact_checker, reason="Withdrawn.")


def test_available_moves_follow_the_role(fact_checker, editor):
    in_review = claim_in(Status.IN_REVIEW)
    published = claim_in(Status.PUBLISHED)
    assert workflow.available_moves(claim=in_review, by=fact_checker) == [Status.RESEARCHING]
    assert workflow.available_moves(claim=in_review, by=editor) == [Status.RESEARCHING]
    factories.EvidenceFactory(claim=in_review)
    workflow.draft_verdict(claim=in_review, by=fact_checker, rating="false", rationale="Why.")
    assert workflow.available_moves(claim=in_review, by=fact_checker) == [Status.RESEARCHING]
    assert workflow.available_moves(claim=in_review, by=editor) == [
        Status.PUBLISHED,
        Status.RESEARCHING,
    ]
    assert workflow.available_moves(claim=published, by=fact_checker) == []
    assert workflow.available_moves(claim=published, by=editor) == [Status.RETRACTED]


def test_an_editor_assigns_a_claim_and_a_fact_checker_cannot(editor, fact_checker):
    claim = claim_in(Status.RESEARCHING)
    workflow.assign_claim(claim=claim, to=fact_checker, by=editor)
    assert Claim.objects.get(pk=claim.pk).assigned_to == fact_checker
    with pytest.raises(workflow.WorkflowError, match="Only editors"):
        workflow.assign_claim(claim=claim, to=None, by=fact_checker)
    assert Claim.objects.get(pk=claim.pk).assigned_to == fact_checker


def test_claims_are_assigned_to_active_newsroom_members_only(editor):
    outsider = factories.UserFactory(is_staff=False)
    claim = claim_in(Status.DRAFT)
    with pytest.raises(workflow.WorkflowError, match="not an active member"):
        workflow.assign_claim(claim=claim, to=outsider, by=editor)
