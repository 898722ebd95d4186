"""Keeps each claim's stored assessment current.

Loads what the pure assessment needs in a fixed number of queries, calls it, and stores
the result; flags claims whose published verdict disagrees with their evidence.
"""

from django.db.models import Q

from claims.assessment import EvidenceStatus
from claims.models import Claim
from claims.ratings import AFFIRMING, DENYING


def disagreement_condition() -> Q:
    """A published verdict that says true while the evidence contradicts, or false while
    it corroborates."""
    return Q(status=Claim.Status.PUBLISHED) & (
        Q(current_verdict__rating__in=AFFIRMING, evidence_status=EvidenceStatus.CONTRADICTED)
        | Q(current_verdict__rating__in=DENYING, evidence_status=EvidenceStatus.CORROBORATED)
    )


def refresh_verdict_flag(*, claim_ids) -> None:
    claims = Claim.objects.filter(pk__in=claim_ids)
    disagrees = disagreement_condition()
    claims.filter(disagrees, verdict_disagrees=False).update(verdict_disagrees=True)
    claims.filter(verdict_disagrees=True).exclude(disagrees).update(verdict_disagrees=False)
