"""The intake app's background work: embedding claims and reviews as they are saved, and
the daily erasure of old tip contacts (run by every worker; erasing twice is harmless)."""

from datetime import timedelta

from claims.models import Claim
from core.background import background_task, register_periodic
from intake.models import ExternalReview
from intake.services import erase_old_contacts
from intake.similarity import store_embeddings

CONTACT_ERASURE_SWEEP = timedelta(hours=24)


@background_task
def embed(*, claim_ids: list[int] = (), review_ids: list[int] = (), attempt: int = 1) -> str:
    written = store_embeddings(
        claims=Claim.objects.filter(pk__in=claim_ids).only("pk", "text"),
        reviews=ExternalReview.objects.filter(pk__in=review_ids).only("pk", "claim_text"),
    )
    return f"{written} embedded"


def _erase_contacts():
    return erase_old_contacts(by=None)


register_periodic("erase-tip-contacts", every=CONTACT_ERASURE_SWEEP, func=_erase_contacts)
