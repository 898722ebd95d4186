"""What readers see of figures, loaded in a fixed number of queries: a quantity's figures
in date order, and a claim's figures with the latest current value of every reporter and
whether the claim's figure was later revised or is out of line (figures/rules.py). The
claim page, the quantity page and the API read from here."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from claims.models import Claim
from figures import rules
from figures.models import Figure, Quantity


def visible_figures(user):
    return Figure.objects.visible_to(user).with_reporter()


def with_visible_claims(figures, user):
    """Each figure's claims, as far as ``user`` may see them (ids only)."""
    return figures.prefetch_related(
        Prefetch("claims", queryset=Claim.objects.visible_to(user).only("pk").order_by("pk"))
    )


def quantity_figures(quantity: Quantity, user) -> list[Figure]:
    """The quantity's figures that ``user`` may see, by date, with the claims asserting
    them (as far as ``user`` may see those)."""
    return list(
        with_visible_claims(visible_figures(user), user)
        .filter(quantity=quantity)
        .select_related("source__outlet", "revised_by")
        .order_by("as_of", "reported_on", "id")
    )


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


def claim_figures(claim_id: int, user, *, with_claims: bool = True) -> list[AssertedFigure]:
    """The figures the claim asserts, each with what the other reporters of its quantity
    say now, as far as ``user`` may see them: one query for the claim's figures, and when
    it has some, one for every figure of their quantities (and one more for the claims
    asserting them ``with_claims``). The caller has shown the claim to ``user``, who may
    then see the figures it asserts (``FigureQuerySet.public``)."""
    asserted = dict(
        Figure.claims.through.objects.filter(claim_id=claim_id).values_list(
            "figure_id", "figure__quantity_id"
        )
    )
    if not asserted:
        return []
    figures = visible_figures(user)
    if with_claims:
        figures = with_visible_claims(figures, user)
    figures = list(
        figures.filter(quantity_id__in=set(asserted.values()))
        .select_related("source__outlet", "revised_by")
        .order_by("quantity__name", "as_of", "id")
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
