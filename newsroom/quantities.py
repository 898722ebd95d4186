"""A quantity's page: every reported value over time, charted and tabled, with who
reported it, in which source, as of when, and whether it was revised."""

from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, render

from core.charts import figure_chart
from figures.models import Quantity
from figures.reading import quantity_figures
from figures.rules import OUT_OF_LINE_RULE, REVISION_RULE


def quantity_detail(request, slug):
    user = request.user
    quantity = get_object_or_404(
        Quantity.objects.visible_to(user).select_related("event"), slug=slug
    )
    highlight_claim = request.GET.get("claim")
    if highlight_claim is not None and not highlight_claim.isdigit():
        raise BadRequest("claim: give a claim's number.")
    figures = quantity_figures(quantity, user)
    with_claims = {figure.pk: [claim.pk for claim in figure.visible_claims] for figure in figures}
    highlight = {
        figure_id
        for figure_id, claim_ids in with_claims.items()
        if highlight_claim and int(highlight_claim) in claim_ids
    }
    rows = [
        {
            "figure": figure,
            "claims": with_claims.get(figure.pk, []),
            "source_shown": figure.source_shown,
            "highlighted": figure.pk in highlight,
        }
        for figure in figures
    ]
    context = {
        "quantity": quantity,
        "chart": figure_chart(figures, highlight=highlight),
        "highlight": bool(highlight),
        "rows": rows,
        "rules": [REVISION_RULE, OUT_OF_LINE_RULE],
    }
    return render(request, "newsroom/quantity_detail.html", context)
