"""The editorial workflow: every change of a claim's workflow status goes through here.

draft -> researching -> in review -> published, and published -> retracted (with a public
reason). A verdict is written as a draft and published by an editor; a published verdict
is never changed: a correction is a new verdict that names the one it replaces.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.roles import can_publish

Status = Claim.Status

# Moves any fact-checker may make, and the ones that need an editor.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.RESEARCHING},
    Status.RESEARCHING: {Status.IN_REVIEW, Status.DRAFT},
    Status.IN_REVIEW: {Status.RESEARCHING, Status.PUBLISHED},
    Status.PUBLISHED: {Status.RETRACTED},
    Status.RETRACTED: set(),
}
EDITOR_ONLY = {Status.PUBLISHED, Status.RETRACTED}


class WorkflowError(Exception):
    """A workflow step was refused; the message says why, in words for the user."""


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _check_transition(claim: Claim, to: str, by) -> None:
    if to not in TRANSITIONS[claim.status]:
        raise WorkflowError(
            f"A claim cannot go from “{Status(claim.status).label}” to “{Status(to).label}”."
        )
    if to in EDITOR_ONLY and not can_publish(by):
        raise WorkflowError("Only editors can publish or retract claims.")


@transaction.atomic
def move_claim(*, claim: Claim, to: str, by) -> Claim:
    """Move a claim between the working states (draft, researching, in review)."""
    locked = _lock(claim)
    if to in EDITOR_ONLY:
        raise WorkflowError("Use publish or retract for that step.")
    _check_transition(locked, to, by)
    Claim.objects.filter(pk=locked.pk).update(status=to, updated_by=by)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def draft_verdict(*, claim: Claim, by, rating: str, rationale: str, correction_note: str = "") -> Verdict:
    """Write a draft verdict. If the claim already has a published verdict, the draft is
    a correction of it and needs a public correction note."""
    locked = _lock(claim)
    if locked.status == Status.RETRACTED:
        raise WorkflowError("A retracted claim takes no new verdicts.")
    if not rationale.strip():
        raise WorkflowError("A verdict needs a rationale.")
    corrects = locked.current_verdict
    if corrects is not None and not correction_note.strip():
        raise WorkflowError(
            "This claim already has a published verdict: explain the correction in the correction note."
        )
    locked.verdicts.drafts().delete()
    return Verdict.objects.create(
        claim=locked, rating=rating, rationale=rationale, author=by,
        corrects=corrects, correction_note=correction_note if corrects else "",
    )


@transaction.atomic
def publish_claim(*, claim: Claim, by) -> Verdict:
    """Publish the claim's draft verdict (first verdict or correction)."""
    from claims.assessment_service import refresh_verdict_flag

    locked = _lock(claim)
    if not can_publish(by):
        raise WorkflowError("Only editors can publish verdicts.")
    verdict = locked.verdicts.drafts().order_by("-created_at").first()
    if verdict is None:
        raise WorkflowError("There is no draft verdict to publish.")
    if locked.status not in (Status.IN_REVIEW, Status.PUBLISHED):
        raise WorkflowError(
            f"A claim must be in review before it is published (it is “{Status(locked.status).label}”)."
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
    locked = _lock(claim)
    _check_transition(locked, Status.RETRACTED, by)
    if not reason.strip():
        raise WorkflowError("A retraction needs a public reason.")
    Claim.objects.filter(pk=locked.pk).update(
        status=Status.RETRACTED, retraction_reason=reason, retracted_at=timezone.now(), updated_by=by
    )
    claim.refresh_from_db()
    return claim


@transaction.atomic
def import_claim_state(*, claim: Claim, status: str, rating: str | None = None, rationale: str = "") -> Claim:
    """Set the state of a claim brought in by an import (seed files, migrations from other
    tools): its editorial decisions were taken elsewhere, so the second-eye rule and the
    step-by-step transitions do not apply. A published claim comes with its verdict."""
    if status == Status.PUBLISHED:
        if not rating or not rationale.strip():
            raise WorkflowError("An imported published claim needs a rating and a rationale.")
        now = timezone.now()
        verdict = Verdict.objects.create(
            claim=claim, rating=rating, rationale=rationale,
            status=Verdict.Status.PUBLISHED, published_at=now,
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
