"""CSV export of the claims list, streamed row by row.

A cell that a spreadsheet would evaluate is prefixed with an apostrophe, so an exported
claim cannot run code: one starting with ``=`` or ``@`` (or their full-width forms, which
spreadsheets read alike), a tab or a carriage return, and one starting with ``+`` or ``-``
that holds anything a formula needs (another operator, a parenthesis, a reference such as
``!`` or ``|``). Ordinary text such as "-5 people" or "+7 701 555 0100" is left as it is.

``?excel=1`` starts the file with a UTF-8 byte order mark, so Excel reads its Cyrillic and
Kazakh text as UTF-8 instead of the system's code page.
"""

import csv
import re
import unicodedata

from claims.api import listing
from claims.api.listing import RATING_LABELS

HEADER = [
    "id", "url", "public_url", "summary", "text", "claimant", "claimant_slug", "event",
    "event_slug", "stated_on", "kind", "checkable", "status", "evidence_status", "supporting",
    "contradicting", "context", "independent_supporting", "independent_contradicting",
    "verdict", "verdict_label", "verdict_published_at", "assessment", "updated_at", "version",
]  # fmt: skip
ALWAYS_EVALUATED = ("=", "@", "\t", "\r")
SIGNS = ("+", "-")
# After a leading sign, what turns text into a formula a spreadsheet would run.
FORMULA_PARTS = re.compile(r"[=+\-*/^&(),;:!|@\"'%<>\[\]{}]")
BYTE_ORDER_MARK = "\ufeff"


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if not text:
        return text
    # Full-width and small forms (＝, ＋, －, ＠, ﹦...) fold onto the ASCII ones.
    first = unicodedata.normalize("NFKC", text[0])[:1]
    rest = unicodedata.normalize("NFKC", text[1:])
    if first in ALWAYS_EVALUATED or (first in SIGNS and FORMULA_PARTS.search(rest)):
        return f"'{text}"
    return text


def _cells(row: dict, url_prefix: str, public_prefix: str) -> list:
    rating = row["current_verdict__rating"]
    published = row["current_verdict__published_at"]
    return [
        row["id"], f"{url_prefix}{row['id']}/", f"{public_prefix}{row['id']}/",
        row["summary"], row["text"],
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


def csv_lines(rows, url_prefix: str, *, excel: bool = False):
    writer = csv.writer(_Lines())
    public_prefix = listing.public_prefix()
    yield (BYTE_ORDER_MARK if excel else "") + writer.writerow(HEADER)
    for row in rows:
        cells = _cells(row, url_prefix, public_prefix)
        yield writer.writerow([neutralise(cell) for cell in cells])
