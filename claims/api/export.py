"""CSV export of the claims list, streamed row by row.

Its columns are values of the claim's shape (``shape.py``), picked and named here.
Cells that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or
carriage return) are prefixed with an apostrophe, so an exported claim cannot run code.
"""

import csv
import datetime

from claims.api import shape

# Each column's header and the value of the claim's shape it holds.
COLUMNS = {
    "id": "id", "url": "url", "summary": "summary", "text": "text",
    "claimant": "claimant.name", "claimant_slug": "claimant.slug",
    "event": "event.name", "event_slug": "event.slug",
    "stated_on": "stated_on", "kind": "kind", "checkable": "checkable", "status": "status",
    "evidence_status": "evidence_status",
    "supporting": "evidence_counts.supporting",
    "contradicting": "evidence_counts.contradicting",
    "context": "evidence_counts.context",
    "independent_supporting": "evidence_counts.independent_supporting",
    "independent_contradicting": "evidence_counts.independent_contradicting",
    "verdict": "verdict.rating", "verdict_label": "verdict.label",
    "verdict_published_at": "verdict.published_at",
    "assessment": "assessment", "updated_at": "updated_at", "version": "version",
}  # fmt: skip
HEADER = list(COLUMNS)
VALUES = [shape.value(dotted) for dotted in COLUMNS.values()]
LABELS = {value.path: dict(value.choices) for value in VALUES if value.shown == "label"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(queryset):
    """The claims as the plain column values the export reads."""
    return queryset.values(*dict.fromkeys(value.path for value in VALUES))


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value: shape.Value, row: dict, url_prefix: str):
    stored = row[value.path]
    if value.shown == "url":
        return f"{url_prefix}{stored}/"
    if value.shown == "label":
        return LABELS[value.path].get(stored)
    if isinstance(stored, bool):
        return "true" if stored else "false"
    if isinstance(stored, datetime.date):
        return stored.isoformat()
    return stored


class _Lines:
    """A file-like target for csv.writer that hands back each line it is given."""

    def write(self, line):
        return line


def csv_lines(rows, url_prefix: str):
    writer = csv.writer(_Lines())
    yield writer.writerow(HEADER)
    for row in rows:
        yield writer.writerow([neutralise(_cell(value, row, url_prefix)) for value in VALUES])
