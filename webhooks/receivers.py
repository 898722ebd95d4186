"""Events other apps announce that subscribers may want: what happened to claims
(``claims.signals.claim_changed``) becomes a message per published claim, and a tip from
the public (``intake.signals.tip_received``, sent once the tip is committed) a
``tip.received`` message, with what the newsroom may share of the tip (never the
reader's contact details)."""

from django.db import transaction
from django.dispatch import receiver

from claims.signals import claim_changed
from figures.signals import figure_revised
from intake.signals import tip_received
from webhooks import events


def shared_tip(tip) -> dict:
    return {
        "id": tip.pk,
        "text": tip.text,
        "seen_url": tip.seen_url,
        "seen_description": tip.seen_description,
        "received_at": tip.received_at.isoformat(),
    }


@receiver(tip_received, dispatch_uid="webhook_on_tip")
def tip_to_subscribers(sender, tip, **kwargs):
    with transaction.atomic():
        events.tip_received(tip=shared_tip(tip))


@receiver(claim_changed, dispatch_uid="webhook_on_claim_changed")
def claims_to_subscribers(sender, changes, **kwargs):
    events.announce_claims(changes)


@receiver(figure_revised, dispatch_uid="webhook_on_figure_revised")
def figures_to_subscribers(sender, figure_ids, **kwargs):
    events.figures_revised(figure_ids)
