"""/api/v1/quantities/ and /api/v1/figures/: what each client sees, the filters, writes
through the service (the revision rule included), tags and cursors, and the figures in a
claim's detail."""

import datetime

import pytest

from figures.models import Figure
from tests.api.conftest import token_client
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    FigureFactory,
    OutletFactory,
    QuantityFactory,
    SourceFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db

FIGURES = "/api/v1/figures/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def editor_api():
    return token_client(EditorFactory())


def test_anonymous_clients_see_figures_of_published_claims_only(anon):
    shown = FigureFactory(claims=[published_claim()])
    FigureFactory(claims=[ClaimFactory()])  # a draft's figure, from a source nobody published
    assert ids(anon.get(FIGURES)) == [shown.pk]
    assert anon.get(f"{FIGURES}{shown.pk}/").status_code == 200


def test_a_draft_claims_figure_is_not_found_for_anonymous_clients(anon):
    hidden = FigureFactory(claims=[ClaimFactory()])
    assert anon.get(f"{FIGURES}{hidden.pk}/").status_code == 404
    assert ids(anon.get("/api/v1/quantities/")) == []


def test_a_figure_lists_only_the_claims_the_client_may_see(anon, editor_api):
    public, draft = published_claim(), ClaimFactory()
    figure = FigureFactory(claims=[public, draft])
    assert anon.get(f"{FIGURES}{figure.pk}/").json()["claims"] == [public.pk]
    assert editor_api.get(f"{FIGURES}{figure.pk}/").json()["claims"] == [public.pk, draft.pk]


def test_staff_see_every_figure(editor_api):
    figure = FigureFactory(claims=[ClaimFactory()])
    assert ids(editor_api.get(FIGURES)) == [figure.pk]


def test_filters_by_quantity_event_reporter_date_range_and_standing(editor_api):
    ministry = ClaimantFactory(slug="health-ministry")
    toll = QuantityFactory(slug="toll")
    early = FigureFactory(
        quantity=toll, reported_by=ministry, value=164, as_of=datetime.date(2022, 1, 9)
    )
    late = FigureFactory(
        quantity=toll, reported_by=ministry, value=225, as_of=datetime.date(2022, 1, 15)
    )
    outlet = OutletFactory(slug="the-paper")
    by_outlet = FigureFactory(
        reported_by=None, source=SourceFactory(outlet=outlet), as_of=datetime.date(2022, 1, 5)
    )
    assert ids(editor_api.get(FIGURES, {"quantity": "toll"})) == [early.pk, late.pk]
    assert ids(editor_api.get(FIGURES, {"event": toll.event.slug})) == [early.pk, late.pk]
    assert ids(editor_api.get(FIGURES, {"reporter": "health-ministry"})) == [early.pk, late.pk]
    assert ids(editor_api.get(FIGURES, {"reporter": "the-paper"})) == [by_outlet.pk]
    assert ids(editor_api.get(FIGURES, {"as_of_after": "2022-01-09"})) == [early.pk, late.pk]
    assert ids(
        editor_api.get(FIGURES, {"as_of_after": "2022-01-01", "as_of_before": "2022-01-09"})
    ) == [early.pk, by_outlet.pk]
    assert ids(editor_api.get(FIGURES, {"standing": "revised"})) == [early.pk]
    assert ids(editor_api.get(FIGURES, {"standing": "current"})) == [late.pk, by_outlet.pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"quantity": "no-such-quantity"}, "quantity"),
        ({"reporter": "nobody"}, "reporter"),
        ({"standing": "rumoured"}, "standing"),
        ({"as_of_after": "last week"}, "as_of"),
        ({"colour": "red"}, None),
    ],
)
def test_a_bad_filter_is_a_400_that_names_it(editor_api, query, field):
    FigureFactory()
    response = editor_api.get(FIGURES, query)
    assert response.status_code == 400
    if field:
        assert field in str(response.json())


