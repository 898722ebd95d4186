"""The editorial workflow: every change of a claim's workflow status goes through here.

draft -> researching -> in review -> published, and published -> retracted (with a public
reason). A verdict is written as a draft and published by an editor; a published verdict
is never changed: a correction is a new verdict that names the one it replaces.

Each step locks the claim's row for the length of its transaction, so two people acting
on the same claim at once are served one after the other, and the second sees the state
the first left behind. Refusals raise WorkflowError with a sentence for the user.

The interfaces ask ``moves`` what a user may do with a claim now, and ``draft_problems``
what stops a draft being written; the steps themselves check the same functions.
Publishing, correcting and retracting are announced to webhook subscribers
(claims/signals.py), once the step's transaction commits.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from claims import assessment_service, services
from claims.models import Claim, Verdict
from claims.ratings import Rating
from claims.roles import ASSIGN_PERMISSION, assignable_users, can_publish
from claims.signals import Happened, happened, workflow_step
from core.records import Refused, refuse_uncarriable, service, write

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


# What a verdict draft says; whoever changes any of it is one of its writers.
DRAFT_CONTENT = ("rating", "rationale", "correction_note", "holds_as_of")


@dataclass(frozen=True)
class Move:
    """A step a user could take with a claim: ``refusal`` says why they may not, now."""

    to: str
    refusal: str | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _label(status: str) -> str:
    return Status(status).label


def _require(user, permission: str, refusal: str) -> None:
    if not (user and user.is_authenticated and user.has_perm(permission)):
        raise WorkflowError(refusal)


def _transition_refusal(claim: Claim, to: str, by) -> str | None:
    if to not in TRANSITIONS[claim.status]:
        return gettext("A claim cannot go from “%(from)s” to “%(to)s”.") % {
            "from": _label(claim.status),
            "to": _label(to),
        }
    if to in EDITOR_ONLY and not can_publish(by):
        return gettext("Only editors can publish or retract claims.")
    if to not in EDITOR_ONLY and not (by and by.has_perm(CHANGE_CLAIM_PERMISSION)):
        return gettext("You may not change claims.")
    return None


def _draft(claim: Claim) -> Verdict | None:
    return claim.verdicts.drafts().order_by("-created_at").first()


def publish_refusal(*, claim: Claim, draft: Verdict | None, by) -> str | None:
    """Why ``by`` may not publish ``draft`` on ``claim`` now (None when they may)."""
    if not can_publish(by):
        return gettext("Only editors can publish verdicts.")
    if claim.status not in (Status.IN_REVIEW, Status.PUBLISHED):
        return gettext("A claim must be in review before it is published (it is “%(status)s”).") % {
            "status": _label(claim.status)
        }
    if draft is None:
        return gettext("There is no draft verdict to publish.")
    if draft.corrects_id != claim.current_verdict_id:
        return gettext(
            "The draft was written against a verdict that is no longer current: write it again."
        )
    if settings.FACTCHECK_SECOND_EYE and draft.written_by.filter(pk=by.pk).exists():
        return gettext(
            "A verdict is published by someone who wrote none of it (the second pair of "
            "eyes): you wrote part of this draft."
        )
    if not draft.rationale.strip():
        return gettext("A verdict needs a rationale before it is published.")
    if claim.checkable and not claim.evidence.exists():
        return gettext("Add at least one piece of evidence before publishing.")
    return None


def moves(*, claim: Claim, by) -> list[Move]:
    """Every step that could be taken with ``claim`` from where it stands, each with the
    reason ``by`` may not take it now. Publishing (a first verdict or a correction) is
    offered when there is a draft to publish."""
    found = []
    for to in sorted(TRANSITIONS[claim.status], key=Status.values.index):
        if to == Status.PUBLISHED:
            continue
        found.append(Move(to, _transition_refusal(claim, to, by)))
    if claim.status in (Status.IN_REVIEW, Status.PUBLISHED):
        draft = _draft(claim)
        if draft is not None:
            found.insert(
                0, Move(Status.PUBLISHED, publish_refusal(claim=claim, draft=draft, by=by))
            )
    return found


def available_moves(*, claim: Claim, by) -> list[str]:
    """The statuses ``by`` may move ``claim`` to now (published: publish its draft)."""
    return [move.to for move in moves(claim=claim, by=by) if move.allowed]


@service
def move_claim(*, claim: Claim, to: str, by) -> Claim:
    """Move a claim between the working states (draft, researching, in review)."""
    if to not in Status.values:
        raise WorkflowError(gettext("“%(status)s” is not a workflow status.") % {"status": to})
    if to in EDITOR_ONLY:
        raise WorkflowError(gettext("Use publish or retract for that step."))
    _require(by, CHANGE_CLAIM_PERMISSION, gettext("You may not change claims."))
    locked = _lock(claim)
    refusal = _transition_refusal(locked, to, by)
    if refusal:
        raise WorkflowError(refusal)
    Claim.objects.filter(pk=locked.pk).update(status=to, updated_by=by)
    workflow_step.send(sender=Claim, claim_id=locked.pk, step=to, by=by)
    claim.refresh_from_db()
    return claim


@service
def send_to_review(*, claim: Claim, by) -> Claim:
    """Send a claim to review from a working state: a draft goes through research on the
    way, each step taken (and recorded) by ``move_claim`` with its own checks."""
    if claim.status == Status.DRAFT:
        move_claim(claim=claim, to=Status.RESEARCHING, by=by)
    return move_claim(claim=claim, to=Status.IN_REVIEW, by=by)


def draft_problems(*, claim: Claim, rating: str, rationale: str, correction_note: str) -> dict:
    """What stops this draft being written, by field ({} when nothing does)."""
    problems = {}
    if claim.status == Status.RETRACTED:
        problems["claim"] = gettext("A retracted claim takes no new verdicts.")
    if rating not in Rating.values:
        problems["rating"] = gettext("“%(rating)s” is not a rating.") % {"rating": rating}
    if not (rationale or "").strip():
        problems["rationale"] = gettext("A verdict needs a rationale.")
    if claim.current_verdict_id and not (correction_note or "").strip():
        problems["correction_note"] = gettext(
            "This claim already has a published verdict: say in the correction note, "
            "publicly, what this correction changes and why."
        )
    return problems


@service
def draft_verdict(
    *,
    claim: Claim,
    by,
    rating: str,
    rationale: str,
    correction_note: str = "",
    holds_as_of=None,
    expected_version: int | None = None,
    translations: Sequence[dict] = (),
) -> Verdict:
    """Write the claim's draft verdict: start one, or change the one there is. Whoever
    changes any of its content (rating, rationale, correction note) becomes one of its
    writers, who may not publish it; a save that changes nothing adds no writer. If the
    claim already has a published verdict, the draft corrects it and needs a public note.
    Each of ``translations`` (the values of a translation of the rationale) is added to
    the draft, or replaces its translation in the same language; the others stay."""
    _require(by, DRAFT_VERDICT_PERMISSION, gettext("You may not write verdicts."))
    locked = _lock(claim)
    problems = draft_problems(
        claim=locked, rating=rating, rationale=rationale, correction_note=correction_note
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise WorkflowError(message, field=field)
    draft = _draft(locked)
    if draft is not None and draft.corrects_id != locked.current_verdict_id:
        draft.delete()  # written against a verdict that was replaced since
        draft = None
    if draft is None:
        draft = Verdict(claim=locked, author=by, corrects=locked.current_verdict)
    content = {
        "rating": rating,
        "rationale": rationale,
        "correction_note": correction_note if locked.current_verdict_id else "",
        "holds_as_of": holds_as_of,
    }
    changed = write(draft, values=content, expected_version=expected_version)
    if changed & set(DRAFT_CONTENT):
        draft.written_by.add(by)
    if translations:
        _translate(draft, translations, by=by)
    return draft


def _translate(draft: Verdict, translations: Iterable[dict], *, by) -> None:
    present = {translation.language: translation for translation in draft.translations.all()}
    for values in translations:
        language = services.verdict_translation_language(values.get("language"))
        present[language] = services.save_verdict_translation(
            instance=present.get(language), verdict=draft, by=by, **{**values, "language": language}
        )


@service
def discard_draft(*, instance: Verdict, by) -> None:
    """Throw away a draft verdict (a published one is never deleted: the database refuses)."""
    _require(by, DRAFT_VERDICT_PERMISSION, gettext("You may not write verdicts."))
    _lock(instance.claim)
    if instance.status != Verdict.Status.DRAFT:
        raise WorkflowError(gettext("A published verdict is never deleted: publish a correction."))
    instance.delete()


@service
def publish_claim(*, claim: Claim, by) -> Verdict:
    """Publish the claim's draft verdict: its first verdict (the claim must be in review)
    or a correction of the published one."""
    locked = _lock(claim)
    verdict = _draft(locked)
    refusal = publish_refusal(claim=locked, draft=verdict, by=by)
    if refusal:
        raise WorkflowError(refusal)
    now = timezone.now()
    Verdict.objects.filter(pk=verdict.pk).update(
        status=Verdict.Status.PUBLISHED,
        published_at=now,
        published_by=by,
        holds_as_of=verdict.holds_as_of or timezone.localdate(now),
    )
    Claim.objects.filter(pk=locked.pk).update(
        status=Status.PUBLISHED,
        current_verdict=verdict,
        published_at=locked.published_at or now,
        updated_by=by,
    )
    assessment_service.refresh_verdict_flag(claim_ids=[locked.pk])
    if verdict.corrects_id:
        happened([locked.pk], Happened.CORRECTED)
    else:
        happened([locked.pk], Happened.PUBLISHED)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    return verdict


@service
def retract_claim(*, claim: Claim, by, reason: str) -> Claim:
    """Withdraw a published claim, with a reason readers will see."""
    locked = _lock(claim)
    refusal = _transition_refusal(locked, Status.RETRACTED, by)
    if refusal:
        raise WorkflowError(refusal)
    if not reason.strip():
        raise WorkflowError(gettext("A retraction needs a public reason."), field="reason")
    refuse_uncarriable({"reason": reason})
    Claim.objects.filter(pk=locked.pk).update(
        status=Status.RETRACTED,
        retraction_reason=reason.strip(),
        retracted_at=timezone.now(),
        updated_by=by,
    )
    happened([locked.pk], Happened.RETRACTED)
    claim.refresh_from_db()
    return claim


@service
def assign_claim(*, claim: Claim, to, by) -> Claim:
    """Give a claim to a fact-checker (``to``), or take it back from everyone (None)."""
    _require(by, ASSIGN_PERMISSION, gettext("Only editors can assign claims."))
    if to is not None and not assignable_users().filter(pk=to.pk).exists():
        raise WorkflowError(
            gettext("%(username)s is not an active member of the newsroom.")
            % {"username": to.get_username()}
        )
    locked = _lock(claim)
    Claim.objects.filter(pk=locked.pk).update(assigned_to=to, updated_by=by)
    if (to.pk if to else None) != locked.assigned_to_id:
        workflow_step.send(sender=Claim, claim_id=locked.pk, step="assigned", by=by, assignee=to)
    claim.refresh_from_db()
    return claim


@service
def import_claim_state(
    *, claim: Claim, status: str, rating: str | None = None, rationale: str = "", by=None
) -> Claim:
    """Set the state of a claim brought in by an import (seed files, migrations from other
    tools): its editorial decisions were taken elsewhere, so the second-eye rule and the
    step-by-step transitions do not apply. A published claim comes with its verdict."""
    if status == Status.PUBLISHED:
        if not rating or not (rationale or "").strip():
            raise WorkflowError("An imported published claim needs a rating and a rationale.")
        refuse_uncarriable({"rationale": rationale})
        now = timezone.now()
        verdict = Verdict.objects.create(
            claim=claim,
            rating=rating,
            rationale=rationale,
            status=Verdict.Status.PUBLISHED,
            published_at=now,
            holds_as_of=timezone.localdate(now),
        )
        Claim.objects.filter(pk=claim.pk).update(
            status=status, current_verdict=verdict, published_at=now
        )
        assessment_service.refresh_verdict_flag(claim_ids=[claim.pk])
        happened([claim.pk], Happened.PUBLISHED)
    elif status in (Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW):
        Claim.objects.filter(pk=claim.pk).update(status=status)
    else:
        raise WorkflowError(f"An import cannot bring a claim in as “{status}”.")
    claim.refresh_from_db()
    return claim
