"""The desk's statistics for a period, and optionally one event, each beside the same
figure for the period before. Counts come from ``DeskCount`` (reports/counting.py), the
durations from indexes (claims by first publication, corrections by publication, tips by
the claim they became): a fixed number of queries, whatever the number of claims.

Every figure is defined once here; the page, the CSV files, the printable page, the
``desk_report`` command and the public transparency page all read ``Report``.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.contrib.auth import get_user_model
from django.db import connection

from claims import languages
from claims.assessment import EvidenceStatus
from claims.models import Claimant, Event
from claims.ratings import SCALE
from intake.models import Tip
from reports.counting import ALL_EVENTS
from reports.periods import Period

TOP_CLAIMANTS = 10
NO_RATING = ""

# The counts each report reads (reports/counting.py says what each one counts).
DIMENSIONS = [
    *["created", "published", "retracted", "verdicts", "corrections"],
    *["rating", "evidence", "claimant", "language", "tips"],
]
DESK_WIDE = {"tips"}  # counted for the whole desk, whatever event is chosen
PEOPLE_DIMENSIONS = {
    "researched": "Claims researched (sent to review)",
    "drafted": "Verdicts drafted",
    "reviewed": "Reviews (claims taken out of review)",
    "published_by": "Verdicts published",
}


@dataclass(frozen=True)
class Row:
    """One line of a table: a key, its label, the figure now and in the period before."""

    key: str
    label: str
    current: float | int | None
    previous: float | int | None
    unit: str = ""  # "" (a count), "hours", "percent"

    @property
    def shown(self) -> str:
        return shown(self.current, self.unit)

    @property
    def previous_shown(self) -> str:
        return shown(self.previous, self.unit)


def shown(value, unit: str) -> str:
    """A figure as the pages show it: durations in hours, or days past two days."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "hours":
        return f"{value / 24:.1f} days" if value >= 48 else f"{value:.1f} hours"
    return f"{value:,}"


