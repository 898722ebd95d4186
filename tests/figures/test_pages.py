"""The quantity page, the claim page's figures and the seed case, as readers and the desk
see them; the admin's figure screens."""

import datetime

import pytest
from django.core.management import call_command

from claims import services as claim_services
from claims.models import Appearance, Claim
from figures.models import Figure, Quantity
from figures.seeding import load_figures
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    FigureFactory,
    QuantityFactory,
    SourceFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db

DEATHS = "/figures/people-killed-kazakhstan-unrest-2022/"


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def test_the_seed_cases_toll_page_shows_its_values_sources_and_dates(editor_client):
    call_command("load_seeds", verbosity=0)
    page = editor_client.get(DEATHS).content.decode()
    assert "People killed in the January 2022 unrest in Kazakhstan" in page
    assert "<strong>164</strong>" in page
    assert "about 2022-01-09" in page
    assert "Kazakh authorities" in page
    assert "figure for the national death toll" in page  # the source
    almaty = editor_client.get("/figures/people-killed-almaty-unrest-2022/").content.decode()
    assert "<strong>103</strong>" in almaty and "Ministry of Health of Kazakhstan" in almaty


def test_the_seed_figures_load_once_and_name_the_claims_they_belong_to():
    call_command("load_seeds", verbosity=0)
    assert Figure.objects.count() == 5
    twenty = Figure.objects.get(ref="attackers-20000-tokayev")
    assert twenty.as_of == datetime.date(2022, 1, 7)
    assert [c.ref for c in twenty.claims.all()] == ["twenty-thousand-bandits"]
    call_command("load_seeds", verbosity=0)
    assert Figure.objects.count() == 5


def test_the_figures_file_reports_a_claim_or_reporter_it_cannot_find():
    QuantityFactory(slug="toll")
    lines = load_figures(
        {
            "quantities": [],
            "figures": [
                {
                    "ref": "one",
                    "quantity": "toll",
                    "value": 5,
                    "as_of": "2022-01-09",
                    "reported_by": ClaimantFactory().slug,
                    "claims": ["no-such-claim"],
                },
                {
                    "ref": "two",
                    "quantity": "toll",
                    "value": 6,
                    "as_of": "2022-01-09",
                    "reported_by": "nobody",
                },
            ],
        }
    )
    assert "Figure 'one': no claim 'no-such-claim'; loaded without it." in lines
    assert "Figure 'two' skipped: no reported by 'nobody'." in lines
    assert list(Figure.objects.values_list("ref", flat=True)) == ["one"]


def test_a_draft_claims_figures_are_not_on_any_public_page(client):
    toll = QuantityFactory()
    hidden = FigureFactory(quantity=toll, value=9999, claims=[ClaimFactory()])
    assert client.get(toll.get_absolute_url()).status_code == 404
    public = published_claim()
    FigureFactory(quantity=toll, value=164, claims=[public])
    page = client.get(toll.get_absolute_url()).content.decode()
    assert "<strong>164</strong>" in page
    assert "9,999" not in page and f"figure-{hidden.pk}" not in page


def test_the_quantity_page_charts_every_value_and_marks_revisions_and_the_claims_figure(client):
    ministry = ClaimantFactory(name="Ministry")
    claim = published_claim()
    toll = QuantityFactory()
    first = FigureFactory(
        quantity=toll,
        reported_by=ministry,
        value=164,
        as_of=datetime.date(2022, 1, 9),
        claims=[claim],
    )
    FigureFactory(
        quantity=toll,
        reported_by=ministry,
        value=225,
        as_of=datetime.date(2022, 1, 15),
        claims=[claim],
    )
    FigureFactory(quantity=toll, value=None, low=200, high=300, claims=[claim])
    page = client.get(f"{toll.get_absolute_url()}?claim={claim.pk}").content.decode()
    first.refresh_from_db()
    assert page.count('<g class="figure-point') == 3
    assert "figure-point reporter-0 revised highlighted" in page
    assert '<rect class="range"' in page
    assert f'replaced by <a href="#figure-{first.revised_by_id}">225</a>' in page


