"""Similar-claim matching at scale: speed and recall of ``GET /api/v1/claims/similar/``.

The database (``BENCH_DATABASE``, factcheck_bench unless set) holds ``--claims`` demo
claims (``generate_demo_data --claims N --seed 1``) plus the evaluation set's claims
(tests/intake/paraphrases.py: every target and distractor, published); it is reused while
it holds exactly those. ``embed_claims`` then fills in the embeddings (timed when it has
anything to do). Every query of the set goes to the endpoint in-process, as an anonymous
reader, in ``--trials`` rounds, each round in a shuffled order: p50 and p90 are over all
of them. Recall@1 and recall@5 per language group come from the same answers (``limit=5``).
Results go to bench/results/similar.json.
"""

import io
import json
import os
import random
import statistics
import sys
import time

from bench.paths import PRODUCTION, RESULTS, _machine

LIMIT = 5


def run(*, claims: int, trials: int = 15) -> dict:
    if "DATABASE_URL" not in os.environ:
        sys.exit("make bench needs DATABASE_URL (a PostgreSQL server it may create databases on).")
    os.environ.update(PRODUCTION | {"SIMILAR_THROTTLE": "1000000/second"})
    from tests.intake.paraphrases import DISTRACTORS, GROUPS

    texts = list(dict.fromkeys([t for pairs in GROUPS.values() for t, _ in pairs] + DISTRACTORS))
    generated_in = time.perf_counter()
    generated, targets = _database(claims, texts)
    generated_in = time.perf_counter() - generated_in

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from claims.models import Claim
    from intake import encoders, vector_indexes
    from intake.models import Embedding
    from intake.similarity import has_pgvector

    encoder = encoders.current()
    embedded_before = Embedding.objects.filter(claim__isnull=False, model=encoder.name).count()
    total = Claim.objects.count()
    embedding_seconds = index_seconds = None
    if embedded_before < total:
        # Where pgvector is, the HNSW indexes are built once after the load, as the README
        # advises for a large first embedding.
        call_command("vector_indexes", drop=True, stdout=io.StringIO())
        out = io.StringIO()
        started = time.perf_counter()
        call_command("embed_claims", stdout=out)
        embedding_seconds = round(time.perf_counter() - started, 1)
        print(out.getvalue().strip(), f"in {embedding_seconds} s")
        with _cursor() as cursor:
            cursor.execute("VACUUM ANALYZE intake_embedding")
    if vector_indexes.missing(connection):
        started = time.perf_counter()
        call_command("vector_indexes", stdout=io.StringIO())
        index_seconds = round(time.perf_counter() - started, 1)
        print(f"vector indexes built in {index_seconds} s")

    client = Client()
    queries = [(group, target, query) for group, pairs in GROUPS.items() for target, query in pairs]

    def ask(query: str) -> list[int]:
        response = client.get("/api/v1/claims/similar/", {"text": query, "limit": LIMIT})
        assert response.status_code == 200, response.content[:500]
        return [m["id"] for m in response.json()["results"] if m["kind"] == "claim"]

    ask(queries[0][2])  # load the encoder, warm caches and the connection
    samples: dict[str, list[float]] = {group: [] for group in GROUPS}
    answers: dict[int, list[list[int]]] = {i: [] for i in range(len(queries))}
    order = list(range(len(queries)))
    rng = random.Random(13)
    for trial in range(trials):
        print(f"round {trial + 1} of {trials}", file=sys.stderr)
        rng.shuffle(order)
        for i in order:
            group, _target, query = queries[i]
            started = time.perf_counter()
            found = ask(query)
            samples[group].append((time.perf_counter() - started) * 1000)
            answers[i].append(found)

    recall = {}
    for group in GROUPS:
        ranks = []
        for i, (g, target, _query) in enumerate(queries):
            if g != group:
                continue
            found = answers[i][0]
            pk = targets[target]
            ranks.append(found.index(pk) if pk in found else None)
        recall[group] = {
            "queries": len(ranks),
            "recall@1": round(sum(r == 0 for r in ranks) / len(ranks), 3),
            "recall@5": round(sum(r is not None for r in ranks) / len(ranks), 3),
        }
    everything = [v for values in samples.values() for v in values]
    results = {
        "claims": claims,
        "claims_in_database": total,
        "evaluation_claims_added": len(texts),
        "generated": generated,
        "generation_seconds": round(generated_in, 1) if generated else None,
        "embedded": total - embedded_before,
        "embedding_seconds": embedding_seconds,
        "embedding_workers": os.cpu_count(),
        "vector_index_seconds": index_seconds,
        "encoder": encoder.name,
        "pgvector": has_pgvector(),
        "command": f"python -m bench similar --claims {claims} --trials {trials}",
        "machine": _machine(),
        "trials": trials,
        "latency_ms": {"all": _stats(everything)} | {g: _stats(v) for g, v in samples.items()},
        "recall": recall,
        # The same query always gets the same answer: recall is taken from the first round.
        "stable_answers": all(len({tuple(a) for a in found}) == 1 for found in answers.values()),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "similar.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    _print(results)
    return results


def _database(claims: int, texts: list[str]) -> tuple[bool, dict[str, int]]:
    """Point Django at the benchmark's database holding ``claims`` demo claims plus the
    evaluation claims ``texts``; returns whether the demo claims were generated, and the
    id of each evaluation claim."""
    from bench.database import BENCH_DATABASE, _setup, _use, bench_database

    _setup()
    from django.core.management import call_command
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
        exists = cursor.fetchone() is not None
    if exists:
        _use(BENCH_DATABASE)
        targets = _evaluation_claims(texts)
        if targets is not None and _count() == claims + len(texts):
            call_command("migrate", verbosity=0)
            return False, targets
    # Anything else (absent, another size, half made): demo data afresh, then the set.
    generated = bench_database(claims)
    return generated, _add_evaluation_claims(texts)


def _count() -> int:
    with _cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        return cursor.fetchone()[0]


def _cursor():
    from django.db import connection

    return connection.cursor()


def _evaluation_claims(texts: list[str]) -> dict[str, int] | None:
    """The id of each evaluation claim, or None when they are not all there."""
    with _cursor() as cursor:
        cursor.execute("SELECT to_regclass('claims_claim') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
    from claims.models import Claim

    found = dict(
        Claim.objects.filter(text__in=texts, status=Claim.Status.PUBLISHED)
        .order_by("pk")
        .values_list("text", "pk")
    )
    return found if len(found) == len(texts) else None


def _add_evaluation_claims(texts: list[str]) -> dict[str, int]:
    from claims.models import Claim, Claimant

    claimant = Claimant.objects.order_by("pk").first() or Claimant.objects.create(
        name="Evaluation set"
    )
    created = Claim.objects.bulk_create(
        Claim(
            language="en", text=t, summary=t[:100], claimant=claimant, status=Claim.Status.PUBLISHED
        )
        for t in texts
    )
    with _cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_claim")
    return {claim.text: claim.pk for claim in created}


def _stats(values: list[float]) -> dict:
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return {"p50": round(statistics.median(values), 1), "p90": round(cuts[8], 1), "n": len(values)}


def _print(results: dict) -> None:
    machine = results["machine"]
    embedding = (
        f"{results['embedded']:,} embedded in {results['embedding_seconds']} s "
        f"by {results['embedding_workers']} processes"
        if results["embedding_seconds"] is not None
        else "embeddings reused"
    )
    if results["vector_index_seconds"] is not None:
        embedding += f", HNSW indexes built in {results['vector_index_seconds']} s"
    print(
        f"\n{results['claims_in_database']:,} claims ({results['claims']:,} demo + "
        f"{results['evaluation_claims_added']} of the evaluation set); {machine['cores']} cores, "
        f"PostgreSQL {machine['postgresql']}, pgvector {'yes' if results['pgvector'] else 'no'}; "
        f"encoder {results['encoder']}, {embedding}; {results['trials']} interleaved rounds\n"
    )
    print("| queries | n | recall@1 | recall@5 | p50 ms | p90 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for group, recall in results["recall"].items():
        stats = results["latency_ms"][group]
        print(
            f"| {group} | {recall['queries']} | {recall['recall@1']:.2f} | "
            f"{recall['recall@5']:.2f} | {stats['p50']} | {stats['p90']} |"
        )
    stats = results["latency_ms"]["all"]
    print(f"| all | {stats['n'] // results['trials']} | | | {stats['p50']} | {stats['p90']} |\n")