@dataclass
class Table:
    name: str  # the CSV file's name
    title: str
    key_heading: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    previous: Period
    event: Event | None
    summary: Table
    by_rating: Table
    by_evidence_status: Table
    by_claimant: Table
    by_language: Table
    people: Table | None  # for editors only

    @property
    def tables(self) -> list[Table]:
        found = [
            self.summary,
            self.by_rating,
            self.by_evidence_status,
            self.by_claimant,
            self.by_language,
        ]
        return found + ([self.people] if self.people is not None else [])

    def figure(self, key: str) -> Row:
        return next(row for row in self.summary.rows if row.key == key)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def counts(period: Period, previous: Period, *, event: Event | None, dimensions) -> dict:
    """{dimension: {key: (count in period, count in previous)}} in one query. Tips belong
    to no event: with an event chosen, they are still the desk's as a whole."""
    sql = """
        SELECT dimension, key,
               sum(count) FILTER (WHERE day >= %(start)s),
               sum(count) FILTER (WHERE day < %(start)s)
        FROM reports_deskcount
        WHERE day >= %(from)s AND day < %(end)s
          AND (dimension = ANY(%(dimensions)s) AND event_id = %(event)s
               OR dimension = ANY(%(desk_wide)s) AND event_id = %(all)s)
        GROUP BY dimension, key
    """
    params = {
        "start": period.start,
        "from": previous.start,
        "end": period.end,
        "dimensions": [d for d in dimensions if d not in DESK_WIDE],
        "desk_wide": [d for d in dimensions if d in DESK_WIDE],
        "event": event.pk if event else ALL_EVENTS,
        "all": ALL_EVENTS,
    }
    found: dict[str, dict[str, tuple[int, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for dimension, key, now, before in cursor.fetchall():
            found.setdefault(dimension, {})[key] = (int(now or 0), int(before or 0))
    return found


def durations(period: Period, previous: Period, *, event: Event | None) -> dict:
    """{name: (value in period, value in previous)} in hours: the median and 90th
    percentile from a claim's creation to its first publication and from a tip's receipt
    to the publication of the claim it became, and the median from a verdict's
    publication to the correction that replaced it (None where nothing happened)."""
    bounds = {
        "start": _moment(period.start),
        "from": _moment(previous.start),
        "end": _moment(period.end),
        "event": event.pk if event else None,
    }
    hours = "extract(epoch FROM {0}) / 3600"
    pair = (
        "{agg} WITHIN GROUP (ORDER BY {value}) FILTER (WHERE {at} >= %(start)s), "
        "{agg} WITHIN GROUP (ORDER BY {value}) FILTER (WHERE {at} < %(start)s)"
    )

    def both(agg, value, at):
        return pair.format(agg=agg, value=value, at=at)

    to_publish = hours.format("c.published_at - c.created_at")
    tip_to_publish = hours.format("c.published_at - t.received_at")
    to_correct = hours.format("v.published_at - o.published_at")
    in_window = "{0} >= %(from)s AND {0} < %(end)s"
    event_filter = "(%(event)s::bigint IS NULL OR c.event_id = %(event)s::bigint)"
    statements = [
        f"""
        SELECT {both("percentile_cont(0.5)", to_publish, "c.published_at")},
               {both("percentile_cont(0.9)", to_publish, "c.published_at")}
        FROM claims_claim c
        WHERE c.published_at IS NOT NULL AND {in_window.format("c.published_at")}
          AND {event_filter}""",
        f"""
        SELECT {both("percentile_cont(0.5)", tip_to_publish, "c.published_at")},
               {both("percentile_cont(0.9)", tip_to_publish, "c.published_at")}
        FROM intake_tip t JOIN claims_claim c ON c.id = t.claim_id
        WHERE t.status = 'claimed' AND c.published_at IS NOT NULL
          AND {in_window.format("c.published_at")} AND {event_filter}""",
        f"""
        SELECT {both("percentile_cont(0.5)", to_correct, "v.published_at")}
        FROM claims_verdict v
        JOIN claims_verdict o ON o.id = v.corrects_id
        JOIN claims_claim c ON c.id = v.claim_id
        WHERE v.corrects_id IS NOT NULL AND v.status = 'published'
          AND {in_window.format("v.published_at")} AND {event_filter}""",
    ]
    names = [
        ["publish_median", "publish_p90"],
        ["tip_median", "tip_p90"],
        ["correction_median"],
    ]
    found = {}
    with connection.cursor() as cursor:
        for statement, keys in zip(statements, names, strict=True):
            cursor.execute(statement, bounds)
            values = cursor.fetchone()
            for index, key in enumerate(keys):
                found[key] = tuple(_rounded(v) for v in values[index * 2 : index * 2 + 2])
    return found


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def build(period: Period, *, event: Event | None = None, with_people: bool = False) -> Report:
    """The report for ``period`` (and ``event``), beside the period before it."""
    previous = period.previous()
    dimensions = DIMENSIONS + (list(PEOPLE_DIMENSIONS) if with_people else [])
    found = counts(period, previous, event=event, dimensions=dimensions)
    timed = durations(period, previous, event=event)

    def total(dimension: str) -> tuple[int, int]:
        pairs = found.get(dimension, {}).values()
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    def count_row(key: str, label: str, pair: tuple) -> Row:
        return Row(key, label, pair[0], pair[1])

    tips = found.get("tips", {})
    tips_total = total("tips")
    verdicts, corrections = total("verdicts"), total("corrections")
    summary = Table("summary", "Summary", "Figure")
    summary.rows = [
        count_row("claims_created", "Claims created", total("created")),
        count_row("claims_published", "Claims published (first publication)", total("published")),
        count_row("claims_retracted", "Claims retracted", total("retracted")),
        Row(
            "publish_median",
            "Median time from claim created to first publication",
            *timed["publish_median"],
            unit="hours",
        ),
        Row(
            "publish_p90",
            "90th percentile time from claim created to first publication",
            *timed["publish_p90"],
            unit="hours",
        ),
        Row(
            "tip_median",
            "Median time from tip received to claim published",
            *timed["tip_median"],
            unit="hours",
        ),
        Row(
            "tip_p90",
            "90th percentile time from tip received to claim published",
            *timed["tip_p90"],
            unit="hours",
        ),
        count_row(
            "verdicts_published", "Verdicts published (first verdicts and corrections)", verdicts
        ),
        count_row("corrections", "Corrections published", corrections),
        Row(
            "correction_share",
            "Corrections as a share of verdicts published",
            _share(corrections[0], verdicts[0]),
            _share(corrections[1], verdicts[1]),
            unit="percent",
        ),
        Row(
            "correction_median",
            "Median time from publication to correction",
            *timed["correction_median"],
            unit="hours",
        ),
        count_row("tips_received", "Tips received", tips_total),
    ]
    for status in (Tip.Status.CLAIMED, Tip.Status.DUPLICATE, Tip.Status.DECLINED, Tip.Status.NEW):
        label = {
            Tip.Status.CLAIMED: "Tips turned into claims",
            Tip.Status.DUPLICATE: "Tips about a claim already recorded",
            Tip.Status.DECLINED: "Tips declined",
            Tip.Status.NEW: "Tips still open",
        }[status]
        summary.rows.append(count_row(f"tips_{status}", label, tips.get(status, (0, 0))))

    by_rating = Table("by_rating", "Claims published, by rating", "Rating")
    ratings = found.get("rating", {})
    labels = [(key, info.label) for key, info in SCALE.items()] + [(NO_RATING, "No verdict")]
    by_rating.rows = [
        count_row(key, label, ratings[key]) for key, label in labels if key in ratings
    ]
    by_evidence = Table(
        "by_evidence_status", "Claims published, by evidence status", "Evidence status"
    )
    statuses = found.get("evidence", {})
    by_evidence.rows = [
        count_row(key, label, statuses[key])
        for key, label in EvidenceStatus.choices
        if key in statuses
    ]
    by_claimant = Table(
        "by_claimant", f"Claims published, top {TOP_CLAIMANTS} claimants", "Claimant"
    )
    claimants = found.get("claimant", {})
    top = sorted(
        (key for key, pair in claimants.items() if pair[0]),
        key=lambda key: (-claimants[key][0], int(key)),
    )[:TOP_CLAIMANTS]
    names = dict(Claimant.objects.filter(pk__in=top).values_list("pk", "name"))
    by_claimant.rows = [count_row(key, names.get(int(key), key), claimants[key]) for key in top]

    by_language = Table("by_language", "Claims published, by language", "Language")
    spoken = found.get("language", {})
    by_language.rows = [
        count_row(code, languages.name(code), spoken[code])
        for code in sorted(spoken, key=lambda code: (-spoken[code][0], -spoken[code][1], code))
    ]

    people = None
    if with_people:
        people = _people(found)
    return Report(
        period, previous, event, summary, by_rating, by_evidence, by_claimant, by_language, people
    )


def _people(found: dict) -> Table:
    """One row per person and figure, by name (editors' planning, never public)."""
    table = Table("people", "Per person, for the desk's own planning (editors only)", "Person")
    ids = {int(key) for d in PEOPLE_DIMENSIONS for key in found.get(d, {})}
    users = get_user_model().objects.filter(pk__in=ids)
    names = {user.pk: user.get_full_name() or user.get_username() for user in users}
    for pk in sorted(ids, key=lambda pk: names.get(pk, "").lower()):
        for dimension, label in PEOPLE_DIMENSIONS.items():
            pair = found.get(dimension, {}).get(str(pk), (0, 0))
            table.rows.append(
                Row(f"{pk}:{dimension}", f"{names.get(pk, pk)}: {label.lower()}", *pair)
            )
    return table