def test_a_bad_claim_number_on_the_quantity_page_is_a_400(client):
    toll = QuantityFactory()
    FigureFactory(quantity=toll, claims=[published_claim()])
    assert client.get(f"{toll.get_absolute_url()}?claim=abc").status_code == 400


def test_the_quantity_page_costs_the_same_queries_for_many_figures(
    client, django_assert_max_num_queries
):
    toll = QuantityFactory()
    claim = published_claim()
    for n in range(20):
        FigureFactory(quantity=toll, value=100 + n, claims=[claim])
    # the quantity; its figures with reporters, sources and whether each source may be
    # opened; the claims asserting them
    with django_assert_max_num_queries(3):
        assert client.get(toll.get_absolute_url()).status_code == 200


def test_the_claim_page_costs_a_fixed_number_of_queries_for_its_figures(
    client, django_assert_max_num_queries
):
    claim = published_claim()
    for _ in range(5):
        toll = QuantityFactory()
        FigureFactory(quantity=toll, claims=[claim])
        FigureFactory(quantity=toll)
    client.get(claim.get_absolute_url())
    with django_assert_max_num_queries(10):
        assert "Figures in this claim" in client.get(claim.get_absolute_url()).content.decode()


def test_a_claimants_retraction_is_on_the_claim_page_and_its_timeline(client):
    claim = published_claim()
    claim_services.save_appearance(
        claim=claim,
        by=None,
        source=SourceFactory(title="The ministry's correction"),
        appeared_on=datetime.date(2022, 1, 12),
        kind=Appearance.Kind.RETRACTED,
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Retracted by the claimant</strong> on <time" in page
    assert '<span class="appearance-kind kind-retracted">Retracted by the claimant</span>' in page


def test_a_quantity_with_its_figures_is_saved_in_the_admin(editor_client):
    ministry = ClaimantFactory()
    event = published_claim().event
    data = {
        "name": "People detained",
        "slug": "people-detained",
        "unit": "people",
        "event": event.pk,
        "place": "",
        "description": "",
        "figures-TOTAL_FORMS": "2",
        "figures-INITIAL_FORMS": "0",
    }
    for index, (value, day) in enumerate([("5800", "2022-01-09"), ("7900", "2022-01-11")]):
        data.update(
            {
                f"figures-{index}-value": value,
                f"figures-{index}-as_of": day,
                f"figures-{index}-as_of_precision": "day",
                f"figures-{index}-reported_by": ministry.pk,
                f"figures-{index}-standing": "current",
                f"figures-{index}-approximate": "",
            }
        )
    response = editor_client.post("/admin/figures/quantity/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quantity = Quantity.objects.get(slug="people-detained")
    standings = dict(quantity.figures.values_list("value", "standing"))
    assert standings == {5800: "revised", 7900: "current"}


def test_a_figure_without_a_reporter_is_a_form_error_in_the_admin(editor_client):
    toll = QuantityFactory()
    response = editor_client.post(
        "/admin/figures/figure/add/",
        {
            "quantity": toll.pk,
            "value": "5",
            "as_of": "2022-01-09",
            "as_of_precision": "day",
            "standing": "current",
        },
    )
    assert response.status_code == 200
    assert "Say who reported the figure" in response.content.decode()
    assert not Figure.objects.exists()


def test_the_claims_admin_page_offers_to_add_a_figure(editor_client):
    claim = ClaimFactory()
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert f"/admin/figures/figure/add/?claims={claim.pk}" in page
    form = editor_client.get(f"/admin/figures/figure/add/?claims={claim.pk}").content.decode()
    assert f'value="{claim.pk}" selected' in form


def test_the_methodology_page_states_the_figure_rules(client):
    page = client.get("/methodology/").content.decode()
    assert "more than 25% away from the median" in page


def test_claim_objects_know_their_figures_without_claims_importing_figures():
    claim = ClaimFactory()
    figure = FigureFactory(claims=[claim])
    assert list(Claim.objects.get(pk=claim.pk).figures.all()) == [figure]
