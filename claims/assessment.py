"""Evidence assessment: how strong the evidence for and against a claim really is.

``assess`` is a pure function: it takes a claim's evidence with the sources it rests on,
their outlets, the provenance links between sources and the claimant's affiliations, and
returns a status, the counts behind it and an explanation in plain words. It runs no
queries; claims/assessment_service.py loads its input and stores its result.

The rules, and every number they use, live in this module and nowhere else. The
Methodology page renders RULES, STATUS_MEANINGS and the weight tables from here.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models


class EvidenceStatus(models.TextChoices):
    NOT_CHECKABLE = "not_checkable", "Not checkable"
    UNVERIFIED = "unverified", "Unverified"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    SINGLE_ORIGIN = "single_origin", "Single origin"
    CORROBORATED = "corroborated", "Corroborated"
    CONTRADICTED = "contradicted", "Contradicted"
    CONTESTED = "contested", "Contested"


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
# An origin counts as independent support or contradiction when its heaviest piece of
# evidence on that side reaches this weight. Low-reliability material never reaches it
# (0.2 at most), so it alone can never corroborate or contradict a claim.
COUNTING_THRESHOLD = 0.3
CORROBORATION_ORIGINS = 2

RULES = [
    "Evidence is grouped by origin. A source's origin is the material it relies on, "
    "followed through its citations as far as they go: sources that rely on the same "
    "material, directly or through other sources, are one origin, however many outlets "
    "repeat it.",
    "Material from an outlet affiliated with the claimant is the claimant's own. An origin "
    "that includes any of it never counts as independent support or contradiction: a "
    "government does not corroborate itself.",
    "Each piece of evidence weighs its outlet's reliability times its strength; an origin "
    f"counts on a side when its heaviest piece there weighs at least {COUNTING_THRESHOLD}. "
    "Low-reliability material on its own never counts.",
    "Context evidence is recorded and shown, but neither supports nor contradicts.",
    f"A claim is corroborated when at least {CORROBORATION_ORIGINS} independent origins "
    "support it and none contradicts it.",
]

SUPPORTS, CONTRADICTS, CONTEXT = "supports", "contradicts", "context"


@dataclass(frozen=True)
class SourceInfo:
    id: int
    title: str
    outlet_id: int | None = None
    outlet_name: str = ""
    reliability: str = "unknown"


@dataclass(frozen=True)
class EvidenceItem:
    source_id: int
    stance: str
    strength: str


@dataclass(frozen=True)
class AssessmentInput:
    checkable: bool
    evidence: list[EvidenceItem]
    sources: dict[int, SourceInfo]  # every source the evidence reaches through citations
    cites: dict[int, frozenset[int]]  # source id -> ids of the sources it cites
    affiliated_outlets: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Assessment:
    status: str
    supporting: int = 0
    contradicting: int = 0
    context: int = 0
    independent_supporting: int = 0
    independent_contradicting: int = 0
    explanation: str = ""


@dataclass
class _Origin:
    items: list[EvidenceItem] = field(default_factory=list)
    members: set[int] = field(default_factory=set)
    own: bool = False


def weight(item: EvidenceItem, source: SourceInfo) -> float:
    return RELIABILITY_WEIGHTS.get(source.reliability, RELIABILITY_WEIGHTS["unknown"]) * (
        STRENGTH_WEIGHTS.get(item.strength, STRENGTH_WEIGHTS["moderate"])
    )


def reach(source_id: int, cites: dict[int, frozenset[int]]) -> set[int]:
    """The source and everything it relies on, followed transitively; safe on cycles."""
    seen = {source_id}
    stack = [source_id]
    while stack:
        for cited in cites.get(stack.pop(), ()):
            if cited not in seen:
                seen.add(cited)
                stack.append(cited)
    return seen


def group_by_origin(data: AssessmentInput) -> list[_Origin]:
    """Evidence whose sources rely on any common material forms one origin."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    reached = {}
    for item in data.evidence:
        reached[item.source_id] = reach(item.source_id, data.cites)
        for other in reached[item.source_id]:
            parent[find(other)] = find(item.source_id)

    origins: dict[int, _Origin] = defaultdict(_Origin)
    for item in data.evidence:
        origin = origins[find(item.source_id)]
        origin.items.append(item)
        origin.members |= reached[item.source_id]
    for origin in origins.values():
        origin.own = any(
            data.sources[m].outlet_id in data.affiliated_outlets
            for m in origin.members
            if m in data.sources and data.sources[m].outlet_id is not None
        )
    return list(origins.values())


