"""Events other apps announce that subscribers may want: what happened to claims
(``claims.signals.claim_changed``) becomes a message per published claim, and a tip from
the public (``intake.signals.tip_received``, sent once the tip is committed) a
``tip.received`` message, with what the newsroom may share of the tip (never the
reader's contact details). A staff comment (``desk.signals.comment_created``) becomes a
``comment.created`` message for the subscriptions that opted in (webhooks/models.py says
which may)."""

from django.db import transaction
from django.dispatch import receiver

from claims.signals import claim_changed
from desk.signals import comment_created
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


def shared_comment(comment) -> dict:
    return {
        "id": comment.pk,
        "on": comment.target_name,
        "claim": comment.claim_id,
        "verdict": comment.verdict_id,
        "source": comment.source_id,
        "tip": comment.tip_id,
        "reply_to": comment.reply_to_id,
        "author": comment.author.get_username(),
        "text": comment.text,
        "created_at": comment.created_at.isoformat(),
    }


@receiver(comment_created, dispatch_uid="webhook_on_comment")
def comment_to_subscribers(sender, comment, **kwargs):
    with transaction.atomic():
        events.comment_created(comment=shared_comment(comment))


@receiver(figure_revised, dispatch_uid="webhook_on_figure_revised")
def figures_to_subscribers(sender, figure_ids, **kwargs):
    events.figures_revised(figure_ids)
