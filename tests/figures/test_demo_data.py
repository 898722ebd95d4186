from collections import defaultdict

import pytest
from django.core.management import call_command

from figures.models import Figure, Quantity
from figures.rules import revisions

pytestmark = pytest.mark.django_db


def test_demo_data_adds_a_figure_per_five_claims_revised_as_the_rule_says(capsys):
    call_command("generate_demo_data", claims=200, sources=30)
    assert "Generated 40 demo figures." in capsys.readouterr().out
    assert Figure.objects.count() == 40
    assert Quantity.objects.exists()
    assert Figure.claims.through.objects.count() == 40
    chains = defaultdict(list)
    for figure in Figure.objects.select_related("revised_by"):
        chains[figure.quantity_id, figure.reported_by_id].append(figure)
    for chain in chains.values():
        for wanted in revisions(chain):
            assert (wanted.figure.standing, wanted.figure.revised_by) == (
                wanted.standing,
                wanted.revised_by,
            )


def test_demo_figures_are_made_once(capsys):
    call_command("generate_demo_data", claims=50, sources=30)
    call_command("generate_demo_figures")
    assert Figure.objects.count() == 10
