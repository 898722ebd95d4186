"""The claim representation of the API, built straight from the columns PostgreSQL returns.

Listing pages are the API's hot path (consumers poll them every minute), so a claim is
read as one row of plain values (the claimant, event and current verdict joined in the
same query) and shaped into the stable contract with no per-row query and no per-field
serializer machinery. ``ClaimSerializer`` in claims/api/serializers.py documents the
same shape for the OpenAPI schema; a test keeps the two in step.
"""

from claims.ratings import Rating

RATING_LABELS = dict(Rating.choices)

COLUMNS = (
    "id", "text", "summary",
    "claimant_id", "claimant__name", "claimant__slug", "claimant__version",
    "event_id", "event__name", "event__slug", "event__version",
    "stated_on", "kind", "checkable", "status", "evidence_status",
    "supporting_count", "contradicting_count", "context_count",
    "independent_supporting_count", "independent_contradicting_count", "assessment",
    "current_verdict__rating", "current_verdict__rationale", "current_verdict__published_at",
    "created_at", "updated_at", "version",
)  # fmt: skip

# What a row's representation depends on: the claim's own version covers its columns and
# its current verdict (published verdicts never change); the claimant's and event's
# versions cover their names and slugs.
KEY_COLUMNS = ("id", "version", "claimant__version", "event__version")


def rows(queryset):
    """The queryset as value rows for ``item``; ranked search adds ``search_rank``."""
    extra = ("search_rank",) if "search_rank" in queryset.query.annotations else ()
    return queryset.values(*COLUMNS, *extra)


def item(row: dict, url_prefix: str) -> dict:
    rating = row["current_verdict__rating"]
    event_id = row["event_id"]
    return {
        "id": row["id"],
        "url": f"{url_prefix}{row['id']}/",
        "text": row["text"],
        "summary": row["summary"],
        "claimant": {
            "id": row["claimant_id"],
            "name": row["claimant__name"],
            "slug": row["claimant__slug"],
        },
        "event": None
        if event_id is None
        else {"id": event_id, "name": row["event__name"], "slug": row["event__slug"]},
        "stated_on": row["stated_on"],
        "kind": row["kind"],
        "checkable": row["checkable"],
        "status": row["status"],
        "evidence_status": row["evidence_status"],
        "evidence_counts": {
            "supporting": row["supporting_count"],
            "contradicting": row["contradicting_count"],
            "context": row["context_count"],
            "independent_supporting": row["independent_supporting_count"],
            "independent_contradicting": row["independent_contradicting_count"],
        },
        "assessment": row["assessment"],
        "verdict": None
        if rating is None
        else {
            "rating": rating,
            "label": RATING_LABELS[rating],
            "rationale": row["current_verdict__rationale"],
            "published_at": row["current_verdict__published_at"],
        },
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "version": row["version"],
    }


def keys(page: list[dict]) -> list[tuple]:
    return [tuple(row[name] for name in KEY_COLUMNS) for row in page]


def last_modified(page: list[dict]):
    return max((row["updated_at"] for row in page), default=None)


def claim_row(queryset, pk) -> dict | None:
    return rows(queryset.filter(pk=pk)).first()
