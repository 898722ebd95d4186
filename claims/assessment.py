"""Evidence assessment: how strong the evidence for and against a claim really is.

``assess`` is a pure function: it takes a claim's evidence with the material each piece
relies on, the sources that material reaches (their outlets, speakers, verification and
media fingerprints), the provenance links between sources, who the claimant is
(affiliations, the state it speaks for) and the countries with a stake in the claim, and
returns a status, the counts behind it and an explanation in plain words. It runs no
queries; claims/assessment_service.py loads its input and stores its result.

The rules, and every number they use, live in this module and nowhere else. The
Methodology page renders RULES, STATUS_MEANINGS and the qualification table from here.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class EvidenceStatus(models.TextChoices):
    """Stored codes are a stable API contract; the labels are what readers see, and no
    verdict label shares one (but "Not checkable", which means the same in both)."""

    NOT_CHECKABLE = "not_checkable", _("Not checkable")
    UNVERIFIED = "unverified", _("Not yet researched")
    UNSUBSTANTIATED = "unsubstantiated", _("No independent evidence")
    SINGLE_ORIGIN = "single_origin", _("One independent source")
    CORROBORATED = "corroborated", _("Corroborated")
    CONTRADICTED = "contradicted", _("Contradicted")
    CONTESTED = "contested", _("Conflicting evidence")


# What a piece of material must be to count (to "qualify"). Material that does not is
# shown, grouped apart, with its reasons, and counts on no side.
QUALIFYING_RELIABILITY = ("high", "mixed")  # the outlet's; unknown and low never count
QUALIFYING_STRENGTHS = ("strong", "moderate")  # weak never counts
# Kinds of material a fact-checker must verify (Source.verification) before they count.
NEEDS_VERIFICATION = ("eyewitness", "broadcast", "photo", "social_post")
# Two images whose perceptual hashes (64 bits) differ in at most this many bits are the
# same picture (resized, recompressed, lightly cropped): one origin.
NEAR_DUPLICATE_BITS = 8
# Independent origins needed on each side.
CORROBORATION_ORIGINS = 2
CONTRADICTION_ORIGINS = 1

SUPPORTS, CONTRADICTS, CONTEXT, NOTES_ABSENCE = (
    "supports",
    "contradicts",
    "context",
    "notes_absence",
)
SIDES = (SUPPORTS, CONTRADICTS)
COUNTED_STANCES = (SUPPORTS, CONTRADICTS, NOTES_ABSENCE)


class Unqualified(models.TextChoices):
    """Why a piece of material does not count, in the words the page shows."""

    UNATTRIBUTED = "unattributed", _("unattributed")
    UNKNOWN_RELIABILITY = "unknown_reliability", _("unknown reliability")
    LOW_RELIABILITY = "low_reliability", _("low reliability")
    WEAK = "weak", _("weak")
    NOT_VERIFIED = "not_verified", _("not verified")


STATUS_MEANINGS = {
    EvidenceStatus.NOT_CHECKABLE: _(
        "The claim is an opinion, intention or prediction that evidence cannot settle."
    ),
    EvidenceStatus.UNVERIFIED: _("No evidence has been linked yet."),
    EvidenceStatus.UNSUBSTANTIATED: _(
        "Evidence was examined, but no qualified independent material supports or "
        "contradicts the claim; when independent material reports that no evidence was "
        "offered for it, the explanation names that material."
    ),
    EvidenceStatus.SINGLE_ORIGIN: _(
        "Qualified independent support exists, but all of it traces back to one origin."
    ),
    EvidenceStatus.CORROBORATED: format_lazy(
        _(
            "At least {origins} qualified independent origins support the claim and none "
            "contradicts it."
        ),
        origins=CORROBORATION_ORIGINS,
    ),
    EvidenceStatus.CONTRADICTED: format_lazy(
        _(
            "At least {origins} qualified independent origin contradicts the claim and none "
            "supports it; the explanation says when it rests on one independent source."
        ),
        origins=CONTRADICTION_ORIGINS,
    ),
    EvidenceStatus.CONTESTED: _(
        "Qualified independent origins both support and contradict the claim."
    ),
}

SYMMETRY = format_lazy(
    _(
        "Support and contradiction follow the same rules: the same qualification, the same "
        "test of independence, the same exclusion of the claimant's own material and of "
        "interested states' media. They differ in one number: a claim is corroborated by "
        "{corroboration} independent origins, while {contradiction} qualified independent "
        "origin is enough to mark it contradicted. A claim that stands needs more than one "
        "voice repeating it, because one outlet can be wrong or be the claimant's echo; one "
        "qualified, independent, verified piece of material showing it is false is enough "
        "to say it is in doubt, and the explanation then says that the contradiction rests "
        "on one independent source, so readers can weigh it."
    ),
    corroboration=CORROBORATION_ORIGINS,
    contradiction=CONTRADICTION_ORIGINS,
)

RULES = [
    _(
        "Provenance is recorded per piece of evidence. A piece reaches its own source and "
        "the material it relies on for this claim, followed through what that material "
        "cites, as far as it goes. When nothing is recorded for the claim, everything its "
        "source cites is what it relies on."
    ),
    format_lazy(
        _(
            "Only qualified material counts, on either side. A piece qualifies when it is "
            "attributed (its publisher, the outlet, or its speaker, whose words it carries, "
            "is known), its outlet's reliability is {reliability} (unknown and low never "
            "count; material with no outlet has unknown reliability), its strength is "
            "{strength} (weak never counts), and, for eyewitness accounts, videos and "
            "broadcasts, photos and social posts, a fact-checker has verified it (with a note "
            "saying how). Pieces that do not qualify stay on the page in a group of their "
            "own, each with its reasons, and the explanation says how many were set aside "
            "and why."
        ),
        reliability=_("high or mixed"),
        strength=_("strong or moderate"),
    ),
    _(
        "Two pieces of evidence are independent when what they reach shares no source. The "
        "number of independent origins on a side is the largest number of qualified pieces "
        "there that are pairwise independent: three outlets repeating one ministry statement "
        "count once, and a report citing two independent reports does not merge them into "
        "one."
    ),
    format_lazy(
        _(
            "One piece of media is one origin: sources whose media files have the same "
            "SHA-256, or whose images' perceptual hashes differ in at most {bits} of 64 "
            "bits, share an origin, however many times the file was uploaded or reposted."
        ),
        bits=NEAR_DUPLICATE_BITS,
    ),
    _(
        "A piece of evidence is the claimant's own material when it reaches material whose "
        "speaker is the claimant, one of the claimant's affiliated bodies or, for a claimant "
        "who speaks for a state, one of that state's bodies; or material from an outlet "
        "affiliated with the claimant or, for a claimant who speaks for a state, from a "
        "state-affiliated outlet of that country. The claimant's own material never counts "
        "as independent support or contradiction: a government does not corroborate itself. "
        "It never makes another piece the claimant's own."
    ),
    _(
        "Countries are recorded as ISO 3166-1 codes. A claim's interested countries are "
        "those listed on the claim and on its event, and always the country its claimant "
        "speaks for. Material from a state-affiliated outlet (or a state body speaking) of "
        "an interested country is not independent for that claim: allied states' media do "
        "not corroborate one another's account."
    ),
    _(
        "An admission against interest is the exception: the claimant's own material that "
        "states something against the claimant's interest, flagged by an editor or "
        "fact-checker with a note saying why, counts as one independent origin (all such "
        "admissions together count once), if it otherwise qualifies."
    ),
    _(
        "Material that reports that no evidence was offered for the claim (“authorities "
        "have yet to release any evidence”) is recorded as noting an absence. It rests on "
        "its own looking, so only what is recorded for it on this claim is what it relies "
        "on, not everything its source cites. When it qualifies and is independent, and "
        "nothing qualified supports the claim, the claim has no independent evidence, and "
        "the explanation names that material."
    ),
    _(
        "Withdrawn material (deleted or disowned by its publisher) counts on neither side, "
        "nor does a piece that relies on it; the explanation says what was withdrawn and "
        "when."
    ),
    _(
        "Context evidence is recorded and shown, but neither supports nor contradicts, and "
        "takes no part in working out origins."
    ),
    format_lazy(
        _(
            "A claim is corroborated when at least {corroboration} independent origins "
            "support it and none contradicts it; it is contradicted when at least "
            "{contradiction} contradicts it and none supports it; it is contested when both "
            "sides have one."
        ),
        corroboration=CORROBORATION_ORIGINS,
        contradiction=CONTRADICTION_ORIGINS,
    ),
    SYMMETRY,
]

# Tokens standing for shared origins that are not one source: every admission against
# interest shares CLAIMANT_ADMISSION; duplicated media share a negative token per group.
CLAIMANT_ADMISSION = -1


@dataclass(frozen=True)
class SourceInfo:
    id: int
    title: str
    outlet_id: int | None = None
    outlet_name: str = ""
    reliability: str = "unknown"
    outlet_country: str = ""  # ISO 3166-1 alpha-2
    state_affiliated: bool = False
    withdrawn_on: date | None = None
    withdrawal_note: str = ""
    speaker_id: int | None = None
    speaker_name: str = ""
    kind: str = "article"
    verified: bool = False
    media_sha256: frozenset[str] = frozenset()
    media_phash: frozenset[str] = frozenset()  # 16 hex digits each

    @property
    def attributed(self) -> bool:
        return self.outlet_id is not None or self.speaker_id is not None


@dataclass(frozen=True)
class SpeakerInfo:
    """A claimant whose words a source carries."""

    id: int
    name: str = ""
    affiliations: frozenset[int] = frozenset()
    state_actor: bool = False
    country: str = ""


@dataclass(frozen=True)
class EvidenceItem:
    source_id: int
    stance: str
    strength: str
    relies_on: frozenset[int] = frozenset()  # for this claim; empty: the source's citations
    against_interest: bool = False


@dataclass(frozen=True)
class AssessmentInput:
    checkable: bool
    evidence: list[EvidenceItem]
    sources: dict[int, SourceInfo]  # every source the evidence reaches
    cites: dict[int, frozenset[int]]  # source id -> ids of the sources it cites
    affiliated_outlets: frozenset[int] = frozenset()
    state_country: str = ""  # the country the claimant speaks for, if it speaks for a state
    claimant_id: int | None = None
    speakers: dict[int, SpeakerInfo] = field(default_factory=dict)
    interested_countries: frozenset[str] = frozenset()  # the claim's and its event's

    @property
    def stakeholders(self) -> frozenset[str]:
        """Countries with a stake: those listed, and always the claimant's own state."""
        own = {self.state_country} if self.state_country else set()
        return frozenset(self.interested_countries) | own


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
    reach: frozenset[int]  # its source, what it relies on transitively, shared-origin tokens
    relies_on: tuple[int, ...]  # what it relies on directly, for this claim
    narrowed: bool  # relies_on was recorded for this claim (not the source's citations)
    own: tuple[int, ...]  # material it reaches that is the claimant's own
    interested: tuple[int, ...]  # material it reaches from an interested state
    withdrawn: tuple[int, ...]  # withdrawn material it reaches
    unqualified: tuple[str, ...]  # why it does not qualify (Unqualified values)
    counts: bool  # on a side, qualified, independent of the claimant, not withdrawn
    admission: bool = False  # the claimant's own, counted as an admission against interest
    independent: bool = False  # one of the largest pairwise-independent set on its side

    @property
    def set_aside(self) -> bool:
        """On a side but not qualified: shown apart with its reasons."""
        return self.item.stance in COUNTED_STANCES and bool(self.unqualified)

    @property
    def reasons(self) -> list[str]:
        return [str(Unqualified(r).label) for r in self.unqualified]


