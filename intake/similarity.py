"""Similar claims: "has this been checked before?", here or by another fact-checker.

A query text is matched in three steps:

1. Candidates by words (``word_candidates``): the query's words, stemmed by PostgreSQL's
   text search, each looked up in the full-text index; words found in more than
   ``COMMON_WORD_LIMIT`` rows say nothing and are dropped (without a lookup where
   PostgreSQL's statistics already say so, ``word_counts``); each row scores the rarity of
   the words it shares with the query; ties are broken by a neutral hash of the id (never
   by the id itself, which would favour old rows). This works on every PostgreSQL.
2. Candidates by meaning (``vector_candidates``), where the pgvector extension is
   installed: the nearest stored embeddings through an HNSW index over the ``real[]``
   column cast to ``vector``. Without pgvector this step finds nothing, and step 1 alone
   feeds step 3.
3. Every candidate is scored by the exact cosine similarity of its stored embedding
   (intake.Embedding, one per normalised text; a candidate without a current one is
   embedded on the spot) with the query's, and the best are returned.

Candidate retrieval for claims lives in ``claim_candidates`` alone, so a different search
engine can replace it without touching the rest.
"""

import functools
import math
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, F, Func, Value

from claims.models import Claim
from intake import encoders
from intake.models import REVIEW_SEARCH_CONFIG, Embedding, ExternalReview, review_search_vector

COMMON_WORD_LIMIT = 10_000
MAX_QUERY_WORDS = 24
WORD_CANDIDATES = 200
VECTOR_CANDIDATES = 100
MAX_QUERY_LENGTH = 2000
MIN_STEM = 4
# Archives of up to this many rows are compared exhaustively (every row a candidate).
EXHAUSTIVE_LIMIT = 1000


class _RawTsQuery(Func):
    """A tsquery written out in full (lexemes already stemmed: no second stemming)."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()


class _Matches(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _lexeme(word: str) -> str:
    """A tsquery for one lexeme. A word in another alphabet is a stem (see
    ``query_words``) and matches every lexeme that begins with it: the stem of
    "безработицы" finds "безработица" in any document, stemmed or not."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    if not word.isascii() and len(word) >= MIN_STEM:
        return quoted + ":*"
    return quoted


# The query's Latin words as the configuration stems them; its other words (Russian,
# Kazakh, ...) as the shorter of their Russian stem and their Kazakh stem, the one the
# claims' documents use (a Kazakh stem shorter than MIN_STEM letters is not trusted), in
# the order they come, stop words left out.
_QUERY_WORDS = """
SELECT word FROM (
    SELECT lexeme AS word, positions[1] AS at FROM unnest(to_tsvector(%(config)s::regconfig, %(text)s))
    WHERE lexeme ~ '^[[:ascii:]]*$'
    UNION ALL
    SELECT CASE WHEN char_length(kazakh) >= %(min_stem)s AND char_length(kazakh) < char_length(russian[1])
                THEN kazakh ELSE russian[1] END, at
    FROM (
        SELECT ts_lexize('russian_stem', lexeme) AS russian, claims_kazakh_stem(lexeme) AS kazakh,
               positions[1] AS at
        FROM unnest(to_tsvector('simple', %(text)s)) WHERE lexeme !~ '^[[:ascii:]]*$'
    ) other
    WHERE cardinality(russian) > 0
) words ORDER BY at
"""


def query_words(text: str, config: str = REVIEW_SEARCH_CONFIG) -> list[str]:
    """The query's distinct lexemes (see _QUERY_WORDS), at most MAX_QUERY_WORDS."""
    with connection.cursor() as cursor:
        cursor.execute(
            _QUERY_WORDS,
            {"config": config, "text": text[:MAX_QUERY_LENGTH], "min_stem": MIN_STEM},
        )
        words = dict.fromkeys(row[0] for row in cursor.fetchall())
    return list(words)[:MAX_QUERY_WORDS]


