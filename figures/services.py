"""Every change of quantities and figures goes through here (the admin, the API, the seed
loader). Keyword-only arguments, one transaction (``core.records.service``), the row
locked and its version compared when the caller read one, ``by`` the acting user.

Saving a figure applies the revision rule (figures/rules.py) to its reporter's figures
for the quantity, writing each standing that changes through the same write core, so the
change is versioned and audited; figures newly marked revised are announced with
``figures.signals.figure_revised``. A change of the claims a figure belongs to is told to
the claims' listeners (``claims.signals.happened``) like any other change of a claim.
"""

from django.utils.translation import gettext

from claims.signals import Happened, happened
from core.records import Refused, lock, service, write
from figures import rules
from figures.models import Figure, Quantity, Standing
from figures.signals import figure_revised


@service
def save_quantity(
    *, instance: Quantity | None = None, by, expected_version=None, **values
) -> Quantity:
    """Create a quantity or change the given fields of one."""
    quantity = instance or Quantity()
    write(quantity, values=values, expected_version=expected_version)
    return quantity


def figure_problems(values: dict) -> dict:
    """What stops these figure values being saved, by field ({} when nothing does)."""
    problems = {}
    value, low, high = values.get("value"), values.get("low"), values.get("high")
    if value is None and (low is None or high is None):
        problems["value"] = gettext("Give a value, or both ends of a range (low and high).")
    elif value is not None and (low is not None or high is not None):
        problems["value"] = gettext("Give a value or a range, not both.")
    elif low is not None and high < low:
        problems["high"] = gettext("The high end of the range is below the low end.")
    source = values.get("source")
    unnamed = not values.get("reported_by") and not values.get("reporting_outlet")
    if unnamed and (source is None or source.outlet_id is None):
        problems["reported_by"] = gettext(
            "Say who reported the figure: a claimant, or an outlet (or a source with one)."
        )
    if values.get("standing") == Standing.REVISED:
        problems["standing"] = gettext(
            "A figure is marked revised by a later one from the same reporter, not by hand."
        )
    return problems


FIGURE_FIELDS = (
    "quantity",
    "value",
    "low",
    "high",
    "approximate",
    "as_of",
    "as_of_precision",
    "reported_on",
    "reported_by",
    "reporting_outlet",
    "source",
    "note",
    "standing",
)


@service
def save_figure(
    *, instance: Figure | None = None, by, expected_version=None, claims=None, **values
) -> Figure:
    """Create a figure (``instance`` None) or change the given fields of one; ``claims``,
    when given, is the whole set of claims asserting it. Applies the revision rule."""
    figure = instance or Figure()
    whole = {name: values.get(name, getattr(figure, name, None)) for name in FIGURE_FIELDS}
    if "standing" in values and values["standing"] == figure.standing:
        whole.pop("standing")
    problems = figure_problems(whole)
    if problems:
        field, message = next(iter(problems.items()))
        raise Refused(message, field=field)
    if not whole["reported_by"] and not whole["reporting_outlet"]:
        values["reporting_outlet"] = whole["source"].outlet
    before = set(figure.claims.values_list("pk", flat=True)) if figure.pk else set()
    links = {"claims": list(claims)} if claims is not None else {}
    changed = write(figure, values=values, links=links, expected_version=expected_version)
    if (
        changed & {"quantity", "reported_by", "reporting_outlet", "as_of", "reported_on"}
        or "standing" in changed
    ):
        _apply_revisions(figure, by=by)
    if changed:
        after = set(figure.claims.values_list("pk", flat=True))
        happened(before | after, Happened.UPDATED)
    return figure


def _chain(figure: Figure) -> list[Figure]:
    reporter = (
        {"reported_by_id": figure.reported_by_id}
        if figure.reported_by_id
        else {"reported_by__isnull": True, "reporting_outlet_id": figure.reporting_outlet_id}
    )
    return list(
        Figure.objects.filter(quantity_id=figure.quantity_id, **reporter)
        .select_for_update()
        .order_by("as_of", "id")
    )


def _apply_revisions(figure: Figure, *, by) -> None:
    """Set the standing of every figure of ``figure``'s reporter for its quantity as the
    revision rule says; announce the ones newly revised."""
    newly_revised, restood = [], []
    for revision in rules.revisions(_chain(figure)):
        row = revision.figure
        if row.standing != Standing.REVISED and revision.standing == Standing.REVISED:
            newly_revised.append(row.pk)
        changed = write(
            row,
            values={
                "standing": revision.standing,
                "revised_by": revision.revised_by,
                "revised_on": revision.revised_on,
            },
        )
        if changed:
            restood.append(row.pk)
        if row.pk == figure.pk:
            figure.refresh_from_db()
    if restood:
        # The claims asserting them now read differently (later revised, or not).
        claim_ids = Figure.claims.through.objects.filter(figure_id__in=restood)
        happened(claim_ids.values_list("claim_id", flat=True), Happened.UPDATED)
    if newly_revised:
        figure_revised.send(sender=Figure, figure_ids=newly_revised)


@service
def delete_figure(*, instance: Figure, by) -> None:
    """Delete a figure; its reporter's other figures for the quantity are re-ranked."""
    lock(instance)
    claim_ids = set(instance.claims.values_list("pk", flat=True))
    survivor = (
        Figure.objects.filter(quantity_id=instance.quantity_id)
        .exclude(pk=instance.pk)
        .filter(reported_by_id=instance.reported_by_id)
        .filter(reporting_outlet_id=instance.reporting_outlet_id)
        .first()
    )
    instance.delete()
    if survivor is not None:
        _apply_revisions(survivor, by=by)
    happened(claim_ids, Happened.UPDATED)
