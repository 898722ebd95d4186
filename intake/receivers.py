"""Claims are embedded for similar-claim matching when their text is saved, by background
work enqueued when the saving transaction commits (nothing if it rolls back). Imports of
external reviews enqueue their own (one task per import). Bulk writes that skip ``save()``
are caught up by ``manage.py embed_claims``; until then matching embeds what it needs on
the spot."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Claim
from core.background import enqueue_on_commit
from intake import tasks


@receiver(post_save, sender=Claim, dispatch_uid="intake_embed_claim")
def claim_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or update_fields is None or "text" in update_fields:
        enqueue_on_commit(tasks.embed, claim_ids=[instance.pk])
