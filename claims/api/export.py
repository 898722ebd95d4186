"""CSV export of the claims list, streamed row by row.

Cells that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or
carriage return) are prefixed with an apostrophe, so an exported claim cannot run code.
Characters no text consumer can carry (core/characters.py), which older rows may hold,
are left out.
"""

import csv

from claims.api.listing import RATING_LABELS
from core.characters import strip_uncarriable

HEADER = [
    "id", "url", "summary", "text", "claimant", "claimant_slug", "event", "event_slug",
    "stated_on", "kind", "checkable", "status", "evidence_status", "supporting",
    "contradicting", "context", "independent_supporting", "independent_contradicting",
    "verdict", "verdict_label", "verdict_published_at", "assessment", "updated_at", "version",
]  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else strip_uncarriable(str(value))
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cells(row: dict, url_prefix: str) -> list:
    rating = row["current_verdict__rating"]
    published = row["current_verdict__published_at"]
    return [
        row["id"], f"{url_prefix}{row['id']}/", row["summary"], row["text"],
        row["claimant__name"], row["claimant__slug"], row["event__name"], row["event__slug"],
        row["stated_on"] and row["stated_on"].isoformat(), row["kind"],
        "true" if row["checkable"] else "false", row["status"], row["evidence_status"],
        row["supporting_count"], row["contradicting_count"], row["context_count"],
        row["independent_supporting_count"], row["independent_contradicting_count"],
        rating, RATING_LABELS.get(rating), published and published.isoformat(),
        row["assessment"], row["updated_at"].isoformat(), row["version"],
    ]  # fmt: skip


class _Lines:
    """A file-like target for csv.writer that hands back each line it is given."""

    def write(self, line):
        return line


def csv_lines(rows, url_prefix: str):
    writer = csv.writer(_Lines())
    yield writer.writerow(HEADER)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in _cells(row, url_prefix)])
