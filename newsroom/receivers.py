"""What the public site drops from a shared cache when claims change.

Changes to single records purge the records' own keys in the write core; this listener adds
what only the site knows: a public claim that changed (published, corrected, retracted,
edited or reassessed) changes every page and API list that shows claims (``claims``), and a
publication or retraction changes which claimants, events, sources and outlets are public.
A change to a draft purges nothing beyond the draft's own key.
"""

from django.dispatch import receiver

from claims.models import Claim
from claims.signals import Happened, claim_changed
from core.http_cache import purge

VISIBILITY_CHANGES = {Happened.PUBLISHED, Happened.RETRACTED}
PUBLIC_COLLECTIONS = ("claimants", "events", "sources", "outlets")


@receiver(claim_changed, dispatch_uid="purge_public_claims")
def purge_public_claims(sender, changes, **kwargs):
    public = {
        claim_id
        for claim_id, whats in changes.items()
        if whats & {Happened.PUBLISHED, Happened.CORRECTED, Happened.RETRACTED}
    }
    others = set(changes) - public
    if others:
        public |= set(
            Claim.objects.filter(
                pk__in=others, status__in=[Claim.Status.PUBLISHED, Claim.Status.RETRACTED]
            ).values_list("pk", flat=True)
        )
    if not public:
        return
    keys = ["claims", "overview", *(f"claim-{claim_id}" for claim_id in sorted(public))]
    if any(whats & VISIBILITY_CHANGES for whats in changes.values()):
        keys.extend(PUBLIC_COLLECTIONS)
    purge(*keys)
