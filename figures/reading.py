"""What readers see of figures, loaded in a fixed number of queries: a quantity's figures
in date order, and a claim's figures with the latest current value of every reporter and
whether the claim's figure was later revised or is out of line (figures/rules.py). The
claim page, the quantity page and the API read from here.

The pages load only the columns they show (``_as_shown``): a quantity has dozens of
figures, each with its reporter, source and outlet, and at a million claims the pages
would spend more time turning unused columns into Python than the database spends
finding them. A figure's ``revised_by`` is taken from the figures loaded with it, so a
reader is told the value that replaced a figure only when the reader may see it."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch

from claims.models import Claim
from figures import rules
from figures.models import Figure, Quantity
from sources.models import Source

# What the pages show of a figure, its reporter, its source and the source's outlet.
SHOWN_FIELDS = (
    "quantity_id",
    "value",
    "low",
    "high",
    "approximate",
    "as_of",
    "as_of_precision",
    "reported_on",
    "reported_by__name",
    "reported_by__slug",
    "reporting_outlet__name",
    "source__title",
    "source__outlet__name",
    "note",
    "standing",
    "revised_by_id",
)


def visible_figures(user):
    return Figure.objects.visible_to(user).with_reporter()


def with_visible_claims(figures, user):
    """Each figure's claims, as far as ``user`` may see them (ids only), as the list
    ``visible_claims`` (a list rather than the ``claims`` manager: Django makes a filtered
    queryset for each figure's manager, which cost more than the query)."""
    return figures.prefetch_related(
        Prefetch(
            "claims",
            queryset=Claim.objects.visible_to(user).only("pk").order_by("pk"),
            to_attr="visible_claims",
        )
    )


def _as_shown(figures, *also):
    """The figures with the columns the pages show (and ``also``), each figure's
    ``revised_by`` set from the list itself (None when the figure that replaced it is not
    among them)."""
    figures = list(
        figures.select_related("reported_by", "reporting_outlet", "source__outlet").only(
            *SHOWN_FIELDS, *also
        )
    )
    by_id = {figure.pk: figure for figure in figures}
    for figure in figures:
        figure.revised_by = by_id.get(figure.revised_by_id)
    return figures


def quantity_figures(quantity: Quantity, user) -> list[Figure]:
    """The quantity's figures that ``user`` may see, by date, with the claims asserting
    them (as far as ``user`` may see those) and whether ``user`` may open their source
    (``source_shown``)."""
    shown = Source.objects.visible_to(user).filter(pk=OuterRef("source_id"))
    figures = _as_shown(
        with_visible_claims(Figure.objects.visible_to(user), user)
        .filter(quantity=quantity)
        .annotate(source_shown=Exists(shown))
        .order_by("as_of", "reported_on", "id")
    )
    for figure in figures:
        figure.quantity = quantity
    return figures


@dataclass
class AssertedFigure:
    """A figure a claim asserts, read against the other figures of its quantity."""

    figure: Figure
    latest: list[Figure]  # the latest current figure of every reporter
    median: Decimal | None  # of the independent ones
    out_of_line: bool

    @property
    def revised(self) -> bool:
        return self.figure.standing == Figure.Standing.REVISED


def asserted_figures() -> dict:
    """Annotations for a query of claims: the ids of the figures each claim asserts and
    of their quantities, in the same order (``claim_figures`` takes them as ``asserted``
    instead of reading them)."""
    through = Figure.claims.through.objects.filter(claim_id=OuterRef("pk")).order_by("figure_id")
    return {
        "asserted_figure_ids": ArraySubquery(through.values("figure_id")),
        "asserted_quantity_ids": ArraySubquery(through.values("figure__quantity_id")),
    }


def claim_figures(
    claim_id: int, user, *, records: bool = False, asserted: dict | None = None
) -> list[AssertedFigure]:
    """The figures the claim asserts, each with what the other reporters of its quantity
    say now, as far as ``user`` may see them: one query for the claim's figures (none when
    the caller gives them, ``asserted``: {figure id: quantity id}), and when it has some,
    one for every figure of their quantities with what the pages show of them, or with
    ``records`` whole and with the claims asserting them (one query more, for the API).
    The caller has shown the claim to ``user``, who may then see the figures it asserts
    (``FigureQuerySet.public``)."""
    if asserted is None:
        asserted = dict(
            Figure.claims.through.objects.filter(claim_id=claim_id).values_list(
                "figure_id", "figure__quantity_id"
            )
        )
    if not asserted:
        return []
    figures = (
        Figure.objects.visible_to(user)
        .filter(quantity_id__in=set(asserted.values()))
        .order_by("quantity__name", "as_of", "id")
    )
    if records:
        figures = list(
            with_visible_claims(figures.with_reporter(), user).select_related(
                "source__outlet", "revised_by"
            )
        )
    else:
        figures = _as_shown(
            figures.select_related("quantity"), "quantity__name", "quantity__slug", "quantity__unit"
        )
    found = []
    for figure in figures:
        if figure.pk not in asserted:
            continue
        same = [f for f in figures if f.quantity_id == figure.quantity_id]
        latest = sorted(
            rules.latest_by_reporter(same).values(), key=lambda f: (f.reporter_name, f.pk)
        )
        found.append(
            AssertedFigure(
                figure=figure,
                latest=latest,
                median=rules.independent_median(figure, same),
                out_of_line=rules.is_out_of_line(figure, same),
            )
        )
    return found
