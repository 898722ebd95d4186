"""The claim representation of the API, built by PostgreSQL.

Listing pages are the API's hot path (consumers poll them every minute), so each claim's
JSON is assembled by the database in the query that selects it (``json_build_object``,
with the claimant, event and current verdict joined in), and Python passes it through
untouched. Beside it the query returns the few columns the page needs for its cursor and
ETag. ``ClaimSerializer`` in claims/api/serializers.py documents the same shape for the
OpenAPI schema; a test keeps the two in step. ``rows`` gives plain columns (CSV export).
"""

from operator import itemgetter

from django.db.models.expressions import RawSQL

from claims.assessment import EvidenceStatus
from claims.models import Claim, Claimant, Event, Verdict
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
    "current_verdict__holds_as_of",
    "created_at", "updated_at", "version",
)  # fmt: skip

# What a claim's representation depends on: the claim's own version covers its columns and
# its current verdict (published verdicts never change); the claimant's and event's
# versions cover their names and slugs.
KEY_COLUMNS = ("id", "version", "claimant__version", "event__version")


def rows(queryset):
    """The claims as plain column values (for the CSV export)."""
    return queryset.values(*COLUMNS)


def _columns(model, **fields) -> dict:
    """Quoted ``table.column`` of the given fields, by the names they get in the JSON."""
    table = model._meta.db_table
    return {
        key: f'"{table}"."{model._meta.get_field(name).column}"' for key, name in fields.items()
    }


def _object(pairs: dict) -> str:
    return "json_build_object(" + ", ".join(f"'{key}', {sql}" for key, sql in pairs.items()) + ")"


def _literal(text: str) -> str:
    return text.replace("'", "''")


def _label(column: str, choices) -> str:
    """The label readers see for the code stored in ``column``."""
    return (
        f"CASE {column}"
        + "".join(f" WHEN '{value}' THEN '{_literal(text)}'" for value, text in choices)
        + " END"
    )


def _utc(column: str) -> str:
    """A timestamp as ISO 8601 in UTC with ``Z``, like the rest of the API."""
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def _claim_sql() -> str:
    """The claim's representation (the stable contract) as one SQL expression over the
    claim and its joined claimant, event and current verdict. Written once, at import,
    from the models' own table and column names: Django then has nothing to resolve or
    compile per request. The only parameter is the API's URL prefix."""
    claim = _columns(
        Claim, id="id", text="text", summary="summary", stated_on="stated_on", kind="kind",
        checkable="checkable", status="status", evidence_status="evidence_status",
        duplicate_of="duplicate_of", assessment="assessment", version="version", event_id="event", verdict_id="current_verdict",
        supporting="supporting_count", contradicting="contradicting_count",
        context="context_count", independent_supporting="independent_supporting_count",
        independent_contradicting="independent_contradicting_count",
        created_at="created_at", updated_at="updated_at",
    )  # fmt: skip
    claimant = _columns(Claimant, id="id", name="name", slug="slug")
    event = _columns(Event, id="id", name="name", slug="slug")
    verdict = _columns(
        Verdict, rating="rating", rationale="rationale", published_at="published_at",
        holds_as_of="holds_as_of",
    )  # fmt: skip
    label = _label(verdict["rating"], Rating.choices)
    status_label = _label(claim["evidence_status"], EvidenceStatus.choices)
    return "(" + _object({
        "id": claim["id"],
        "url": f"%s || {claim['id']} || '/'",
        **{key: claim[key] for key in ("text", "summary")},
        "claimant": _object(claimant),
        "event": f"CASE WHEN {claim['event_id']} IS NULL THEN NULL ELSE {_object(event)} END",
        **{key: claim[key] for key in ("stated_on", "kind", "checkable", "status")},
        "duplicate_of": claim["duplicate_of"],
        "evidence_status": claim["evidence_status"],
        "evidence_status_label": status_label,
        "evidence_counts": _object({key: claim[key] for key in (
            "supporting", "contradicting", "context", "independent_supporting",
            "independent_contradicting",
        )}),
        "assessment": claim["assessment"],
        "verdict": f"CASE WHEN {claim['verdict_id']} IS NULL THEN NULL ELSE " + _object({
            "rating": verdict["rating"], "label": label, "rationale": verdict["rationale"],
            "published_at": _utc(verdict["published_at"]),
            "holds_as_of": verdict["holds_as_of"],
        }) + " END",
        "created_at": _utc(claim["created_at"]),
        "updated_at": _utc(claim["updated_at"]),
        "version": claim["version"],
    }) + ")::text"  # fmt: skip


CLAIM_SQL = _claim_sql()
# Columns selected beside the JSON: they also make Django join the claimant, event and
# current verdict tables that CLAIM_SQL reads.
JOINED = ("claimant__version", "event__version", "current_verdict__rating")


def json_rows(queryset, url_prefix: str, ordering_field: str):
    """The claims as ``{"json": <claim JSON text>, ...}`` with what the page needs for its
    cursor (the ordering field, id) and its ETag (KEY_COLUMNS, updated_at)."""
    columns = dict.fromkeys([*KEY_COLUMNS, *JOINED, "updated_at", ordering_field])
    return queryset.annotate(json=RawSQL(CLAIM_SQL, [url_prefix])).values("json", *columns)


def key_rows(queryset, ordering_field: str):
    """The rows of ``json_rows`` without the JSON: enough for the cursor and the ETag."""
    return queryset.values(*dict.fromkeys([*KEY_COLUMNS, "updated_at", ordering_field]))


_key = itemgetter(*KEY_COLUMNS)


def keys(page: list[dict]) -> list[tuple]:
    return [_key(row) for row in page]


def last_modified(page: list[dict]):
    return max((row["updated_at"] for row in page), default=None)


def claim_row(queryset, pk, url_prefix: str) -> dict | None:
    return json_rows(queryset.filter(pk=pk), url_prefix, "updated_at").first()
