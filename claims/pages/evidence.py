"""The claim page's evidence: for and against side by side, each piece with what the
assessment found about its origin (claims/assessment.py's grouping, not a second one)."""

from dataclasses import dataclass, field

from claims.assessment import group_by_origin
from claims.assessment_service import load_inputs
from claims.models import Claim, Evidence


@dataclass
class EvidenceCard:
    evidence: Evidence
    claimants_own: bool = False  # from an outlet affiliated with the claimant
    shares_origin_with: list[Evidence] = field(default_factory=list)


@dataclass
class EvidenceColumns:
    supports: list[EvidenceCard]
    contradicts: list[EvidenceCard]
    context: list[EvidenceCard]


def evidence_columns(claim: Claim, evidence: list[Evidence]) -> EvidenceColumns:
    """Sort the claim's evidence by stance and note, on each piece, the other evidence it
    shares an origin with and whether it is the claimant's own material."""
    origins = group_by_origin(load_inputs([claim])[claim.pk])
    by_source = {item.source_id: origin for origin in origins for item in origin.items}
    cards = []
    for row in evidence:
        origin = by_source.get(row.source_id)  # None if the row arrived between the queries
        if origin is None:
            cards.append(EvidenceCard(evidence=row))
            continue
        together = {item.source_id for item in origin.items} - {row.source_id}
        cards.append(
            EvidenceCard(
                evidence=row,
                claimants_own=origin.own,
                shares_origin_with=[other for other in evidence if other.source_id in together],
            )
        )
    return EvidenceColumns(
        supports=[c for c in cards if c.evidence.stance == Evidence.Stance.SUPPORTS],
        contradicts=[c for c in cards if c.evidence.stance == Evidence.Stance.CONTRADICTS],
        context=[c for c in cards if c.evidence.stance == Evidence.Stance.CONTEXT],
    )
