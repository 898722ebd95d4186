"""The periods a report covers: calendar months and quarters in UTC (the project's
TIME_ZONE), or any run of days; each compared with the period of the same length just
before it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    """The days from ``start`` up to, not including, ``end``."""

    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def previous(self) -> "Period":
        """The period of the same kind just before: the month, quarter or run of days."""
        if self.start.day == 1 and self.end == _add_months(self.start, 1):
            return month(_add_months(self.start, -1))
        if (
            self.start.day == 1
            and self.end == _add_months(self.start, 3)
            and self.start.month % 3 == 1
        ):
            return quarter(_add_months(self.start, -3))
        start = self.start - timedelta(days=self.days)
        return days(start, self.start)


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month(any_day: date) -> Period:
    start = any_day.replace(day=1)
    return Period(start, _add_months(start, 1), start.strftime("%B %Y"))


def quarter(any_day: date) -> Period:
    start = date(any_day.year, (any_day.month - 1) // 3 * 3 + 1, 1)
    return Period(start, _add_months(start, 3), f"Q{(start.month + 2) // 3} {start.year}")


def days(start: date, end: date) -> Period:
    """``start`` up to ``end`` (not included)."""
    last = end - timedelta(days=1)
    return Period(start, end, f"{start:%-d %B %Y} to {last:%-d %B %Y}")


CHOICES = [
    ("this_month", _("This month")),
    ("last_month", _("Last month")),
    ("this_quarter", _("This quarter")),
    ("last_quarter", _("Last quarter")),
    ("custom", _("Custom dates")),
]


def named(name: str, *, today: date) -> Period:
    """One of CHOICES except custom, as it falls on ``today``."""
    if name == "this_month":
        return month(today)
    if name == "last_month":
        return month(_add_months(today.replace(day=1), -1))
    if name == "this_quarter":
        return quarter(today)
    if name == "last_quarter":
        return quarter(_add_months(quarter(today).start, -3))
    raise ValueError(name)