def qualification(item: EvidenceItem, source: SourceInfo | None) -> tuple[str, ...]:
    """Why this piece does not qualify (empty when it does), in the order of the rules."""
    if source is None:
        return (Unqualified.UNATTRIBUTED,)
    reasons = []
    if not source.attributed:
        reasons.append(Unqualified.UNATTRIBUTED)
    if source.reliability not in QUALIFYING_RELIABILITY:
        reasons.append(
            Unqualified.LOW_RELIABILITY
            if source.reliability == "low"
            else Unqualified.UNKNOWN_RELIABILITY
        )
    if item.strength not in QUALIFYING_STRENGTHS:
        reasons.append(Unqualified.WEAK)
    if source.kind in NEEDS_VERIFICATION and not source.verified:
        reasons.append(Unqualified.NOT_VERIFIED)
    return tuple(str(r) for r in reasons)


def qualifies(reliability: str, strength: str) -> bool:
    """Whether attributed, verified material of this reliability and strength counts (the
    Methodology page's table)."""
    item = EvidenceItem(source_id=0, stance=SUPPORTS, strength=strength)
    return not qualification(item, SourceInfo(0, "", outlet_id=0, reliability=reliability))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def same_media(a: SourceInfo, b: SourceInfo) -> bool:
    if a.media_sha256 & b.media_sha256:
        return True
    return any(
        hamming(x, y) <= NEAR_DUPLICATE_BITS
        for x in a.media_phash
        for y in b.media_phash
        if len(x) == len(y)
    )


def media_origins(sources: dict[int, SourceInfo]) -> dict[int, int]:
    """Source id -> a shared token (negative, below CLAIMANT_ADMISSION) for the sources
    whose media are one file or one picture; sources with unique media get none."""
    with_media = sorted(s for s, info in sources.items() if info.media_sha256 or info.media_phash)
    parent = {s: s for s in with_media}

    def root(s: int) -> int:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for i, a in enumerate(with_media):
        for b in with_media[i + 1 :]:
            if same_media(sources[a], sources[b]):
                parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for s in with_media:
        groups.setdefault(root(s), []).append(s)
    tokens = {}
    for number, members in enumerate(sorted(g for g in groups.values() if len(g) > 1)):
        for s in members:
            tokens[s] = CLAIMANT_ADMISSION - 1 - number
    return tokens


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
    source cites (but a report that no evidence was offered rests on its own looking, not
    on the statements it cites)."""
    if item.stance == NOTES_ABSENCE:
        return item.relies_on
    return item.relies_on or cites.get(item.source_id, frozenset())


def piece_reach(item: EvidenceItem, cites: dict[int, frozenset[int]]) -> frozenset[int]:
    return frozenset({item.source_id} | _closure(set(relied_on(item, cites)), cites))


def country_name(code: str) -> str:
    return countries.name(code) or code


def _speaker(source: SourceInfo, data: AssessmentInput) -> SpeakerInfo | None:
    if source.speaker_id is None:
        return None
    return data.speakers.get(source.speaker_id, SpeakerInfo(source.speaker_id))


def own_because(source: SourceInfo | None, data: AssessmentInput) -> str:
    """Why this material is the claimant's own ("" when it is not)."""
    if source is None:
        return ""
    speaker = _speaker(source, data)
    if speaker is not None:
        name = speaker.name or source.speaker_name or "the speaker"
        if data.claimant_id is not None and speaker.id == data.claimant_id:
            return "the claimant's own words"
        if speaker.affiliations & data.affiliated_outlets:
            return f"words of {name}, a body affiliated with the claimant"
        if data.state_country and speaker.state_actor and speaker.country == data.state_country:
            return f"words of {name}, who speaks for the claimant's state"
    if source.outlet_id is not None and source.outlet_id in data.affiliated_outlets:
        return f"{source.outlet_name}, affiliated with the claimant"
    if (
        data.state_country
        and source.state_affiliated
        and source.outlet_country == data.state_country
    ):
        return f"{source.outlet_name}, state-affiliated in {country_name(source.outlet_country)}"
    return ""


def is_own(source: SourceInfo | None, data: AssessmentInput) -> bool:
    return bool(own_because(source, data))


def interested_because(source: SourceInfo | None, data: AssessmentInput) -> str:
    """Why this material comes from a state with a stake in the claim ("" when it does
    not; the claimant's own material is said by own_because)."""
    if source is None or is_own(source, data):
        return ""
    stake = data.stakeholders
    if source.state_affiliated and source.outlet_country in stake:
        return f"{source.outlet_name}, state-affiliated in {country_name(source.outlet_country)}, a country with a stake in the claim"
    speaker = _speaker(source, data)
    if speaker is not None and speaker.state_actor and speaker.country in stake:
        name = speaker.name or source.speaker_name or "the speaker"
        return f"words of {name}, who speaks for {country_name(speaker.country)}, a country with a stake in the claim"
    return ""


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
    media = media_origins(data.sources)
    found = []
    for item in data.evidence:
        reached = piece_reach(item, data.cites)
        source = data.sources.get(item.source_id)
        own = tuple(sorted(m for m in reached if is_own(data.sources.get(m), data)))
        interested = tuple(
            sorted(m for m in reached if interested_because(data.sources.get(m), data))
        )
        withdrawn = tuple(
            sorted(m for m in reached if m in data.sources and data.sources[m].withdrawn_on)
        )
        unqualified = qualification(item, source) if item.stance in COUNTED_STANCES else ()
        admission = bool(own) and item.against_interest
        tokens = {media[m] for m in reached if m in media}
        if admission:
            tokens.add(CLAIMANT_ADMISSION)
        found.append(
            Finding(
                item=item,
                reach=reached | tokens,
                relies_on=tuple(sorted(relied_on(item, data.cites))),
                narrowed=bool(item.relies_on),
                own=own,
                interested=interested,
                withdrawn=withdrawn,
                unqualified=unqualified,
                counts=item.stance in COUNTED_STANCES
                and (not own or admission)
                and not interested
                and not withdrawn
                and not unqualified,
                admission=admission,
            )
        )
    for side in COUNTED_STANCES:
        counting = [i for i, f in enumerate(found) if f.counts and f.item.stance == side]
        chosen = largest_independent_set([found[i].reach for i in counting])
        for position in chosen:
            index = counting[position]
            found[index] = replace(found[index], independent=True)
    return found


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
    elif len(contradicting) >= CONTRADICTION_ORIGINS:
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
    if source_id == CLAIMANT_ADMISSION:
        return "the claimant's own admissions"
    if source_id < CLAIMANT_ADMISSION:
        return "the same media file"
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
    return sorted(deepest or shared, key=lambda s: (s < 0, abs(s)))


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


def _not_independent_sentence(finding: Finding, data: AssessmentInput) -> str:
    """Why a piece is the claimant's own, or an interested state's, material."""
    title = _title(finding.item.source_id, data)
    source = data.sources.get(finding.item.source_id)
    whose = "the claimant's own material" if finding.own else "not independent"
    material = finding.own or finding.interested
    because = own_because if finding.own else interested_because
    if finding.item.source_id in material and source is not None:
        sentence = f"{title} is {whose} ({because(source, data)})."
    else:
        outlets = sorted(
            {data.sources[s].outlet_name for s in material if data.sources[s].outlet_name}
        )
        names = _listing([_title(s, data) for s in _deepest(set(material), data)])
        by = f" from {_listing(outlets)}" if outlets else ""
        for_this = " for this claim" if finding.narrowed else ""
        what = (
            "the claimant's own material"
            if finding.own
            else "not independent: it comes from a state with a stake in the claim"
        )
        sentence = f"{title} relies on {names}{by}{for_this}, so it is {what}."
    if finding.admission and finding.counts:
        sentence += " It is flagged as an admission against the claimant's interest, so it counts as one independent origin."
    elif finding.admission:
        sentence += (
            " It is flagged as an admission against the claimant's interest, but does not qualify."
        )
    return sentence


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


