"""Synthetic data at scale, for benchmarks and for trying the product with many rows.

Everything generated is marked as demo data in its text; it is never loaded by
``make run``. Rows are written with ``bulk_create`` in batches (no per-row signals), and
the stored assessments are computed afterwards in batches, as after any bulk write.
"""

import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from claims import assessment_service
from claims.models import Claim, Claimant, Event, Evidence, Verdict
from sources.models import Outlet, Source

BATCH = 5000
# Some demo sources link to an address nothing serves (a closed port on this machine), so
# the link check has dead links to mark broken (`manage.py check_links`).
DEAD_LINK = "http://127.0.0.1:9/demo/source-{n}"
DEAD_LINK_EVERY = 10


@dataclass(frozen=True)
class DemoSize:
    claims: int
    claimants: int = 200
    outlets: int = 100
    sources: int = 20_000
    events: int = 50


def _batched(model, rows):
    created = []
    for start in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[start : start + BATCH])
    return created


def generate(*, size: DemoSize, seed: int = 1, progress=lambda n: None) -> None:
    rng = random.Random(seed)
    tag = f"demo-{seed}-{timezone.now():%Y%m%d%H%M%S}"
    reliabilities = [r.value for r in Outlet.Reliability]
    outlets = _batched(
        Outlet,
        [
            Outlet(
                name=f"Demo outlet {n}",
                slug=f"{tag}-outlet-{n}",
                reliability=rng.choice(reliabilities),
            )
            for n in range(size.outlets)
        ],
    )
    sources = _batched(
        Source,
        [
            Source(
                title=f"Demo source {n}",
                outlet=rng.choice(outlets),
                kind=Source.Kind.ARTICLE,
                url=DEAD_LINK.format(n=n) if n % DEAD_LINK_EVERY == 0 else "",
            )
            for n in range(size.sources)
        ],
    )
    citations = {(s.pk, rng.choice(sources).pk) for s in rng.sample(sources, k=len(sources) // 4)}
    _batched(
        Source.cites.through,
        [Source.cites.through(from_source_id=a, to_source_id=b) for a, b in citations if a != b],
    )
    claimants = _batched(
        Claimant,
        [
            Claimant(name=f"Demo claimant {n}", slug=f"{tag}-claimant-{n}")
            for n in range(size.claimants)
        ],
    )
    events = _batched(
        Event, [Event(name=f"Demo event {n}", slug=f"{tag}-event-{n}") for n in range(size.events)]
    )
    done = 0
    while done < size.claims:
        count = min(BATCH, size.claims - done)
        with transaction.atomic():
            _claims_batch(done, count, claimants, events, sources, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_claim, claims_evidence, claims_verdict")
        done += count
        progress(count)


def _claims_batch(done, count, claimants, events, sources, rng) -> None:
    """One batch of claims with evidence, half of them published, all assessed."""
    kinds = [k.value for k in Claim.Kind]
    stances = ["supports", "supports", "contradicts", "context"]
    strengths = [s.value for s in Evidence.Strength]
    ratings = ["false", "mostly_false", "mixed", "mostly_true", "true", "unsubstantiated"]
    claims = Claim.objects.bulk_create(
        [
            Claim(
                text=f"Demo claim {done + n}: a statement made for load testing.",
                summary=f"Demo claim {done + n}",
                claimant=rng.choice(claimants),
                event=rng.choice(events),
                kind=rng.choice(kinds),
                stated_on=timezone.now().date(),
            )
            for n in range(count)
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                claim=claim,
                source=source,
                stance=rng.choice(stances),
                strength=rng.choice(strengths),
            )
            for claim in claims
            for source in rng.sample(sources, k=rng.randint(0, 4))
        ]
    )
    _publish(claims[::2], ratings, rng)
    assessment_service.reassess_claims([c.pk for c in claims])


def _publish(claims, ratings, rng) -> None:
    """Publish with imported verdicts, in bulk (see workflow.import_claim_state)."""
    now = timezone.now()
    verdicts = Verdict.objects.bulk_create(
        [
            Verdict(
                claim=claim,
                rating=rng.choice(ratings),
                rationale="Demo verdict for load testing.",
                status=Verdict.Status.PUBLISHED,
                published_at=now,
            )
            for claim in claims
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE claims_claim AS c
            SET status = 'published', published_at = %s, current_verdict_id = v.verdict_id
            FROM unnest(%s::bigint[], %s::bigint[]) AS v(claim_id, verdict_id)
            WHERE c.id = v.claim_id
            """,
            [now, [v.claim_id for v in verdicts], [v.pk for v in verdicts]],
        )
