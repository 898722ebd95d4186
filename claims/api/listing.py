"""The claim representation of the API, built by PostgreSQL.

Listing pages are the API's hot path (consumers poll them every minute), so each claim's
JSON is assembled by the database in the query that selects it (``json_build_object``,
with the claimant, event and current verdict joined in), and Python passes it through
untouched. Beside it the query returns the few columns the page needs for its cursor and
ETag. The shape is declared in ``shape.py``, which the serializers (for the OpenAPI
schema) and the CSV export read too.
"""

import functools
from operator import itemgetter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import translation

from claims.api import shape
from claims.models import Claim, ClaimTranslation, VerdictTranslation

# What a claim's representation depends on: the claim's own version covers its columns and
# its current verdict (published verdicts never change); the claimant's and event's
# versions cover their names and slugs.
KEY_COLUMNS = ("id", "version", "claimant__version", "event__version")


def _object(pairs: dict) -> str:
    return "json_build_object(" + ", ".join(f"'{key}', {sql}" for key, sql in pairs.items()) + ")"


def _literal(text: str) -> str:
    return text.replace("'", "''")


def _label(column: str, choices) -> str:
    """The label readers see for the code stored in ``column``."""
    return (
        f"CASE {column}"
        + "".join(f" WHEN '{value}' THEN '{_literal(str(text))}'" for value, text in choices)
        + " END"
    )


def _utc(column: str) -> str:
    """A timestamp as ISO 8601 in UTC with ``Z``, like the rest of the API."""
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def _column(path: str) -> str:
    """Quoted ``table.column`` of a field named by its ORM path from the claim."""
    model = Claim
    *hops, name = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return f'"{model._meta.db_table}"."{model._meta.get_field(name).column}"'


def _value_sql(value: shape.Value) -> str:
    column = _column(value.path)
    if value.shown == "label":
        return _label(column, value.choices)
    if value.shown == "time":
        return _utc(column)
    if value.shown in ("url", "public_url"):
        return f"%s || {column} || '/'"
    if value.shown == "codes":
        return f"to_json(string_to_array(NULLIF({column}, ''), ','))"
    return column


def _sql(members, *, public: bool) -> str:
    pairs = {}
    for member in members:
        if isinstance(member, shape.Group):
            built = _sql(member.values, public=public)
            if member.unless_null:
                built = (
                    f"CASE WHEN {_column(member.unless_null)} IS NULL THEN NULL ELSE {built} END"
                )
            pairs[member.key] = built
        elif member.key == "duplicate_of" and public:
            pairs[member.key] = _public_duplicate_of(_column(member.path))
        elif member.shown == "translations":
            pairs[member.key] = _translations(member.path, public=public)
        else:
            pairs[member.key] = _value_sql(member)
    return _object(pairs)


def _claim_sql(*, public: bool) -> str:
    """The claim's representation (the stable contract, ``shape.CLAIM``) as one SQL
    expression over the claim and its joined claimant, event and current verdict.
    Written once per language, from the models' own table and column names: Django then
    has nothing to resolve or compile per request. The parameters are the API's URL prefix
    and the public pages'. For the ``public`` (readers without the newsroom's roles),
    ``duplicate_of`` names the kept claim only when that claim is published: an
    unpublished claim's id is not theirs to learn."""
    return "(" + _sql(shape.CLAIM, public=public) + ")::text"


def _translations(path: str, *, public: bool) -> str:
    """The claim's translations (``path`` "id") or its current verdict's, as a JSON list
    in the order of their languages. Who translated: "machine", or for the newsroom the
    translator's user name and for the public "person" (names of staff stay inside)."""
    of_verdict = path != "id"
    model = VerdictTranslation if of_verdict else ClaimTranslation
    table, owner = model._meta.db_table, "verdict_id" if of_verdict else "claim_id"
    keys = shape.VERDICT_TRANSLATION if of_verdict else shape.CLAIM_TRANSLATION
    person = "'person'" if public else "COALESCE(u.username, 'person')"
    columns = {
        key: (f"CASE WHEN t.machine THEN 'machine' ELSE {person} END")
        if key == "translated_by"
        else f"t.{key}"
        for key in keys
    }
    users = get_user_model()._meta.db_table
    return (
        f"(SELECT COALESCE(json_agg({_object(columns)} ORDER BY t.language), '[]'::json) "
        f'FROM "{table}" t LEFT JOIN "{users}" u ON u.id = t.translated_by_id '
        f"WHERE t.{owner} = {_column(path)})"
    )


def _public_duplicate_of(column: str) -> str:
    """A scalar subquery, probed by the primary key for each row: as an EXISTS in the
    select list, PostgreSQL may hash every published claim first, on every page."""
    table = Claim._meta.db_table
    return (
        f'(SELECT kept.id FROM "{table}" kept WHERE kept.id = {column} '
        f"AND kept.status = '{Claim.Status.PUBLISHED}')"
    )


@functools.cache
def _claim_sql_in(language: str, *, public: bool) -> str:
    with translation.override(language):
        return _claim_sql(public=public)


def claim_sql(*, public: bool) -> str:
    """The claim's SQL with its labels (evidence status, rating) in the active language
    (the request's ``Accept-Language``, where a catalogue translates them); built once
    per language."""
    return _claim_sql_in(translation.get_language() or settings.LANGUAGE_CODE, public=public)


# Columns selected beside the JSON: they also make Django join the claimant, event and
# current verdict tables that the claim's SQL reads.
JOINED = ("claimant__version", "event__version", "current_verdict__rating")


def public_prefix() -> str:
    """The start of a claim's public page address (the id and a slash follow), for
    ``public_url`` in the API, the CSV export and webhook payloads."""
    return settings.FACTCHECK_SITE_URL.rstrip("/") + reverse("claim-list")


def json_rows(queryset, url_prefix: str, ordering_field: str, *, public: bool = True):
    """The claims as ``{"json": <claim JSON text>, ...}`` with what the page needs for its
    cursor (the ordering field, id) and its ETag (KEY_COLUMNS, updated_at); as the public
    may see them unless ``public`` is False (the newsroom's roles)."""
    columns = dict.fromkeys([*KEY_COLUMNS, *JOINED, "updated_at", ordering_field])
    sql = claim_sql(public=public)
    return queryset.annotate(json=RawSQL(sql, [url_prefix, public_prefix()])).values(
        "json", *columns
    )


def key_rows(queryset, ordering_field: str):
    """The rows of ``json_rows`` without the JSON: enough for the cursor and the ETag."""
    return queryset.values(*dict.fromkeys([*KEY_COLUMNS, "updated_at", ordering_field]))


_key = itemgetter(*KEY_COLUMNS)


def keys(page: list[dict]) -> list[tuple]:
    return [_key(row) for row in page]


def last_modified(page: list[dict]):
    return max((row["updated_at"] for row in page), default=None)


def claim_row(queryset, pk, url_prefix: str, *, public: bool = True) -> dict | None:
    return json_rows(queryset.filter(pk=pk), url_prefix, "updated_at", public=public).first()