def test_the_list_is_tagged_and_paged_by_cursor(anon):
    claim = published_claim()
    figures = [FigureFactory(claims=[claim]) for _ in range(3)]
    first = anon.get(FIGURES, {"page_size": 2})
    assert ids(first) == [f.pk for f in figures[:2]]
    assert anon.get(FIGURES, {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    second = anon.get(first.json()["next"])
    assert ids(second) == [figures[2].pk]


def test_a_figure_written_through_the_api_revises_the_reporters_earlier_one(editor_api):
    ministry = ClaimantFactory(slug="health-ministry")
    toll = QuantityFactory(slug="toll")
    earlier = FigureFactory(quantity=toll, reported_by=ministry, value=164)
    response = editor_api.post(
        FIGURES,
        {
            "quantity": "toll",
            "value": "225",
            "as_of": "2022-01-15",
            "reported_by": "health-ministry",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    earlier.refresh_from_db()
    assert earlier.standing == Figure.Standing.REVISED
    assert earlier.revised_by_id == response.json()["id"]


def test_a_figure_without_a_value_is_a_400_that_writes_nothing(editor_api):
    QuantityFactory(slug="toll")
    response = editor_api.post(
        FIGURES,
        {"quantity": "toll", "low": "10", "as_of": "2022-01-15", "reported_by": None},
        format="json",
    )
    assert response.status_code == 400
    assert "value" in response.json() or "reported_by" in response.json()
    assert not Figure.objects.exists()


def test_anonymous_clients_cannot_write_figures(anon):
    QuantityFactory(slug="toll")
    response = anon.post(FIGURES, {"quantity": "toll", "value": "1", "as_of": "2022-01-01"})
    assert response.status_code in (401, 403)


def test_the_claim_detail_carries_its_figures_with_revision_and_line(anon):
    claim = published_claim()
    ministry = ClaimantFactory()
    toll = QuantityFactory()
    asserted = FigureFactory(
        quantity=toll,
        reported_by=ministry,
        value=164,
        as_of=datetime.date(2022, 1, 9),
        claims=[claim],
    )
    response = anon.get(f"/api/v1/claims/{claim.pk}/")
    (figure,) = response.json()["figures"]
    assert (figure["id"], figure["later_revised"], figure["out_of_line"]) == (
        asserted.pk,
        False,
        False,
    )
    etag = response["ETag"]
    FigureFactory(
        quantity=toll,
        reported_by=ministry,
        value=225,
        as_of=datetime.date(2022, 1, 15),
        claims=[claim],
    )
    changed = anon.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    by_id = {f["id"]: f for f in changed.json()["figures"]}
    assert by_id[asserted.pk]["later_revised"] is True


def test_a_draft_claims_figures_stay_out_of_anothers_detail(anon):
    claim = published_claim()
    toll = QuantityFactory()
    FigureFactory(quantity=toll, value=164, claims=[claim])
    FigureFactory(quantity=toll, value=9999, claims=[ClaimFactory()])
    (figure,) = anon.get(f"/api/v1/claims/{claim.pk}/").json()["figures"]
    assert figure["out_of_line"] is False  # the draft's 9,999 is not public, so not counted


def test_the_appearance_kind_is_in_the_claim_detail(anon):
    from claims import services
    from claims.models import Appearance

    claim = published_claim()
    services.save_appearance(
        claim=claim, by=None, source=SourceFactory(), kind=Appearance.Kind.RETRACTED
    )
    (appearance,) = anon.get(f"/api/v1/claims/{claim.pk}/").json()["appearances"]
    assert appearance["kind"] == "retracted"


def test_quantities_filter_by_event(editor_api):
    toll = QuantityFactory()
    QuantityFactory()
    assert ids(editor_api.get("/api/v1/quantities/", {"event": toll.event.slug})) == [toll.pk]


def test_revised_cannot_be_set_through_the_api(editor_api):
    figure = FigureFactory()
    response = editor_api.patch(
        f"{FIGURES}{figure.pk}/", {"standing": "revised", "version": figure.version}, format="json"
    )
    assert response.status_code == 400
    assert "standing" in response.json()


def test_the_claim_detail_with_figures_is_a_fixed_number_of_queries(
    anon, django_assert_max_num_queries
):
    claim = published_claim()
    for _ in range(4):
        toll = QuantityFactory()
        FigureFactory(quantity=toll, claims=[claim])
        FigureFactory(quantity=toll, claims=[published_claim()])
    with django_assert_max_num_queries(9):
        assert len(anon.get(f"/api/v1/claims/{claim.pk}/").json()["figures"]) == 4