def _set_aside_sentence(aside: list[Finding], data: AssessmentInput) -> str:
    tally: dict[str, int] = {}
    for finding in aside:
        for reason in finding.reasons:
            tally[reason] = tally.get(reason, 0) + 1
    why = ", ".join(f"{n} {reason}" for reason, n in tally.items())
    pieces = "; ".join(f"{_title(f.item.source_id, data)} ({', '.join(f.reasons)})" for f in aside)
    verb = "was" if len(aside) == 1 else "were"
    return (
        f"{_number(len(aside), 'piece', 'pieces')} {verb} set aside and "
        f"{'does' if len(aside) == 1 else 'do'} not count ({why}): {pieces}."
    )


def explain(status: str, data: AssessmentInput, found: list[Finding]) -> str:
    """The explanation stored on the claim, written in the site's default language
    whichever language the request that changed the claim was in."""
    with translation.override(settings.LANGUAGE_CODE):
        return _explain(status, data, found)


def _explain(status: str, data: AssessmentInput, found: list[Finding]) -> str:
    if status == EvidenceStatus.NOT_CHECKABLE:
        meaning = str(STATUS_MEANINGS[status])
        return "Marked not checkable: " + meaning[0].lower() + meaning[1:]
    if status == EvidenceStatus.UNVERIFIED:
        return str(STATUS_MEANINGS[status])

    sentences = []
    absence = [f for f in found if f.independent and f.item.stance == NOTES_ABSENCE]
    if status == EvidenceStatus.UNSUBSTANTIATED:
        if absence:
            names = "; ".join(_title(f.item.source_id, data) for f in absence)
            sentences.append(
                "Nothing qualified and independent supports or contradicts this, and "
                f"independent material reports that no evidence was offered for it: {names}."
            )
        else:
            sentences.append("Nothing qualified and independent supports or contradicts this.")
    for side, one, many, obj in (
        (CONTRADICTS, "independent source contradicts", "independent origins contradict", "this"),
        (SUPPORTS, "independent source supports", "independent origins support", "it"),
    ):
        chosen = [f for f in found if f.independent and f.item.stance == side]
        if chosen:
            names = "; ".join(_title(f.item.source_id, data) for f in chosen)
            sentences.append(f"{_number(len(chosen), one, many)} {obj}: {names}.")
    if absence and status != EvidenceStatus.UNSUBSTANTIATED:
        names = "; ".join(_title(f.item.source_id, data) for f in absence)
        sentences.append(f"Reported as offered without evidence: {names}.")
    for side in COUNTED_STANCES:
        counting = [f for f in found if f.counts and f.item.stance == side]
        for group in groups_sharing_material(counting):
            if len(group) > 1:
                sentences.append(_shared_origin_sentence(group, data))
    for finding in found:
        if finding.item.stance in COUNTED_STANCES and (finding.own or finding.interested):
            sentences.append(_not_independent_sentence(finding, data))
    for finding in found:
        if finding.item.stance in COUNTED_STANCES and finding.withdrawn:
            sentences.append(_withdrawn_sentence(finding, data))
    aside = [f for f in found if f.set_aside]
    if aside:
        sentences.append(_set_aside_sentence(aside, data))
    context = sum(1 for f in found if f.item.stance == CONTEXT)
    if context:
        sentences.append(
            f"{_number(context, 'context source is', 'context sources are')} linked; "
            "context neither supports nor contradicts."
        )
    return " ".join(sentences)
