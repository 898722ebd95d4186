"""CSV export of the claims list, streamed row by row.

Its columns are values of the claim's shape (``shape.py``), picked and named here.

A cell that a spreadsheet would evaluate is prefixed with an apostrophe, so an exported
claim cannot run code: one starting with ``=`` or ``@`` (or their full-width forms, which
spreadsheets read alike), a tab or a carriage return, and one starting with ``+`` or ``-``
that holds anything a formula needs (another operator, a parenthesis, a reference such as
``!`` or ``|``). Ordinary text such as "-5 people" or "+7 701 555 0100" is left as it is.

``?excel=1`` starts the file with a UTF-8 byte order mark, so Excel reads its Cyrillic and
Kazakh text as UTF-8 instead of the system's code page.
Characters no text consumer can carry (core/characters.py), which older rows may hold,
are left out.
"""

import csv
import datetime
import re
import unicodedata

from claims.api import listing, shape
from core.characters import strip_uncarriable

# Each column's header and the value of the claim's shape it holds.
COLUMNS = {
    "id": "id", "url": "url", "public_url": "public_url", "summary": "summary", "text": "text",
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
ALWAYS_EVALUATED = ("=", "@", "\t", "\r")
SIGNS = ("+", "-")
# After a leading sign, what turns text into a formula a spreadsheet would run.
FORMULA_PARTS = re.compile(r"[=+\-*/^&(),;:!|@\"'%<>\[\]{}]")
BYTE_ORDER_MARK = "\ufeff"


def rows(queryset):
    """The claims as the plain column values the export reads."""
    return queryset.values(*dict.fromkeys(value.path for value in VALUES))


def neutralise(value) -> str:
    text = "" if value is None else strip_uncarriable(str(value))
    if not text:
        return text
    # Full-width and small forms (＝, ＋, －, ＠, ﹦...) fold onto the ASCII ones.
    first = unicodedata.normalize("NFKC", text[0])[:1]
    rest = unicodedata.normalize("NFKC", text[1:])
    if first in ALWAYS_EVALUATED or (first in SIGNS and FORMULA_PARTS.search(rest)):
        return f"'{text}"
    return text


def _cell(value: shape.Value, row: dict, url_prefix: str, public_prefix: str):
    stored = row[value.path]
    if value.shown == "url":
        return f"{url_prefix}{stored}/"
    if value.shown == "public_url":
        return f"{public_prefix}{stored}/"
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


def csv_lines(rows, url_prefix: str, *, excel: bool = False):
    writer = csv.writer(_Lines())
    public_prefix = listing.public_prefix()
    yield (BYTE_ORDER_MARK if excel else "") + writer.writerow(HEADER)
    for row in rows:
        cells = [_cell(value, row, url_prefix, public_prefix) for value in VALUES]
        yield writer.writerow([neutralise(cell) for cell in cells])
