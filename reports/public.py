"""What the desk publishes about itself (the transparency page, newsroom/): checks per
month, ratings, corrections with their links, the median time to a correction. Never a
figure per person, and nothing about unpublished work."""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from claims.models import Verdict
from core import charts
from reports import periods, statistics
from reports.counting import ALL_EVENTS
from reports.periods import Period

MONTHS = 12


@dataclass
class Transparency:
    period: Period
    checks_by_month: dict[date, int]
    report: statistics.Report  # its published-claim figures only are shown
    corrections: list[Verdict]


def last_months(today: date, months: int = MONTHS) -> Period:
    """The ``months`` calendar months up to and including this one."""
    first, this = charts.last_months(today, months)[0], periods.month(today)
    return Period(first, this.end, f"{first:%B %Y} to {this.start:%B %Y}")


def checks_by_month(period: Period) -> dict[date, int]:
    """{first day of a month: claims first published in it} (one query on the counts)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT date_trunc('month', day)::date, sum(count) FROM reports_deskcount
            WHERE dimension = 'published' AND event_id = %s AND day >= %s AND day < %s
            GROUP BY 1
            """,
            [ALL_EVENTS, period.start, period.end],
        )
        return {month: int(n) for month, n in cursor.fetchall() if n}


def transparency(*, today: date) -> Transparency:
    period = last_months(today)
    corrections = (
        Verdict.objects.public_corrections()
        .filter(published_at__date__gte=period.start, published_at__date__lt=period.end)
        .select_related("claim", "corrects")
    )
    return Transparency(
        period=period,
        checks_by_month=checks_by_month(period),
        report=statistics.build(period),
        corrections=list(corrections),
    )
