"""What the desk hears from the apps below: the workflow's steps (assigned, sent to
review), publications and corrections (``claims.signals.claim_changed``), and tips
linked to claims. Each writes its notifications in the sender's transaction."""

from django.dispatch import receiver

from claims.models import Claim
from claims.signals import Happened, claim_changed, workflow_step
from desk import notify
from intake.signals import tip_linked


@receiver(workflow_step, dispatch_uid="desk_on_workflow_step")
def on_workflow_step(sender, *, claim_id, step, by, **kwargs):
    claim = Claim.objects.get(pk=claim_id)
    if step == "assigned":
        notify.assigned(claim, assignee=kwargs.get("assignee"), by=by)
    elif step == Claim.Status.IN_REVIEW:
        notify.sent_to_review(claim, by=by)


@receiver(claim_changed, dispatch_uid="desk_on_claim_changed")
def on_claim_changed(sender, *, changes, **kwargs):
    news = {
        claim_id: Happened.CORRECTED in whats
        for claim_id, whats in changes.items()
        if Happened.PUBLISHED in whats or Happened.CORRECTED in whats
    }
    if not news:
        return
    claims = Claim.objects.filter(pk__in=list(news)).select_related(
        "created_by", "assigned_to", "updated_by"
    )
    for claim in claims:
        notify.published(claim, corrected=news[claim.pk])


@receiver(tip_linked, dispatch_uid="desk_on_tip_linked")
def on_tip_linked(sender, *, tip, claim, by, **kwargs):
    claim = Claim.objects.select_related("created_by", "assigned_to").get(pk=claim.pk)
    notify.tip_linked(tip, claim=claim, by=by)
