"""The workflow buttons the admin shows on a claim's page and on its draft verdict's page:
the steps claims.workflow lets this user take with the claim now, each with its label and
the address that takes it. Publishing and retracting open a page that asks first."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import workflow
from claims.models import Claim
from claims.roles import can_publish

Status = Claim.Status

# (from, to) -> the button's label; "…" marks a step that asks for confirmation first.
STEP_LABELS = {
    (Status.DRAFT, Status.RESEARCHING): _("Send to research"),
    (Status.RESEARCHING, Status.IN_REVIEW): _("Send to review"),
    (Status.RESEARCHING, Status.DRAFT): _("Back to draft"),
    (Status.IN_REVIEW, Status.RESEARCHING): _("Back to research"),
    (Status.IN_REVIEW, Status.PUBLISHED): _("Publish verdict…"),
    (Status.PUBLISHED, Status.PUBLISHED): _("Publish correction…"),
    (Status.PUBLISHED, Status.RETRACTED): _("Retract…"),
}
# Steps that open a page asking for confirmation (a reason, or the rating named) first.
CONFIRMED = {Status.PUBLISHED, Status.RETRACTED}


def workflow_steps(*, claim: Claim, user) -> list[dict]:
    """The buttons for the steps the workflow lets ``user`` take with ``claim`` now; an
    editor who may not publish the draft sees why instead of a button."""
    steps = []
    for move in workflow.moves(claim=claim, by=user):
        if not move.allowed:
            if move.to == Status.PUBLISHED and can_publish(user):
                steps.append(
                    {
                        "refusal": gettext("Not yours to publish: %(reason)s")
                        % {"reason": move.refusal}
                    }
                )
            continue
        if move.to == Status.RETRACTED:
            url = reverse("admin:claims_claim_retract", args=[claim.pk])
        else:
            url = reverse("admin:claims_claim_step", args=[claim.pk, move.to])
        steps.append(
            {
                "label": STEP_LABELS[claim.status, move.to],
                "url": url,
                "confirm": move.to in CONFIRMED,
            }
        )
    return steps


def can_send_to_review(*, claim: Claim, user) -> bool:
    """Whether the draft verdict's form may offer "Save and send to review" (the claim is
    in a working state from which ``user`` may send it on)."""
    return claim.status in (Status.DRAFT, Status.RESEARCHING) and all(
        move.allowed
        for move in workflow.moves(claim=claim, by=user)
        if move.to in (Status.RESEARCHING, Status.IN_REVIEW)
    )
