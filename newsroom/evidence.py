"""The claim page's evidence: for and against side by side, the claimant's own material
(and interested states' material) in a group of its own, material that does not qualify
set apart with its reasons, reports that no evidence was offered, and on each piece what the assessment found about it (what it relies
on, whether it counts, what it shares with other pieces). The findings are
claims/assessment.py's own, not a second reading of the rules."""

from dataclasses import dataclass, field

from claims.assessment import (
    CONTRADICTS,
    NOTES_ABSENCE,
    SUPPORTS,
    Finding,
    SourceInfo,
    findings,
    groups_sharing_material,
    interested_because,
    own_because,
)
from claims.assessment_service import evidence_item, load_inputs
from claims.models import Claim, Evidence
from sources.models import Source


@dataclass
class EvidenceCard:
    evidence: Evidence
    finding: Finding
    relies_on: list[Source] = field(default_factory=list)  # what the reader may open
    own_material: list[SourceInfo] = field(default_factory=list)
    interested_material: list[SourceInfo] = field(default_factory=list)
    not_independent_because: str = ""  # why its own source is not independent
    withdrawn: list[SourceInfo] = field(default_factory=list)
    shares_origin_with: list[Evidence] = field(default_factory=list)
    group_origins: int = 0  # independent origins among it and the pieces it shares with

    @property
    def claimants_own(self) -> bool:
        return bool(self.own_material)

    @property
    def not_independent(self) -> bool:
        """The claimant's own or an interested state's, and not counted as an admission."""
        own = self.claimants_own or bool(self.interested_material)
        return own and not self.counts_independently

    @property
    def admission(self) -> bool:
        return self.finding.admission

    @property
    def reasons(self) -> list[str]:
        """Why it does not qualify, when it is on a side."""
        return self.finding.reasons

    @property
    def own_through(self) -> list[SourceInfo]:
        """The claimant's own material this piece relies on, other than its own source."""
        return [s for s in self.own_material if s.id != self.evidence.source_id]

    @property
    def counts_independently(self) -> bool:
        return self.finding.independent

    @property
    def narrowed(self) -> bool:
        return self.finding.narrowed

    @property
    def shares_beyond_relies_on(self) -> list[Evidence]:
        """The pieces it shares material with that its "Relies on" line does not already
        name: the card names each source once."""
        named = {source.pk for source in self.relies_on}
        return [other for other in self.shares_origin_with if other.source_id not in named]


@dataclass
class EvidenceColumns:
    supports: list[EvidenceCard]
    contradicts: list[EvidenceCard]
    own: list[EvidenceCard]  # the claimant's own or interested states' material, any stance
    set_aside: list[EvidenceCard]  # on a side but not qualified, each with its reasons
    absence: list[EvidenceCard]  # reports that no evidence was offered
    context: list[EvidenceCard]


def evidence_columns(claim: Claim, evidence: list[Evidence], *, user) -> EvidenceColumns:
    """Sort the claim's evidence (annotated with ``relied_on()``) into groups and note on
    each piece what it relies on (the sources ``user`` may see) and what the assessment
    found about it."""
    data = load_inputs([claim], {claim.pk: [evidence_item(row) for row in evidence]})[claim.pk]
    found = {f.item.source_id: f for f in findings(data)}
    relied = {pk for f in found.values() for pk in f.relies_on}
    visible = (
        {s.pk: s for s in Source.objects.visible_to(user).with_outlet().filter(pk__in=relied)}
        if relied
        else {}
    )
    by_source = {row.source_id: row for row in evidence}
    sharing = {}
    for side in (SUPPORTS, CONTRADICTS, NOTES_ABSENCE):
        counting = [f for f in found.values() if f.counts and f.item.stance == side]
        for group in groups_sharing_material(counting):
            origins = sum(1 for f in group if f.independent)
            for f in group:
                others = [by_source.get(g.item.source_id) for g in group if g is not f]
                sharing[f.item.source_id] = ([o for o in others if o is not None], origins)

    cards = []
    for row in evidence:
        finding = found[row.source_id]
        others, origins = sharing.get(row.source_id, ([], 0))
        on_a_side = finding.item.stance in (SUPPORTS, CONTRADICTS, NOTES_ABSENCE)
        source = data.sources.get(row.source_id)
        because = own_because(source, data) or interested_because(source, data)
        cards.append(
            EvidenceCard(
                evidence=row,
                finding=finding,
                relies_on=[visible[pk] for pk in finding.relies_on if pk in visible],
                own_material=[data.sources[pk] for pk in finding.own] if on_a_side else [],
                interested_material=[data.sources[pk] for pk in finding.interested]
                if on_a_side
                else [],
                not_independent_because=because if on_a_side else "",
                withdrawn=[data.sources[pk] for pk in finding.withdrawn],
                shares_origin_with=others,
                group_origins=origins,
            )
        )
    own = [c for c in cards if c.not_independent]
    aside = [c for c in cards if c not in own and c.reasons]
    grouped = own + aside

    def side(stance):
        return [c for c in cards if c.evidence.stance == stance and c not in grouped]

    return EvidenceColumns(
        supports=side(SUPPORTS),
        contradicts=side(CONTRADICTS),
        own=own,
        set_aside=aside,
        absence=side(NOTES_ABSENCE),
        context=[c for c in cards if c.evidence.stance == Evidence.Stance.CONTEXT],
    )
