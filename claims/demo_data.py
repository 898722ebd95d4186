"""Synthetic data at scale, for benchmarks and for trying the product with many rows.

Everything generated is marked as demo data in its slugs and verdicts; it is never loaded
by ``make run``. The same seed (and the same ``today``) gives the same rows.

This is the one bulk writer besides migrations. Rows go in with PostgreSQL's COPY, in
batches of claims each in its own transaction, with their evidence and (for half of
them) a published verdict. Each batch's evidence goes in first, so that the assessment
service assesses the claims from it before they are written (``assess_unsaved``): the
claims go in once, with their assessment, and are not rewritten. The audit triggers (django-pghistory, and
the version trigger, both pgtrigger triggers) are skipped for these rows with
``pgtrigger.ignore``: nobody made them, and an audit event per synthetic row would double
the work. The overview counts' trigger (claims/overview.py) is not a pgtrigger trigger
and does run, so the counts include demo rows; nor is the search document's
(claims/search_document.py), so each claim is indexed in its language as it goes in.
A third of the claims are in Russian and some in Kazakh (claims/demo_text.py), so that
search is measured in every language the newsroom works in.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pgtrigger
from django.db import connection, models, transaction
from django.utils import timezone

from claims import assessment_service
from claims.demo_text import Vocabulary
from claims.models import Claim, Claimant, Event, Evidence, Verdict
from sources.models import Outlet, Source

BATCH = 10_000
ANALYZE_EVERY = 10  # batches
# Some demo sources link to an address nothing serves (a closed port on this machine), so
# the link check has dead links to mark broken (`manage.py check_links`).
DEAD_LINK = "http://127.0.0.1:9/demo/source-{n}"
DEAD_LINK_EVERY = 10
YEARS = 8  # claims are spread over the last eight years
RATINGS = ["false", "mostly_false", "mixed", "mostly_true", "true", "unsubstantiated"]
STANCES = ["supports", "supports", "contradicts", "context"]
# The workflow statuses of the unpublished half, most of them drafts.
UNPUBLISHED = ["draft"] * 6 + ["researching"] * 3 + ["in_review"]


@dataclass(frozen=True)
class DemoSize:
    claims: int
    claimants: int = 0  # 0: scaled with the claims
    outlets: int = 100
    sources: int = 20_000
    events: int = 0  # 0: scaled with the claims

    @property
    def claimant_count(self) -> int:
        return self.claimants or max(200, self.claims // 500)

    @property
    def event_count(self) -> int:
        return self.events or max(50, self.claims // 5000)


class AlreadyGenerated(Exception):
    pass


# What apps above claims add to the demo data once the claims are in (figures registers
# its generator in its AppConfig.ready): each takes the seed and returns a sentence.
FOLLOWING_GENERATORS: list = []


def register_following_generator(generate_more) -> None:
    if generate_more not in FOLLOWING_GENERATORS:
        FOLLOWING_GENERATORS.append(generate_more)


def generate(
    *,
    size: DemoSize,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int], object] = lambda n: None,
) -> Vocabulary:
    """Generate ``size`` rows; returns the vocabulary (its common and rare words)."""
    today = today or timezone.localdate()
    tag = f"demo-{seed}"
    if Claimant.objects.filter(slug__startswith=f"{tag}-").exists():
        raise AlreadyGenerated(f"Demo data with seed {seed} is already in this database.")
    vocabulary = Vocabulary(seed)
    rng = random.Random(seed)
    start = today - datetime.timedelta(days=365 * YEARS)
    with transaction.atomic(), pgtrigger.ignore():
        outlets = _records(size.outlets, rng, Outlet, lambda n: _outlet(n, tag, rng))
        sources = _records(
            size.sources, rng, Source, lambda n: _source(n, rng, outlets, start, today)
        )
        cited = rng.sample(sources, k=len(sources) // 4)
        _copy(
            Source.cites.through,
            sorted({(a, b) for a in cited if (b := rng.choice(sources)) != a}),
            ["from_source_id", "to_source_id"],
        )
        claimants = _records(
            size.claimant_count,
            rng,
            Claimant,
            lambda n: {"name": f"{vocabulary.people.words[n]} {n}", "slug": f"{tag}-claimant-{n}"},
        )
        events = _records(
            size.event_count,
            rng,
            Event,
            lambda n: {
                "name": f"Events in {vocabulary.places.words[n]}",
                "slug": f"{tag}-event-{n}",
            },
        )
    made = _Maker(vocabulary, rng, sources, claimants, events, start, today)
    done = 0
    while done < size.claims:
        count = min(BATCH, size.claims - done)
        with transaction.atomic(), pgtrigger.ignore():
            with connection.cursor() as cursor:
                # A crash loses at most the last batches of synthetic rows: no need to
                # wait for each commit to reach the disk.
                cursor.execute("SET LOCAL synchronous_commit = off")
            made.batch(done, count)
        done += count
        if (done // BATCH) % ANALYZE_EVERY == 1 or done == size.claims:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE claims_claim, claims_evidence, claims_verdict")
        progress(count)
    return vocabulary


def _outlet(n, tag, rng) -> dict:
    reliability = rng.choice([r.value for r in Outlet.Reliability])
    return {"name": f"Demo outlet {n}", "slug": f"{tag}-outlet-{n}", "reliability": reliability}


def _source(n, rng, outlets, start, today) -> dict:
    return {
        "title": f"Demo source {n}",
        "outlet_id": rng.choice(outlets),
        "kind": Source.Kind.ARTICLE,
        "url": DEAD_LINK.format(n=n) if n % DEAD_LINK_EVERY == 0 else "",
        "published_on": start + datetime.timedelta(days=rng.randrange((today - start).days)),
    }


class _Maker:
    """Makes batches of claims with their evidence and verdicts."""

    def __init__(self, vocabulary, rng, sources, claimants, events, start, today):
        self.vocabulary, self.rng = vocabulary, rng
        self.sources, self.claimants, self.events = sources, claimants, events
        self.start, self.days = start, (today - start).days
        self.kinds = [k.value for k in Claim.Kind]
        self.strengths = [s.value for s in Evidence.Strength]
        self.end = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))

    def batch(self, done: int, count: int) -> list[int]:
        """Writes ``count`` claims (every second one published) and returns their ids."""
        rng = self.rng
        claim_ids = _reserve(Claim, count)
        claims, verdicts, evidence = [], [], []
        verdict_ids = iter(_reserve(Verdict, (count + 1 - done % 2) // 2))
        for n, claim_id in enumerate(claim_ids, start=done):
            day = rng.randrange(self.days)
            stated_on = self.start + datetime.timedelta(days=day)
            created = self._moment(stated_on, rng.randint(1, 10))
            text, summary, language = self.vocabulary.claim(rng)
            row = {
                "id": claim_id,
                "text": text,
                "summary": summary,
                "language": language,
                "claimant_id": rng.choice(self.claimants),
                "event_id": rng.choice(self.events) if rng.random() < 0.7 else None,
                "stated_on": stated_on if rng.random() < 0.99 else None,
                "kind": rng.choice(self.kinds),
                "created_at": created,
                "updated_at": created,
            }
            if n % 2 == 0:
                verdict_id = next(verdict_ids)
                published = min(created + datetime.timedelta(days=rng.randint(1, 20)), self.end)
                row.update(
                    status=Claim.Status.PUBLISHED,
                    current_verdict_id=verdict_id,
                    published_at=published,
                    updated_at=published,
                )
                verdicts.append(
                    {
                        "id": verdict_id,
                        "claim_id": claim_id,
                        "rating": rng.choice(RATINGS),
                        "rationale": "Demo verdict for load testing.",
                        "status": Verdict.Status.PUBLISHED,
                        "published_at": published,
                        "created_at": created,
                        "updated_at": published,
                    }
                )
            else:
                row["status"] = rng.choice(UNPUBLISHED)
            claims.append(row)
            for source_id in rng.sample(self.sources, k=rng.randint(0, 4)):
                evidence.append(
                    {
                        "claim_id": claim_id,
                        "source_id": source_id,
                        "stance": rng.choice(STANCES),
                        "strength": rng.choice(self.strengths),
                        "created_at": created,
                        "updated_at": created,
                    }
                )
        # Evidence and verdicts before their claims (foreign keys are checked at commit):
        # the assessment reads the evidence, and the overview counts' trigger reads a
        # claim's verdict rating when the claim goes in.
        _copy_records(Evidence, evidence, with_ids=False)
        _copy_records(Verdict, verdicts)
        unsaved = [_Unsaved(row["id"], row["claimant_id"], row.get("event_id")) for row in claims]
        assessment_service.assess_unsaved(unsaved)
        for row, claim in zip(claims, unsaved, strict=True):
            row.update({name: getattr(claim, name) for name in assessment_service.STORED_FIELDS})
        _copy_records(Claim, claims)
        assessment_service.refresh_verdict_flag(claim_ids=claim_ids)
        return claim_ids

    def _moment(self, day: datetime.date, later_days: int) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day + datetime.timedelta(days=later_days),
            datetime.time(self.rng.randrange(24), self.rng.randrange(60)),
            tzinfo=datetime.UTC,
        )
        return min(moment, self.end)


class _Unsaved:
    """What the assessment service reads of a claim not written yet, and where it puts
    the result (a model instance per row would cost more than the assessment)."""

    def __init__(self, pk: int, claimant_id: int, event_id: int | None = None):
        self.pk, self.claimant_id, self.checkable = pk, claimant_id, True
        self.event_id, self.interested_countries = event_id, ""


def _records(count, rng, model, make) -> list[int]:
    """Writes ``count`` rows of ``model`` made by ``make(n)``; returns their ids."""
    ids = _reserve(model, count)
    _copy_records(model, [{"id": pk, **make(n)} for n, pk in enumerate(ids)])
    return ids


def _reserve(model, count: int) -> list[int]:
    """``count`` fresh ids from the table's sequence."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _columns(model, with_ids: bool) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.generated and (with_ids or not field.primary_key)
    ]


def _copy_records(model, rows: list[dict], *, with_ids: bool = True) -> None:
    """COPY ``rows`` into ``model``'s table; a column a row leaves out gets the field's
    default, as the ORM would give it."""
    fields = _columns(model, with_ids)
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    _copy(model, ([row.get(name, defaults[name]) for name in names] for row in rows), names)


def _copy(model, rows: Iterable, names: list[str]) -> None:
    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        # Any statement through Django's cursor sets pgtrigger's ignore for the rest of
        # the transaction; COPY itself goes straight to psycopg.
        cursor.execute("SELECT 1")
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