def _counts_on(origin: _Origin, stance: str, data: AssessmentInput) -> bool:
    return any(
        weight(item, data.sources[item.source_id]) >= COUNTING_THRESHOLD
        for item in origin.items
        if item.stance == stance
    )


def _names(origins: list[_Origin], stances: set[str], data: AssessmentInput) -> str:
    """One title per origin: its first piece of evidence with one of these stances."""
    titles = []
    for origin in origins:
        for item in origin.items:
            if item.stance in stances:
                titles.append(f"“{data.sources[item.source_id].title}”")
                break
    return "; ".join(titles)


def _number(n: int, one: str, many: str) -> str:
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    return f"{words.get(n, str(n))} {one if n == 1 else many}"


def assess(data: AssessmentInput) -> Assessment:
    stances = [item.stance for item in data.evidence]
    counts = {
        "supporting": stances.count(SUPPORTS),
        "contradicting": stances.count(CONTRADICTS),
        "context": stances.count(CONTEXT),
    }
    origins = group_by_origin(data)
    independent = [o for o in origins if not o.own]
    supporting = [o for o in independent if _counts_on(o, SUPPORTS, data)]
    contradicting = [o for o in independent if _counts_on(o, CONTRADICTS, data)]
    counts["independent_supporting"] = len(supporting)
    counts["independent_contradicting"] = len(contradicting)

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
        explanation=explain(status, data, origins, supporting, contradicting),
        **counts,
    )


def explain(status, data, origins, supporting, contradicting) -> str:
    if status == EvidenceStatus.NOT_CHECKABLE:
        return (
            "Marked not checkable: "
            + STATUS_MEANINGS[status][0].lower()
            + STATUS_MEANINGS[status][1:]
        )
    if status == EvidenceStatus.UNVERIFIED:
        return STATUS_MEANINGS[status]

    sentences = []
    if contradicting:
        sentences.append(
            f"{_number(len(contradicting), 'independent origin contradicts', 'independent origins contradict')}"
            f" this: {_names(contradicting, {CONTRADICTS}, data)}."
        )
    if supporting:
        sentences.append(
            f"{_number(len(supporting), 'independent origin supports', 'independent origins support')}"
            f" it: {_names(supporting, {SUPPORTS}, data)}."
        )
    own_support = [o for o in origins if o.own and any(i.stance == SUPPORTS for i in o.items)]
    if own_support:
        lead = "The only support" if not supporting else "Further support"
        sentences.append(
            f"{lead} comes from the claimant's own material: {_names(own_support, {SUPPORTS}, data)}."
        )
    own_contradiction = [
        o for o in origins if o.own and any(i.stance == CONTRADICTS for i in o.items)
    ]
    if own_contradiction:
        sentences.append(
            "The claimant's own material also contradicts it: "
            f"{_names(own_contradiction, {CONTRADICTS}, data)}."
        )
    too_weak = [
        o
        for o in origins
        if not o.own
        and o not in supporting
        and o not in contradicting
        and any(i.stance in (SUPPORTS, CONTRADICTS) for i in o.items)
    ]
    if too_weak:
        sentences.append(
            "Too weak to count (low reliability or weak evidence): "
            f"{_names(too_weak, {SUPPORTS, CONTRADICTS}, data)}."
        )
    for origin in origins:
        if len(origin.items) > 1:
            titles = [f"“{data.sources[i.source_id].title}”" for i in origin.items]
            sentences.append(
                f"{', '.join(titles[:-1])} and {titles[-1]} share one origin and count once."
            )
    context = sum(1 for i in data.evidence if i.stance == CONTEXT)
    if context:
        sentences.append(f"{_number(context, 'context source is', 'context sources are')} linked.")
    if status == EvidenceStatus.UNSUBSTANTIATED and not own_support:
        sentences.insert(0, "Nothing independent supports or contradicts this.")
    elif status == EvidenceStatus.UNSUBSTANTIATED:
        sentences.insert(0, "No independent support.")
    return " ".join(sentences)
