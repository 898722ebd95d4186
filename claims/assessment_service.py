"""Keeps each claim's stored assessment current.

Loads what the pure assessment (claims/assessment.py) needs for a batch of claims in a
fixed number of queries, calls it, and stores the result on the claims that changed;
flags claims whose published verdict disagrees with their evidence.

Services say which claims a change touches (``touch``); inside ``deferred()`` (every
service function of claims/services.py and claims/workflow.py opens one) the touched
claims are collected and reassessed once, when the outermost service call completes, in
its transaction. Bulk writes outside the services (the demo-data generator, raw SQL) are
followed by ``reassess_claims`` or ``manage.py reassess_claims``.
"""

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, OuterRef, Q
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from claims.assessment import (
    Assessment,
    AssessmentInput,
    EvidenceItem,
    EvidenceStatus,
    SourceInfo,
    SpeakerInfo,
    assess,
)
from claims.models import Claim, Claimant, Event, Evidence
from claims.ratings import AFFIRMING, DENYING, Rating
from claims.signals import Happened, happened

BATCH_SIZE = 1000

STORED_FIELDS = {
    "evidence_status": "status",
    "supporting_count": "supporting",
    "contradicting_count": "contradicting",
    "context_count": "context",
    "independent_supporting_count": "independent_supporting",
    "independent_contradicting_count": "independent_contradicting",
    "assessment": "explanation",
}

# Fields of a claim the assessment reads (reassess_claims and the command load only these).
INPUT_FIELDS = ["pk", "claimant_id", "event_id", "checkable", "interested_countries"]

# Every source reachable from the given ones through citations (UNION stops on cycles),
# with its outlet, whether it was withdrawn, its speaker, kind and verification, the
# fingerprints of its media, and the sources it cites.
_REACHABLE_SOURCES = """
WITH RECURSIVE reach(id) AS (
    SELECT unnest(%s::bigint[])
    UNION
    SELECT c.to_source_id FROM sources_source_cites c JOIN reach r ON c.from_source_id = r.id
)
SELECT s.id, s.title, s.outlet_id, COALESCE(o.name, ''), COALESCE(o.reliability, 'unknown'),
       COALESCE(o.country, ''), COALESCE(o.state_affiliated, false), s.withdrawn_on,
       s.withdrawal_note, s.speaker_id, s.kind, s.verification = 'verified',
       ARRAY(SELECT m.sha256 FROM sources_mediafile m WHERE m.source_id = s.id),
       ARRAY(SELECT m.phash FROM sources_mediafile m WHERE m.source_id = s.id AND m.phash <> ''),
       ARRAY(SELECT c.to_source_id FROM sources_source_cites c WHERE c.from_source_id = s.id)
FROM reach JOIN sources_source s ON s.id = reach.id
LEFT JOIN sources_outlet o ON o.id = s.outlet_id
"""

# Sources that rely on the given ones, directly or through others (the given ones included).
_CITING_SOURCES = """
WITH RECURSIVE reach(id) AS (
    SELECT unnest(%s::bigint[])
    UNION
    SELECT c.from_source_id FROM sources_source_cites c JOIN reach r ON c.to_source_id = r.id
)
SELECT id FROM reach
"""


def _ratings(ratings) -> str:
    labels = [str(Rating(r).label).lower() for r in Rating.values if r in ratings]
    return str(_(" or ")).join(f"“{label}”" for label in labels)


# The ratings are named in the reader's language when the rule is shown.
DISAGREEMENT_RULE = format_lazy(
    _(
        "A published verdict is flagged for the editors when it rates a claim {affirming} "
        "while the evidence contradicts it, {denying} while the evidence corroborates it, or "
        "any of these while no independent origin supports or contradicts it."
    ),
    affirming=lazy(_ratings, str)(AFFIRMING),
    denying=lazy(_ratings, str)(DENYING),
)


def disagreement_condition() -> Q:
    """The rule DISAGREEMENT_RULE states, on the stored assessment."""
    decisive = AFFIRMING | DENYING
    return Q(status=Claim.Status.PUBLISHED) & (
        Q(current_verdict__rating__in=AFFIRMING, evidence_status=EvidenceStatus.CONTRADICTED)
        | Q(current_verdict__rating__in=DENYING, evidence_status=EvidenceStatus.CORROBORATED)
        | Q(
            current_verdict__rating__in=decisive,
            independent_supporting_count=0,
            independent_contradicting_count=0,
        )
    )