def _neutral(pk: int) -> int:
    """A fixed pseudo-random order of ids, for ties (Knuth's multiplicative hash)."""
    return (pk * 2654435761) % 2**32


# How long a process trusts what it read of the planner's statistics (ANALYZE, run by
# autovacuum, refreshes them as the table grows).
STATISTICS_SECONDS = 300
# The statistics count the whole table; a reader sees part of it (anonymous readers: the
# published claims). A word is dropped unread only when the statistics put it in this many
# times more rows than the limit; nearer the limit, a lookup in what the reader sees decides.
STATISTICS_MARGIN = 2
_statistics: dict[tuple, tuple[float, dict[str, float]]] = {}


def word_counts(table: str, column: str) -> dict[str, float]:
    """Estimated number of rows of ``table`` holding each of the most common lexemes of the
    tsvector ``column``, read from PostgreSQL's own statistics (ANALYZE keeps the lexemes
    found in at least about 0.1% of the rows, with their frequency). Empty before the
    table is first analysed."""
    key = (connection.settings_dict["NAME"], table, column)
    read_at, counts = _statistics.get(key, (0.0, {}))
    if time.monotonic() - read_at < STATISTICS_SECONDS:
        return counts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
            "FROM pg_stats s JOIN pg_class c ON c.oid = to_regclass(quote_ident(s.tablename)) "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = %s",
            [table, column],
        )
        row = cursor.fetchone()
    counts = {}
    if row and row[0] and row[2] > 0:
        lexemes, frequencies, rows = row
        counts = {lexeme: f * rows for lexeme, f in zip(lexemes, frequencies, strict=False)}
    _statistics[key] = (time.monotonic(), counts)
    return counts


def _estimate(word: str, counts: dict[str, float]) -> float:
    """Rows holding ``word`` as far as the statistics know (0 when they do not list it)."""
    lexeme = _lexeme(word)
    if lexeme.endswith(":*"):
        stem = lexeme[1:-3].replace("''", "'")
        return sum(n for other, n in counts.items() if other.startswith(stem))
    return counts.get(word, 0.0)


def word_candidates(
    queryset, document, words: list[str], *, limit: int, counts: dict[str, float] | None = None
) -> list[int]:
    """Ids of rows of ``queryset`` sharing the rarest words with the query, best first.
    ``document`` is the tsvector expression the full-text index covers; ``counts``
    (``word_counts``) names words known to be common, which are dropped without a lookup:
    finding out by looking up a word held by a tenth of a million rows took over 100 ms."""
    scores: Counter = Counter()
    for word in words:
        if counts and _estimate(word, counts) > COMMON_WORD_LIMIT * STATISTICS_MARGIN:
            continue
        ids = list(
            queryset.filter(_Matches(document, _RawTsQuery(Value(_lexeme(word)))))
            .order_by()
            .values_list("pk", flat=True)[: COMMON_WORD_LIMIT + 1]
        )
        if not ids or len(ids) > COMMON_WORD_LIMIT:
            continue
        weight = math.log((COMMON_WORD_LIMIT + 1) / len(ids))
        for pk in ids:
            scores[pk] += weight
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _neutral(item[0])))
    return [pk for pk, _score in ranked[:limit]]


