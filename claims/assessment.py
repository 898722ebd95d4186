"""Evidence assessment: how strong the evidence for and against a claim really is.

``assess`` is a pure function: it takes a claim's evidence with the material each piece
relies on, the sources that material reaches, their outlets, the provenance links between
sources and who the claimant is (affiliations, the state it speaks for), and returns a
status, the counts behind it and an explanation in plain words. It runs no queries;
claims/assessment_service.py loads its input and stores its result.

The rules, and every number they use, live in this module and nowhere else. The
Methodology page renders RULES, STATUS_MEANINGS and the weight tables from here.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models


class EvidenceStatus(models.TextChoices):
    """Stored codes are a stable API contract; the labels are what readers see, and no
    verdict label shares one (but "Not checkable", which means the same in both)."""

    NOT_CHECKABLE = "not_checkable", "Not checkable"
    UNVERIFIED = "unverified", "Not yet researched"
    UNSUBSTANTIATED = "unsubstantiated", "No independent evidence"
    SINGLE_ORIGIN = "single_origin", "One independent source"
    CORROBORATED = "corroborated", "Corroborated"
    CONTRADICTED = "contradicted", "Contradicted"
    CONTESTED = "contested", "Conflicting evidence"


STATUS_MEANINGS = {
    EvidenceStatus.NOT_CHECKABLE: "The claim is an opinion, intention or prediction that evidence cannot settle.",
    EvidenceStatus.UNVERIFIED: "No evidence has been linked yet.",
    EvidenceStatus.UNSUBSTANTIATED: "Evidence was examined, but nothing independent supports or contradicts the claim.",
    EvidenceStatus.SINGLE_ORIGIN: "Independent support exists, but all of it traces back to one origin.",
    EvidenceStatus.CORROBORATED: "At least two independent origins support the claim and none contradicts it.",
    EvidenceStatus.CONTRADICTED: "Independent material contradicts the claim and none supports it.",
    EvidenceStatus.CONTESTED: "Independent origins both support and contradict the claim.",
}

# How much a piece of evidence weighs: its outlet's reliability times its strength.
# Material with no outlet is weighed as "unknown".
RELIABILITY_WEIGHTS = {"high": 1.0, "mixed": 0.6, "unknown": 0.5, "low": 0.2}
STRENGTH_WEIGHTS = {"strong": 1.0, "moderate": 0.7, "weak": 0.4}
# A piece of evidence counts on its side when it weighs at least this much. Low-reliability
# material never reaches it (0.2 at most), so it alone can never corroborate or contradict
# a claim.
COUNTING_THRESHOLD = 0.3
CORROBORATION_ORIGINS = 2

RULES = [
    "Provenance is recorded per piece of evidence. A piece reaches its own source and the "
    "material it relies on for this claim, followed through what that material cites, as "
    "far as it goes. When nothing is recorded for the claim, everything its source cites "
    "is what it relies on.",
    "Two pieces of evidence are independent when what they reach shares no source. The "
    "number of independent origins on a side is the largest number of counting pieces "
    "there that are pairwise independent: three outlets repeating one ministry statement "
    "count once, and a report citing two independent reports does not merge them into one.",
    "A piece of evidence is the claimant's own material when it reaches material from an "
    "outlet affiliated with the claimant or, for a claimant who speaks for a state, from a "
    "state-affiliated outlet of that country (its government bodies and state media). The "
    "claimant's own material never counts as independent support or contradiction: a "
    "government does not corroborate itself. It never makes another piece the claimant's "
    "own.",
    "Withdrawn material (deleted or disowned by its publisher) counts on neither side, nor "
    "does a piece that relies on it; the explanation says what was withdrawn and when.",
    "Each piece of evidence weighs its outlet's reliability times its strength; a piece "
    f"counts on its side when it weighs at least {COUNTING_THRESHOLD}. Low-reliability "
    "material on its own never counts.",
    "Context evidence is recorded and shown, but neither supports nor contradicts, and "
    "takes no part in working out origins.",
    f"A claim is corroborated when at least {CORROBORATION_ORIGINS} independent origins "
    "support it and none contradicts it.",
]

SUPPORTS, CONTRADICTS, CONTEXT = "supports", "contradicts", "context"
SIDES = (SUPPORTS, CONTRADICTS)


@dataclass(frozen=True)
class SourceInfo:
    id: int
    title: str
    outlet_id: int | None = None
    outlet_name: str = ""
    reliability: str = "unknown"
    outlet_country: str = ""
    state_affiliated: bool = False
    withdrawn_on: date | None = None
    withdrawal_note: str = ""


@dataclass(frozen=True)
class EvidenceItem:
    source_id: int
    stance: str
    strength: str
    relies_on: frozenset[int] = frozenset()  # for this claim; empty: the source's citations


@dataclass(frozen=True)
class AssessmentInput:
    checkable: bool
    evidence: list[EvidenceItem]
    sources: dict[int, SourceInfo]  # every source the evidence reaches
    cites: dict[int, frozenset[int]]  # source id -> ids of the sources it cites
    affiliated_outlets: frozenset[int] = frozenset()
    state_country: str = ""  # the country the claimant speaks for, if it speaks for a state


@dataclass(frozen=True)
class Assessment:
    status: str
    supporting: int = 0
    contradicting: int = 0
    context: int = 0
    independent_supporting: int = 0
    independent_contradicting: int = 0
    explanation: str = ""


@dataclass(frozen=True)
class Finding:
    """What the rules found about one piece of evidence."""

    item: EvidenceItem
    reach: frozenset[int]  # its source and everything it relies on, transitively
    relies_on: tuple[int, ...]  # what it relies on directly, for this claim
    narrowed: bool  # relies_on was recorded for this claim (not the source's citations)
    own: tuple[int, ...]  # material it reaches that is the claimant's own
    withdrawn: tuple[int, ...]  # withdrawn material it reaches
    weight: float
    counts: bool  # supports or contradicts, independent of the claimant, heavy enough
    independent: bool = False  # one of the largest pairwise-independent set on its side

    @property
    def too_weak(self) -> bool:
        return self.item.stance in SIDES and not self.own and not self.withdrawn and not self.counts


def weight(item: EvidenceItem, source: SourceInfo) -> float:
    return RELIABILITY_WEIGHTS.get(source.reliability, RELIABILITY_WEIGHTS["unknown"]) * (
        STRENGTH_WEIGHTS.get(item.strength, STRENGTH_WEIGHTS["moderate"])
    )


def reach(source_id: int, cites: dict[int, frozenset[int]]) -> set[int]:
    """The source and everything it relies on, followed transitively; safe on cycles."""
    return _closure({source_id}, cites)


def _closure(start: set[int], cites: dict[int, frozenset[int]]) -> set[int]:
    seen = set(start)
    stack = list(start)
    while stack:
        for cited in cites.get(stack.pop(), ()):
            if cited not in seen:
                seen.add(cited)
                stack.append(cited)
    return seen


def relied_on(item: EvidenceItem, cites: dict[int, frozenset[int]]) -> frozenset[int]:
    """What a piece relies on directly: what was recorded for this claim, else what its
    source cites."""
    return item.relies_on or cites.get(item.source_id, frozenset())


def piece_reach(item: EvidenceItem, cites: dict[int, frozenset[int]]) -> frozenset[int]:
    return frozenset({item.source_id} | _closure(set(relied_on(item, cites)), cites))


def is_own(source: SourceInfo | None, data: AssessmentInput) -> bool:
    if source is None or source.outlet_id is None:
        return False
    if source.outlet_id in data.affiliated_outlets:
        return True
    country = data.state_country.strip().casefold()
    return bool(
        country and source.state_affiliated and source.outlet_country.strip().casefold() == country
    )


def largest_independent_set(reaches: list[frozenset[int]]) -> set[int]:
    """Indices of a largest set of pieces whose reaches are pairwise disjoint. Exact.

    The pieces are the vertices of a graph, joined when their reaches share a source, and
    this is a maximum independent set of it, found by a small branch-and-reduce search
    over bit masks, memoised by the set of pieces still open. Cost stays bounded:
    - unconnected groups of pieces are solved separately;
    - a piece whose conflicting pieces all conflict with one another (among them every
      piece with at most one conflict, and every piece in a group that repeats one
      statement) is taken without branching: some largest set contains it;
    - otherwise the search branches on the piece with the most conflicts, at least two;
      a group where every piece has exactly two is a cycle, which one branch opens into a
      chain the rule above finishes. So each branching removes one piece on one side and
      at least four on the other: at most about 1.39^n steps for a tangled group of n
      pieces on one side (a few thousand for 25, under half a million for 40). Pieces on
      a side are those a fact-checker linked to one claim, rarely more than a few dozen,
      and typical groups (outlets repeating one origin) are settled by the rule above in
      n steps.
    """
    n = len(reaches)
    conflicts = [0] * n
    for i in range(n):
        for j in range(i + 1, n):
            if reaches[i] & reaches[j]:
                conflicts[i] |= 1 << j
                conflicts[j] |= 1 << i
    memo: dict[int, int] = {}

    def members(mask: int) -> list[int]:
        return [v for v in range(n) if mask >> v & 1]

    def connected_part(mask: int) -> int:
        part = frontier = mask & -mask
        while frontier:
            v = frontier.bit_length() - 1
            frontier &= ~(1 << v)
            new = conflicts[v] & mask & ~part
            part |= new
            frontier |= new
        return part

    def all_conflicting(mask: int) -> bool:
        return all((conflicts[u] | 1 << u) & mask == mask for u in members(mask))

    def best(mask: int) -> int:
        if not mask:
            return 0
        if mask in memo:
            return memo[mask]
        part = connected_part(mask)
        if part != mask:
            result = best(part) | best(mask & ~part)
        else:
            vertices = members(mask)
            degree = {v: (conflicts[v] & mask).bit_count() for v in vertices}
            settled = [v for v in vertices if all_conflicting(conflicts[v] & mask)]
            if settled:
                v = min(settled, key=lambda v: (degree[v], len(reaches[v]), v))
                result = 1 << v | best(mask & ~(1 << v) & ~conflicts[v])
            else:
                v = max(vertices, key=lambda v: (degree[v], -v))
                take = 1 << v | best(mask & ~(1 << v) & ~conflicts[v])
                leave = best(mask & ~(1 << v))
                result = take if take.bit_count() >= leave.bit_count() else leave
        memo[mask] = result
        return result

    chosen = best((1 << n) - 1)
    return set(members(chosen))


def findings(data: AssessmentInput) -> list[Finding]:
    """What the rules find about each piece of evidence, in the order given."""
    found = []
    for item in data.evidence:
        reached = piece_reach(item, data.cites)
        source = data.sources.get(item.source_id)
        own = tuple(sorted(m for m in reached if is_own(data.sources.get(m), data)))
        withdrawn = tuple(
            sorted(m for m in reached if m in data.sources and data.sources[m].withdrawn_on)
        )
        heavy = weight(item, source) if source is not None else 0.0
        found.append(
            Finding(
                item=item,
                reach=reached,
                relies_on=tuple(sorted(relied_on(item, data.cites))),
                narrowed=bool(item.relies_on),
                own=own,
                withdrawn=withdrawn,
                weight=heavy,
                counts=item.stance in SIDES
                and not own
                and not withdrawn
                and heavy >= COUNTING_THRESHOLD,
            )
        )
    for side in SIDES:
        counting = [i for i, f in enumerate(found) if f.counts and f.item.stance == side]
        chosen = largest_independent_set([found[i].reach for i in counting])
        for position in chosen:
            index = counting[position]
            found[index] = _with_independent(found[index])
    return found


def _with_independent(finding: Finding) -> Finding:
    return Finding(**{**finding.__dict__, "independent": True})


def assess(data: AssessmentInput) -> Assessment:
    stances = [item.stance for item in data.evidence]
    found = findings(data)
    supporting = [f for f in found if f.independent and f.item.stance == SUPPORTS]
    contradicting = [f for f in found if f.independent and f.item.stance == CONTRADICTS]

    if not data.checkable:
        status = EvidenceStatus.NOT_CHECKABLE
    elif not data.evidence:
        status = EvidenceStatus.UNVERIFIED
    elif supporting and contradicting:
        status = EvidenceStatus.CONTESTED
    elif contradicting:
        status = EvidenceStatus.CONTRADICTED
    elif len(supporting) >= CORROBORATION_ORIGINS:
        status = EvidenceStatus.CORROBORATED
    elif supporting:
        status = EvidenceStatus.SINGLE_ORIGIN
    else:
        status = EvidenceStatus.UNSUBSTANTIATED

    return Assessment(
        status=status,
        supporting=stances.count(SUPPORTS),
        contradicting=stances.count(CONTRADICTS),
        context=stances.count(CONTEXT),
        independent_supporting=len(supporting),
        independent_contradicting=len(contradicting),
        explanation=explain(status, data, found),
    )


# Explanations ---------------------------------------------------------------------------


def _title(source_id: int, data: AssessmentInput) -> str:
    source = data.sources.get(source_id)
    return f"“{source.title}”" if source else "an unknown source"


def _listing(names: list[str], *, joiner: str = "and") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def _number(n: int, one: str, many: str) -> str:
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    return f"{words.get(n, str(n))} {one if n == 1 else many}"


def _on(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _deepest(shared: set[int], data: AssessmentInput) -> list[int]:
    """The shared material that relies on no other shared material: the origin itself,
    not the reports that pass it on."""
    deepest = [s for s in shared if not (reach(s, data.cites) - {s}) & shared]
    return sorted(deepest or shared)


def groups_sharing_material(side: list[Finding]) -> list[list[Finding]]:
    """Counting pieces on one side that share material, directly or through one another."""
    groups: list[list[Finding]] = []
    for finding in side:
        touching = [g for g in groups if any(finding.reach & other.reach for other in g)]
        merged = [finding]
        for group in touching:
            merged = group + merged
            groups.remove(group)
        groups.append(merged)
    return [sorted(g, key=side.index) for g in groups]


def _shared_origin_sentence(group: list[Finding], data: AssessmentInput) -> str:
    """Why several pieces on one side count for fewer origins, naming what they share."""
    chosen = [f for f in group if f.independent]
    if len(chosen) > 1:
        sentences = []
        for finding in group:
            if finding.independent:
                continue
            shared = set().union(*(finding.reach & c.reach for c in chosen))
            material = _listing([_title(s, data) for s in _deepest(shared, data)])
            sentences.append(
                f"{_title(finding.item.source_id, data)} relies on material already counted "
                f"here ({material}), so it adds no origin of its own."
            )
        return " ".join(sentences)
    common = set.intersection(*(set(f.reach) for f in group))
    root = [f for f in group if f.item.source_id in common]
    if root:
        others = [_title(f.item.source_id, data) for f in group if f not in root[:1]]
        verb = "repeats" if len(others) == 1 else "repeat"
        return (
            f"{_listing(others)} {verb} {_title(root[0].item.source_id, data)}, so they count once."
        )
    names = [_title(f.item.source_id, data) for f in group]
    if common:
        origin = _listing([_title(s, data) for s in _deepest(common, data)])
        both = "both" if len(names) == 2 else "all"
        return f"{_listing(names)} {both} rely on {origin}, so they count once."
    overlap = set().union(*(a.reach & b.reach for a in group for b in group if a is not b))
    origin = _listing([_title(s, data) for s in _deepest(overlap, data)])
    return f"{_listing(names)} rely on overlapping material ({origin}), so they count once."


def _own_sentence(finding: Finding, data: AssessmentInput) -> str:
    own = finding.own
    title = _title(finding.item.source_id, data)
    source = data.sources.get(finding.item.source_id)
    if finding.item.source_id in own and source is not None:
        if source.outlet_id in data.affiliated_outlets:
            why = f"{source.outlet_name}, affiliated with the claimant"
        else:
            why = f"{source.outlet_name}, state-affiliated in {source.outlet_country}"
        return f"{title} is the claimant's own material ({why})."
    outlets = sorted({data.sources[s].outlet_name for s in own if data.sources[s].outlet_name})
    material = _listing([_title(s, data) for s in _deepest(set(own), data)])
    by = f" from {_listing(outlets)}" if outlets else ""
    for_this = " for this claim" if finding.narrowed else ""
    return f"{title} relies on {material}{by}{for_this}, so it is the claimant's own material."


def _withdrawn_sentence(finding: Finding, data: AssessmentInput) -> str:
    title = _title(finding.item.source_id, data)
    parts = []
    for source_id in finding.withdrawn:
        source = data.sources[source_id]
        note = f" ({source.withdrawal_note.strip().rstrip('.')})" if source.withdrawal_note else ""
        parts.append(f"{_title(source_id, data)} was withdrawn on {_on(source.withdrawn_on)}{note}")
    if finding.withdrawn == (finding.item.source_id,):
        return f"{parts[0]}, so it counts on neither side."
    return f"{title} counts on neither side: it relies on withdrawn material. {'; '.join(parts)}."


def explain(status: str, data: AssessmentInput, found: list[Finding]) -> str:
    if status == EvidenceStatus.NOT_CHECKABLE:
        return (
            "Marked not checkable: "
            + STATUS_MEANINGS[status][0].lower()
            + STATUS_MEANINGS[status][1:]
        )
    if status == EvidenceStatus.UNVERIFIED:
        return STATUS_MEANINGS[status]

    sentences = []
    if status == EvidenceStatus.UNSUBSTANTIATED:
        sentences.append("Nothing independent supports or contradicts this.")
    for side, one, many, obj in (
        (CONTRADICTS, "independent origin contradicts", "independent origins contradict", "this"),
        (SUPPORTS, "independent origin supports", "independent origins support", "it"),
    ):
        chosen = [f for f in found if f.independent and f.item.stance == side]
        if chosen:
            names = "; ".join(_title(f.item.source_id, data) for f in chosen)
            sentences.append(f"{_number(len(chosen), one, many)} {obj}: {names}.")
    for side in (CONTRADICTS, SUPPORTS):
        counting = [f for f in found if f.counts and f.item.stance == side]
        for group in groups_sharing_material(counting):
            if len(group) > 1:
                sentences.append(_shared_origin_sentence(group, data))
    for finding in found:
        if finding.item.stance in SIDES and finding.own:
            sentences.append(_own_sentence(finding, data))
    for finding in found:
        if finding.item.stance in SIDES and finding.withdrawn:
            sentences.append(_withdrawn_sentence(finding, data))
    too_weak = [f for f in found if f.too_weak]
    if too_weak:
        sentences.append(
            "Too weak to count (low reliability or weak evidence): "
            + "; ".join(_title(f.item.source_id, data) for f in too_weak)
            + "."
        )
    context = sum(1 for f in found if f.item.stance == CONTEXT)
    if context:
        sentences.append(
            f"{_number(context, 'context source is', 'context sources are')} linked; "
            "context neither supports nor contradicts."
        )
    return " ".join(sentences)
