"""The editorial workflow: every change of a claim's workflow status goes through here.

draft -> researching -> in review -> published, and published -> retracted (with a public
reason). A verdict is written as a draft and published by an editor; a published verdict
is never changed: a correction is a new verdict that names the one it replaces.

Each step locks the claim's row for the length of its transaction, so two people acting
on the same claim at once are served one after the other, and the second sees the state
the first left behind. Refusals raise WorkflowError with a sentence for the user.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.ratings import Rating
from claims.roles import ASSIGN_PERMISSION, can_publish
from factcheck.records import Refused

Status = Claim.Status

# The legal moves. Moves into EDITOR_ONLY states need an editor and go through
# publish_claim and retract_claim; the rest go through move_claim.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.RESEARCHING},
    Status.RESEARCHING: {Status.IN_REVIEW, Status.DRAFT},
    Status.IN_REVIEW: {Status.RESEARCHING, Status.PUBLISHED},
    Status.PUBLISHED: {Status.RETRACTED},
    Status.RETRACTED: set(),
}
EDITOR_ONLY = {Status.PUBLISHED, Status.RETRACTED}

CHANGE_CLAIM_PERMISSION = "claims.change_claim"
DRAFT_VERDICT_PERMISSION = "claims.add_verdict"


class WorkflowError(Refused):
    """A workflow step was refused; the message says why, in words for the user."""


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _label(status: str) -> str:
    return Status(status).label


def _require(user, permission: str, refusal: str) -> None:
    if not (user and user.is_authenticated and user.has_perm(permission)):
        raise WorkflowError(refusal)


def _check_transition(claim: Claim, to: str, by) -> None:
    if to not in TRANSITIONS[claim.status]:
        raise WorkflowError(f"A claim cannot go from “{_label(claim.status)}” to “{_label(to)}”.")
    if to in EDITOR_ONLY and not can_publish(by):
        raise WorkflowError("Only editors can publish or retract claims.")


def available_moves(*, claim: Claim, by) -> list[str]:
    """The statuses ``by`` may move ``claim`` to from where it stands now. Publishing
    also needs a draft verdict, which publish_claim checks."""
    moves = sorted(TRANSITIONS[claim.status], key=Status.values.index)
    if not can_publish(by):
        moves = [to for to in moves if to not in EDITOR_ONLY]
    if not (by and by.has_perm(CHANGE_CLAIM_PERMISSION)):
        moves = [to for to in moves if to in EDITOR_ONLY]
    return moves


@transaction.atomic
def move_claim(*, claim: Claim, to: str, by) -> Claim:
    """Move a claim between the working states (draft, researching, in review)."""
    if to not in Status.values:
        raise WorkflowError(f"“{to}” is not a workflow status.")
    if to in EDITOR_ONLY:
        raise WorkflowError("Use publish or retract for that step.")
    _require(by, CHANGE_CLAIM_PERMISSION, "You may not change claims.")
    locked = _lock(claim)
    _check_transition(locked, to, by)
    Claim.objects.filter(pk=locked.pk).update(status=to, updated_by=by)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def draft_verdict(
    *, claim: Claim, by, rating: str, rationale: str, correction_note: str = ""
) -> Verdict:
    """Write the claim's draft verdict, replacing any earlier draft; the writer becomes
    its author. If the claim already has a published verdict, the draft is a correction
    of it and needs a public correction note."""
    _require(by, DRAFT_VERDICT_PERMISSION, "You may not write verdicts.")
    locked = _lock(claim)
    if locked.status == Status.RETRACTED:
        raise WorkflowError("A retracted claim takes no new verdicts.")
    if rating not in Rating.values:
        raise WorkflowError(f"“{rating}” is not a rating.")
    if not rationale.strip():
        raise WorkflowError("A verdict needs a rationale.")
    corrects = locked.current_verdict
    if corrects is not None and not correction_note.strip():
        raise WorkflowError(
            "This claim already has a published verdict: explain the correction in the correction note."
        )
    locked.verdicts.drafts().delete()
    return Verdict.objects.create(
        claim=locked,
        rating=rating,
        rationale=rationale,
        author=by,
        corrects=corrects,
        correction_note=correction_note if corrects else "",
    )


@transaction.atomic
def publish_claim(*, claim: Claim, by) -> Verdict:
    """Publish the claim's draft verdict: its first verdict (the claim must be in review)
    or a correction of the published one."""
    from claims.assessment_service import refresh_verdict_flag

    if not can_publish(by):
        raise WorkflowError("Only editors can publish verdicts.")
    locked = _lock(claim)
    if locked.status not in (Status.IN_REVIEW, Status.PUBLISHED):
        raise WorkflowError(
            f"A claim must be in review before it is published (it is “{_label(locked.status)}”)."
        )
    verdict = locked.verdicts.drafts().order_by("-created_at").first()
    if verdict is None:
        raise WorkflowError("There is no draft verdict to publish.")
    if verdict.corrects_id != locked.current_verdict_id:
        raise WorkflowError(
            "The draft was written against a verdict that is no longer current: write it again."
        )
    if settings.FACTCHECK_SECOND_EYE and verdict.author_id == by.pk:
        raise WorkflowError("A verdict must be published by someone other than its author.")
    if not verdict.rationale.strip():
        raise WorkflowError("A verdict needs a rationale before it is published.")
    if locked.checkable and not locked.evidence.exists():
        raise WorkflowError("Add at least one piece of evidence before publishing.")

    now = timezone.now()
    Verdict.objects.filter(pk=verdict.pk).update(
        status=Verdict.Status.PUBLISHED, published_at=now, published_by=by
    )
    Claim.objects.filter(pk=locked.pk).update(
        status=Status.PUBLISHED,
        current_verdict=verdict,
        published_at=locked.published_at or now,
        updated_by=by,
    )
    refresh_verdict_flag(claim_ids=[locked.pk])
    verdict.refresh_from_db()
    claim.refresh_from_db()
    return verdict


@transaction.atomic
def retract_claim(*, claim: Claim, by, reason: str) -> Claim:
    """Withdraw a published claim, with a reason readers will see."""
    locked = _lock(claim)
    _check_transition(locked, Status.RETRACTED, by)
    if not reason.strip():
        raise WorkflowError("A retraction needs a public reason.")
    Claim.objects.filter(pk=locked.pk).update(
        status=Status.RETRACTED,
        retraction_reason=reason.strip(),
        retracted_at=timezone.now(),
        updated_by=by,
    )
    claim.refresh_from_db()
    return claim


@transaction.atomic
def assign_claim(*, claim: Claim, to, by) -> Claim:
    """Give a claim to a fact-checker (``to``), or take it back from everyone (None)."""
    _require(by, ASSIGN_PERMISSION, "Only editors can assign claims.")
    if to is not None and not (to.is_active and to.is_staff):
        raise WorkflowError(f"{to.get_username()} is not an active member of the newsroom.")
    locked = _lock(claim)
    Claim.objects.filter(pk=locked.pk).update(assigned_to=to, updated_by=by)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def import_claim_state(
    *, claim: Claim, status: str, rating: str | None = None, rationale: str = ""
) -> Claim:
    """Set the state of a claim brought in by an import (seed files, migrations from other
    tools): its editorial decisions were taken elsewhere, so the second-eye rule and the
    step-by-step transitions do not apply. A published claim comes with its verdict."""
    if status == Status.PUBLISHED:
        if not rating or not rationale.strip():
            raise WorkflowError("An imported published claim needs a rating and a rationale.")
        now = timezone.now()
        verdict = Verdict.objects.create(
            claim=claim,
            rating=rating,
            rationale=rationale,
            status=Verdict.Status.PUBLISHED,
            published_at=now,
        )
        Claim.objects.filter(pk=claim.pk).update(
            status=status, current_verdict=verdict, published_at=now
        )
        from claims.assessment_service import refresh_verdict_flag

        refresh_verdict_flag(claim_ids=[claim.pk])
    elif status in (Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW):
        Claim.objects.filter(pk=claim.pk).update(status=status)
    else:
        raise WorkflowError(f"An import cannot bring a claim in as “{status}”.")
    claim.refresh_from_db()
    return claim
