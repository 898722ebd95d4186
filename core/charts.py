"""Chart data for server-rendered charts: every bar carries its value as text, so the
charts read the same without JavaScript, in a screen reader or in print."""

from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    percent: float  # of the largest bar, for drawing
    short_label: str = ""  # for narrow columns; the label is read out in full

    @property
    def rest(self) -> float:
        """The part of the largest bar this one leaves empty (where a column starts)."""
        return round(100 - self.percent, 1)


def bars(counts: dict, labels: list[tuple[str, str]], *, keep_empty=False) -> list[Bar]:
    """One bar per (key, label) with something counted, in that order; categories with
    nothing are left out (unless ``keep_empty``: a time line keeps its gaps)."""
    largest = max((counts.get(key, 0) for key, _ in labels), default=0)
    return [
        Bar(key, label, counts.get(key, 0), _percent(counts.get(key, 0), largest))
        for key, label in labels
        if keep_empty or counts.get(key, 0)
    ]


def last_months(today: date, months: int) -> list[date]:
    """The first days of the last ``months`` months, oldest first, this month included."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def monthly_bars(counts: dict[date, int], months: list[date]) -> list[Bar]:
    """One bar per month from the first month with claims to the last (a month in
    between with nothing gets an empty bar; none at all gives no bars)."""
    counted = [month for month in months if counts.get(month)]
    months = [m for m in months if counted and counted[0] <= m <= counted[-1]]
    full = bars(
        {month.isoformat(): n for month, n in counts.items()},
        [(month.isoformat(), month.strftime("%B %Y")) for month in months],
        keep_empty=True,
    )
    return [
        replace(bar, short_label=month.strftime("%b \u2019%y"))
        for bar, month in zip(full, months, strict=True)
    ]


def _percent(value: int, largest: int) -> float:
    return round(100 * value / largest, 1) if largest else 0.0
