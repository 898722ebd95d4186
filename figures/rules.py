"""The rules about figures, in one place; the Methodology page states them from here.

Pure functions over figures already loaded: no queries inside.

- Revision: among the figures one reporter gave for one quantity (leaving out withdrawn
  ones), the latest (by the date it counts up to, then the date it was reported, then
  the order it was entered) stands; each earlier one is revised by the one after it.
- Out of line: a figure is out of line when it lies more than ``OUT_OF_LINE_SHARE`` from
  the median of the independent current figures of its quantity (the latest current
  figure of every other reporter), once there are at least ``MIN_INDEPENDENT`` of them.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

OUT_OF_LINE_SHARE = Decimal("0.25")
MIN_INDEPENDENT = 1

REVISION_RULE = _(
    "A later figure from the same reporter for the same quantity replaces the earlier one: "
    "the earlier figure is marked revised, with the figure that replaced it. “Later” means "
    "counted up to a later date (then reported later, then entered later). Withdrawn "
    "figures take no part."
)
OUT_OF_LINE_RULE = format_lazy(
    _(
        "A figure is out of line when it lies more than {share} away from the median of the "
        "independent current figures for the same quantity: the latest current figure of "
        "each other reporter (for a range, its middle). With no other reporter, nothing is "
        "out of line."
    ),
    share=f"{OUT_OF_LINE_SHARE:.0%}",
)


def _order(figure):
    return (figure.as_of, figure.reported_on or datetime.date.min, figure.pk or 0)


@dataclass(frozen=True)
class Revision:
    figure: object
    standing: str
    revised_by: object | None
    revised_on: datetime.date | None


def revisions(chain) -> list[Revision]:
    """The standing each figure of one reporter's chain for one quantity should have:
    the latest current (a disputed one stays disputed), the others revised by the next.
    Withdrawn figures are left out of the chain and out of the answer."""
    ordered = sorted((f for f in chain if f.standing != "withdrawn"), key=_order)
    wanted = []
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        wanted.append(Revision(earlier, "revised", later, later.reported_on or later.as_of))
    if ordered:
        last = ordered[-1]
        standing = "disputed" if last.standing == "disputed" else "current"
        wanted.append(Revision(last, standing, None, None))
    return wanted


def latest_by_reporter(figures) -> dict:
    """The latest current figure of each reporter, {reporter key: figure}."""
    latest = {}
    for figure in sorted(figures, key=_order):
        if figure.standing == "current":
            latest[figure.reporter_key] = figure
    return latest


def independent_median(figure, figures) -> Decimal | None:
    """The median of the latest current figures of the other reporters of the same
    quantity, or None when there are fewer than MIN_INDEPENDENT of them."""
    others = [
        other.point
        for key, other in latest_by_reporter(
            f for f in figures if f.quantity_id == figure.quantity_id
        ).items()
        if key != figure.reporter_key
    ]
    if len(others) < MIN_INDEPENDENT:
        return None
    return Decimal(statistics.median(others))


def is_out_of_line(figure, figures) -> bool:
    median = independent_median(figure, figures)
    if median is None:
        return False
    if median == 0:
        return figure.point != 0
    return abs(figure.point - median) / abs(median) > OUT_OF_LINE_SHARE