def refresh_verdict_flag(*, claim_ids) -> None:
    claims = Claim.objects.filter(pk__in=claim_ids)
    disagrees = disagreement_condition()
    # One statement per batch: flip the flag wherever it no longer matches the rule.
    mismatched = (disagrees & Q(verdict_disagrees=False)) | (~disagrees & Q(verdict_disagrees=True))
    claims.filter(mismatched).update(verdict_disagrees=~F("verdict_disagrees"))


def countries(value) -> frozenset[str]:
    """Codes of a multiple CountryField's value, as stored or as loaded."""
    if not value:
        return frozenset()
    if isinstance(value, str):
        return frozenset(c for c in value.split(",") if c)
    return frozenset(getattr(c, "code", c) for c in value)


def relied_on():
    """An annotation of evidence rows: the ids of the sources the piece relies on (for a
    page that loads a claim's evidence whole; batches aggregate instead)."""
    through = Evidence.relies_on.through.objects.filter(evidence_id=OuterRef("pk"))
    return ArraySubquery(through.order_by("source_id").values("source_id"))


def evidence_item(row: Evidence) -> EvidenceItem:
    """What the assessment reads of an evidence row annotated with ``relied_on()``."""
    return EvidenceItem(
        row.source_id, row.stance, row.strength, frozenset(row.relies), row.against_interest
    )


def load_inputs(
    claims: list[Claim], evidence: dict[int, list[EvidenceItem]] | None = None
) -> dict[int, AssessmentInput]:
    """The assessment input of each claim, in at most four queries whatever the batch
    size: the evidence with what each piece relies on (unless the caller gives it, read
    with ``evidence_item``), every source reached, the claimants and speakers, and the
    events' interested countries (unless the claims were loaded with their events)."""
    if evidence is None:
        evidence = defaultdict(list)
        rows = (
            Evidence.objects.filter(claim__in=[c.pk for c in claims])
            .order_by("pk")
            .values_list("claim_id", "source_id", "stance", "strength", "against_interest")
            .annotate(relies=ArrayAgg("relies_on", filter=Q(relies_on__isnull=False), default=[]))
        )
        for claim_id, source_id, stance, strength, against, relies in rows:
            evidence[claim_id].append(
                EvidenceItem(source_id, stance, strength, frozenset(relies), against)
            )
    else:
        evidence = defaultdict(list, evidence)

    sources, cites = {}, {}
    start = sorted(
        {item.source_id for items in evidence.values() for item in items}
        | {pk for items in evidence.values() for item in items for pk in item.relies_on}
    )
    if start:
        with connection.cursor() as cursor:
            cursor.execute(_REACHABLE_SOURCES, [start])
            for row in cursor.fetchall():
                (pk, title, outlet, outlet_name, reliability, country, state, withdrawn,
                 withdrawal_note, speaker, kind, verified, sha256, phash, cited) = row  # fmt: skip
                sources[pk] = SourceInfo(
                    pk,
                    title,
                    outlet,
                    outlet_name,
                    reliability,
                    country,
                    state,
                    withdrawn,
                    withdrawal_note,
                    speaker_id=speaker,
                    kind=kind,
                    verified=verified,
                    media_sha256=frozenset(sha256),
                    media_phash=frozenset(phash),
                )
                cites[pk] = frozenset(cited)

    people = {c.claimant_id for c in claims} | {
        s.speaker_id for s in sources.values() if s.speaker_id
    }
    speakers: dict[int, SpeakerInfo] = {}
    for pk, name, state_actor, country, outlets in (
        Claimant.objects.filter(pk__in=people)
        .annotate(
            outlets=ArrayAgg("affiliations", filter=Q(affiliations__isnull=False), default=[])
        )
        .values_list("pk", "name", "state_actor", "country", "outlets")
    ):
        speakers[pk] = SpeakerInfo(pk, name, frozenset(outlets), state_actor, str(country or ""))

    events = {
        c.event_id: c.event.interested_countries
        for c in claims
        if c.event_id and isinstance(c, Claim) and Claim.event.is_cached(c)
    }
    missing = {c.event_id for c in claims if c.event_id} - events.keys()
    if missing:
        events.update(
            Event.objects.filter(pk__in=missing).values_list("pk", "interested_countries")
        )

    def for_claim(claim: Claim) -> AssessmentInput:
        claimant = speakers.get(claim.claimant_id) or SpeakerInfo(claim.claimant_id)
        return AssessmentInput(
            checkable=claim.checkable,
            evidence=evidence[claim.pk],
            sources=sources,
            cites=cites,
            affiliated_outlets=claimant.affiliations,
            state_country=claimant.country if claimant.state_actor else "",
            claimant_id=claim.claimant_id,
            speakers=speakers,
            interested_countries=countries(claim.interested_countries)
            | countries(events.get(claim.event_id)),
        )

    return {claim.pk: for_claim(claim) for claim in claims}


def _stored(claim: Claim) -> dict:
    return {name: getattr(claim, name) for name in STORED_FIELDS}


def _as_stored(result: Assessment) -> dict:
    return {name: getattr(result, attr) for name, attr in STORED_FIELDS.items()}


# One UPDATE for a whole batch: joining on unnested arrays keeps it linear, where
# bulk_update's CASE expressions grow with the square of the batch size.
_STORE = """
UPDATE claims_claim AS c
SET evidence_status = v.evidence_status, supporting_count = v.supporting_count,
    contradicting_count = v.contradicting_count, context_count = v.context_count,
    independent_supporting_count = v.independent_supporting_count,
    independent_contradicting_count = v.independent_contradicting_count,
    assessment = v.assessment
FROM unnest(%s::bigint[], %s::text[], %s::int[], %s::int[], %s::int[], %s::int[], %s::int[], %s::text[])
    AS v(id, evidence_status, supporting_count, contradicting_count, context_count,
         independent_supporting_count, independent_contradicting_count, assessment)
WHERE c.id = v.id
"""


def _store(claims: list[Claim]) -> None:
    columns = [[c.pk for c in claims]] + [
        [getattr(c, name) for c in claims] for name in STORED_FIELDS
    ]
    with connection.cursor() as cursor:
        cursor.execute(_STORE, columns)


def reassess_batch(claims: list[Claim]) -> int:
    """Assess a batch of claims and store the results that changed. Returns that count."""
    inputs = load_inputs(claims)
    changed = []
    for claim in claims:
        result = _as_stored(assess(inputs[claim.pk]))
        if result != _stored(claim):
            for name, value in result.items():
                setattr(claim, name, value)
            changed.append(claim)
    if changed:
        _store(changed)
        happened([c.pk for c in changed], Happened.REASSESSED)
    refresh_verdict_flag(claim_ids=[c.pk for c in claims])
    return len(changed)


def assess_unsaved(claims: list[Claim]) -> None:
    """Set the stored assessment fields of claims that are not written yet, from their
    evidence already in the database (in the same transaction), for a writer that stores
    the claims itself afterwards: the demo-data generator writes each batch's evidence,
    then its claims with their assessment in one COPY, then ``refresh_verdict_flag``."""
    inputs = load_inputs(claims)
    for claim in claims:
        for name, value in _as_stored(assess(inputs[claim.pk])).items():
            setattr(claim, name, value)


def reassess_claims(claim_ids: Iterable[int]) -> int:
    ids = sorted(set(claim_ids))
    changed = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = list(
            Claim.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).only(
                *INPUT_FIELDS, *STORED_FIELDS
            )
        )
        changed += reassess_batch(batch)
    return changed


_pending: ContextVar[set | None] = ContextVar("claims_to_reassess", default=None)


@contextmanager
def deferred():
    """Collect the claims that service calls inside the block touch, and reassess them
    once when the outermost block completes (not when it fails: its transaction rolls
    back)."""
    if _pending.get() is not None:
        yield
        return
    touched: set[int] = set()
    token = _pending.set(touched)
    try:
        yield
    finally:
        _pending.reset(token)
    reassess_claims(touched)


def touch(claim_ids: Iterable[int]) -> None:
    """These claims' assessment may have changed: reassess them now, or with the rest of
    the service call when inside ``deferred()``."""
    pending = _pending.get()
    if pending is None:
        reassess_claims(claim_ids)
    else:
        pending.update(claim_ids)


def claims_relying_on(source_ids: Iterable[int]) -> list[int]:
    """Claims whose evidence rests, directly, through what a piece relies on or through
    citations, on any of these sources (withdrawing or restoring one reassesses them)."""
    source_ids = sorted(set(source_ids))
    if not source_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_CITING_SOURCES, [source_ids])
        citing = [row[0] for row in cursor.fetchall()]
    return list(
        Evidence.objects.filter(Q(source_id__in=citing) | Q(relies_on__in=citing))
        .values_list("claim_id", flat=True)
        .distinct()
    )