@functools.cache
def _has_pgvector(alias: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
        return cursor.fetchone() is not None


def has_pgvector() -> bool:
    return _has_pgvector(connection.settings_dict["NAME"])


def vector_candidates(column: str, vector: np.ndarray, *, model: str, limit: int) -> list[int]:
    """Ids (of ``column``: claim_id or review_id) of the nearest stored embeddings, through
    pgvector's HNSW index; nothing without pgvector."""
    if not has_pgvector():
        return []
    dimensions = len(vector)
    literal = "[" + ",".join(f"{x:.6f}" for x in vector) + "]"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL hnsw.ef_search = %s", [max(limit, 40)])
        cursor.execute(
            f"SELECT {column} FROM intake_embedding "
            f"WHERE {column} IS NOT NULL AND model = %s "
            f"ORDER BY vector::vector({dimensions}) <=> %s::vector({dimensions}) LIMIT %s",
            [model, literal, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _small(queryset) -> bool:
    return queryset.order_by()[: EXHAUSTIVE_LIMIT + 1].count() <= EXHAUSTIVE_LIMIT


def claim_candidates(text: str, vector: np.ndarray, *, queryset, model: str) -> list[int]:
    """Ids of claims in ``queryset`` that may say what ``text`` says."""
    if _small(queryset):
        return list(queryset.values_list("pk", flat=True))
    # The stored search document, which the GIN index covers (the expression it is made of
    # would be computed again for every row).
    ids = word_candidates(
        queryset,
        F("search_document"),
        query_words(text),
        limit=WORD_CANDIDATES,
        counts=word_counts(Claim._meta.db_table, "search_document"),
    )
    nearest = vector_candidates("claim_id", vector, model=model, limit=VECTOR_CANDIDATES)
    if nearest:
        known = set(ids)
        extra = [pk for pk in nearest if pk not in known]
        ids += list(queryset.filter(pk__in=extra).values_list("pk", flat=True))
    return ids


def review_candidates(text: str, vector: np.ndarray, *, model: str) -> list[int]:
    if _small(ExternalReview.objects.all()):
        return list(ExternalReview.objects.values_list("pk", flat=True))
    ids = word_candidates(
        ExternalReview.objects.all(),
        review_search_vector(),
        query_words(text),
        limit=WORD_CANDIDATES,
    )
    known = set(ids)
    nearest = vector_candidates("review_id", vector, model=model, limit=VECTOR_CANDIDATES)
    return ids + [pk for pk in nearest if pk not in known]


def vectors_for(*, field: str, texts: dict[int, str], encoder) -> dict[int, np.ndarray]:
    """The current embedding of each row id in ``texts``: stored ones whose digest still
    matches their text, the rest embedded now (not stored: ``embed_claims`` and the
    background task do that)."""
    stored = {
        getattr(row, f"{field}_id"): row
        for row in Embedding.objects.filter(
            **{f"{field}_id__in": list(texts)}, model=encoder.name
        ).only(f"{field}_id", "digest", "vector")
    }
    result, missing = {}, []
    for pk, text in texts.items():
        row = stored.get(pk)
        if row is not None and row.digest == encoder.digest(text):
            result[pk] = np.asarray(row.vector, dtype=np.float32)
        else:
            missing.append(pk)
    if missing:
        for pk, vector in zip(missing, encoder.encode([texts[pk] for pk in missing]), strict=True):
            result[pk] = vector
    return result


@dataclass
class Match:
    kind: str  # "claim" or "external_review"
    id: int
    text: str
    score: float
    url: str
    rating: str
    rating_label: str
    evidence_status: str | None = None
    evidence_status_label: str | None = None
    publisher: str = ""
    status: str | None = None


def _claim_match(claim, score) -> Match:
    verdict = claim.current_verdict if claim.is_published else None
    return Match(
        kind="claim",
        id=claim.pk,
        text=claim.text,
        score=score,
        url=claim.get_absolute_url(),
        rating=verdict.rating if verdict else "",
        rating_label=verdict.get_rating_display() if verdict else "",
        evidence_status=claim.evidence_status,
        evidence_status_label=claim.get_evidence_status_display(),
        publisher=settings.FACTCHECK_PUBLISHER_NAME,
        status=claim.status,
    )


def _review_match(review, score) -> Match:
    return Match(
        kind="external_review",
        id=review.pk,
        text=review.claim_text,
        score=score,
        url=review.url,
        rating=review.rating,
        rating_label=review.rating_text,
        publisher=review.publisher_name or review.publisher_site,
    )


def similar(
    text: str,
    *,
    user,
    limit: int = 10,
    exclude_claim: int | None = None,
    include_reviews: bool = True,
) -> list[Match]:
    """Our claims this user may see (anonymous visitors: published ones) and external
    reviews that say what ``text`` says, most similar first."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    encoder = encoders.current()
    query = encoder.encode([text])[0]
    claims = Claim.objects.visible_to(user).filter(duplicate_of__isnull=True)
    if exclude_claim is not None:
        claims = claims.exclude(pk=exclude_claim)
    claim_ids = claim_candidates(text, query, queryset=claims, model=encoder.name)
    # Candidates are scored from their text alone; only the winners are loaded whole.
    ranked = [
        ("claim", pk, score)
        for pk, score in _scores(
            dict(claims.filter(pk__in=claim_ids).values_list("pk", "text")), "claim", query, encoder
        ).items()
    ]
    if include_reviews:
        review_ids = review_candidates(text, query, model=encoder.name)
        texts = dict(
            ExternalReview.objects.filter(pk__in=review_ids).values_list("pk", "claim_text")
        )
        ranked += [
            ("external_review", pk, score)
            for pk, score in _scores(texts, "review", query, encoder).items()
        ]
    ranked.sort(key=lambda found: (-found[2], found[0], found[1]))
    ranked = ranked[:limit]
    winners = {
        "claim": claims.filter(pk__in=[pk for kind, pk, _ in ranked if kind == "claim"])
        .select_related("current_verdict")
        .in_bulk(),
        "external_review": ExternalReview.objects.in_bulk(
            [pk for kind, pk, _ in ranked if kind == "external_review"]
        ),
    }
    make = {"claim": _claim_match, "external_review": _review_match}
    return [make[kind](winners[kind][pk], score) for kind, pk, score in ranked]


def _scores(texts: dict[int, str], field: str, query, encoder) -> dict[int, float]:
    """The cosine similarity of each row's text (id: text) with the query vector."""
    if not texts:
        return {}
    vectors = vectors_for(field=field, texts=texts, encoder=encoder)
    return {pk: round(float(vectors[pk] @ query), 4) for pk in texts}


def store_embeddings(*, claims=(), reviews=(), encoder=None, batch: int = 64) -> int:
    """Embed the claims and reviews given (model instances) whose stored embedding is
    missing or stale; returns how many were written."""
    encoder = encoder or encoders.current()
    written = 0
    for field, rows, text_of in (
        ("claim", list(claims), lambda c: c.text),
        ("review", list(reviews), lambda r: r.claim_text),
    ):
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            stored = dict(
                Embedding.objects.filter(
                    **{f"{field}_id__in": [r.pk for r in chunk]}, model=encoder.name
                ).values_list(f"{field}_id", "digest")
            )
            stale = {}
            for row in chunk:
                digest = encoder.digest(text_of(row))
                if stored.get(row.pk) != digest:
                    stale[row.pk] = (text_of(row), digest)
            if not stale:
                continue
            vectors = encoder.encode([text for text, _digest in stale.values()])
            _replace(field, encoder.name, stale, vectors)
            written += len(stale)
    return written


def _replace(field: str, model: str, rows: dict[int, tuple[str, str]], vectors) -> None:
    """Replace the embeddings of ``rows`` (id: (text, digest)) with ``vectors``, in two
    statements. Each vector travels as one array literal: adapting hundreds of floats
    one by one took most of the time of embedding a large archive."""
    ids = list(rows)
    table = Embedding._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {field}_id = ANY(%s)", [ids])
        cursor.execute(
            f"INSERT INTO {table} ({field}_id, model, digest, vector) "
            "SELECT id, %s, digest, vector::real[] "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS row(id, digest, vector)",
            [
                model,
                ids,
                [digest for _text, digest in rows.values()],
                ["{" + ",".join(map(repr, vector.tolist())) + "}" for vector in vectors],
            ],
        )
