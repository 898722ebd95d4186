"""Chart data for server-rendered charts: every bar carries its value as text, so the
charts read the same without JavaScript, in a screen reader or in print."""

from dataclasses import dataclass, replace
from datetime import date

from django.utils import formats
from django.utils.translation import gettext


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
        [(month.isoformat(), formats.date_format(month, "YEAR_MONTH_FORMAT")) for month in months],
        keep_empty=True,
    )
    return [
        replace(bar, short_label=formats.date_format(month, "M \u2019y"))
        for bar, month in zip(full, months, strict=True)
    ]


def _percent(value: int, largest: int) -> float:
    return round(100 * value / largest, 1) if largest else 0.0


# The figures' chart (a quantity's page): reported values over time, drawn in a viewBox of
# FIGURE_WIDTH x FIGURE_HEIGHT with a margin for the axes' labels.
FIGURE_WIDTH, FIGURE_HEIGHT, FIGURE_MARGIN = 600, 240, 40
REPORTER_STYLES = 6  # reporters beyond this share the styles in turn


@dataclass(frozen=True)
class FigurePoint:
    figure_id: int
    x: float
    y: float
    y_low: float | None  # a range is drawn as a bar from y_low to y_high
    y_high: float | None
    reporter: int  # the reporter's style number
    label: str  # what a screen reader hears
    revised: bool
    highlighted: bool

    @property
    def range_x(self) -> float:
        return round(self.x - 3, 1)

    @property
    def range_height(self) -> float:
        return round(self.y_low - self.y_high, 1) if self.y_low is not None else 0.0

    @property
    def radius(self) -> int:
        return 8 if self.highlighted else 5


@dataclass(frozen=True)
class FigureChart:
    points: list[FigurePoint]
    reporters: list[tuple[int, str]]  # (style number, name), for the legend
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    width: int = FIGURE_WIDTH
    height: int = FIGURE_HEIGHT
    margin: int = FIGURE_MARGIN

    @property
    def baseline(self) -> int:
        return self.height - self.margin

    @property
    def right(self) -> int:
        return self.width - self.margin

    @property
    def tick_x(self) -> int:
        return self.margin - 4

    @property
    def label_y(self) -> int:
        return self.baseline + 16


def figure_chart(figures, *, highlight: set[int] = frozenset()) -> FigureChart | None:
    """Every figure of a quantity as a point (a range as a bar) at its as-of date and
    value, by reporter; None when there is nothing to draw."""
    if not figures:
        return None
    days = [f.as_of.toordinal() for f in figures]
    first, last = min(days), max(days)
    span = max(last - first, 1)
    top = max(float(f.high if f.value is None else f.value) for f in figures) or 1.0
    top = _round_up(top)
    plot_w = FIGURE_WIDTH - 2 * FIGURE_MARGIN
    plot_h = FIGURE_HEIGHT - 2 * FIGURE_MARGIN

    def x_of(day: int) -> float:
        if last == first:
            return round(FIGURE_MARGIN + plot_w / 2, 1)
        return round(FIGURE_MARGIN + plot_w * (day - first) / span, 1)

    def y_of(value) -> float:
        return round(FIGURE_HEIGHT - FIGURE_MARGIN - plot_h * float(value) / top, 1)

    styles: dict[tuple, int] = {}
    names: dict[int, str] = {}
    points = []
    for figure in figures:
        style = styles.setdefault(figure.reporter_key, len(styles) % REPORTER_STYLES)
        names.setdefault(style, figure.reporter_name)
        ranged = figure.value is None
        points.append(
            FigurePoint(
                figure_id=figure.pk,
                x=x_of(figure.as_of.toordinal()),
                y=y_of(figure.point),
                y_low=y_of(figure.low) if ranged else None,
                y_high=y_of(figure.high) if ranged else None,
                reporter=style,
                label=(
                    gettext("%(value)s, as of %(day)s, reported by %(reporter)s (revised)")
                    if figure.standing == "revised"
                    else gettext("%(value)s, as of %(day)s, reported by %(reporter)s")
                )
                % {
                    "value": figure.display_value,
                    "day": figure.as_of_display,
                    "reporter": figure.reporter_name,
                },
                revised=figure.standing == "revised",
                highlighted=figure.pk in highlight,
            )
        )
    y_ticks = [
        (y_of(top * share), formats.number_format(round(top * share), force_grouping=True))
        for share in (0, 0.5, 1)
    ]
    x_ticks = [(x_of(first), _day(first))]
    if last != first:
        x_ticks.append((x_of(last), _day(last)))
    return FigureChart(
        points=points, reporters=sorted(names.items()), y_ticks=y_ticks, x_ticks=x_ticks
    )


def _day(ordinal: int) -> str:
    return formats.date_format(date.fromordinal(ordinal))


def _round_up(value: float) -> float:
    """A round number at or above ``value`` for the top of the scale."""
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude
