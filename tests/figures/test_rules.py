"""The revision rule and the out-of-line rule, through the service every path uses."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.records import Refused
from figures import rules, services
from figures.models import Figure
from figures.reading import claim_figures
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    FigureFactory,
    OutletFactory,
    QuantityFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

JAN = datetime.date(2022, 1, 1)


def day(n):
    return JAN + datetime.timedelta(days=n - 1)


def test_a_later_figure_from_the_same_reporter_marks_the_earlier_one_revised():
    ministry = ClaimantFactory(name="Health ministry")
    toll = QuantityFactory()
    first = FigureFactory(quantity=toll, reported_by=ministry, value=164, as_of=day(9))
    later = FigureFactory(quantity=toll, reported_by=ministry, value=225, as_of=day(15))
    first.refresh_from_db()
    assert first.standing == Figure.Standing.REVISED
    assert first.revised_by == later
    assert first.revised_on == day(15)
    assert later.standing == Figure.Standing.CURRENT
    assert first.version == 2  # the change is a versioned write


def test_a_figure_from_another_reporter_revises_nothing():
    toll = QuantityFactory()
    first = FigureFactory(quantity=toll, value=164, as_of=day(9))
    FigureFactory(quantity=toll, value=225, as_of=day(15))
    first.refresh_from_db()
    assert first.standing == Figure.Standing.CURRENT


def test_an_older_figure_entered_late_is_itself_revised_by_the_latest():
    ministry = ClaimantFactory()
    toll = QuantityFactory()
    latest = FigureFactory(quantity=toll, reported_by=ministry, value=225, as_of=day(15))
    older = FigureFactory(quantity=toll, reported_by=ministry, value=164, as_of=day(9))
    older.refresh_from_db()
    latest.refresh_from_db()
    assert older.standing == Figure.Standing.REVISED
    assert older.revised_by == latest
    assert latest.standing == Figure.Standing.CURRENT


def test_a_chain_of_revisions_points_each_figure_to_the_next():
    ministry = ClaimantFactory()
    toll = QuantityFactory()
    a = FigureFactory(quantity=toll, reported_by=ministry, value=100, as_of=day(7))
    b = FigureFactory(quantity=toll, reported_by=ministry, value=164, as_of=day(9))
    c = FigureFactory(quantity=toll, reported_by=ministry, value=225, as_of=day(15))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.revised_by, b.revised_by, c.standing) == (b, c, Figure.Standing.CURRENT)


def test_withdrawing_the_latest_figure_makes_the_earlier_one_current_again():
    ministry = ClaimantFactory()
    toll = QuantityFactory()
    first = FigureFactory(quantity=toll, reported_by=ministry, value=164, as_of=day(9))
    later = FigureFactory(quantity=toll, reported_by=ministry, value=225, as_of=day(15))
    services.save_figure(instance=later, by=None, standing=Figure.Standing.WITHDRAWN)
    first.refresh_from_db()
    assert first.standing == Figure.Standing.CURRENT
    assert first.revised_by is None


def test_an_outlets_figures_revise_each_other_when_no_claimant_gave_them():
    outlet = OutletFactory()
    toll = QuantityFactory()
    source = SourceFactory(outlet=outlet)
    first = FigureFactory(quantity=toll, reported_by=None, source=source, as_of=day(9))
    assert first.reporting_outlet == outlet
    FigureFactory(
        quantity=toll, reported_by=None, source=SourceFactory(outlet=outlet), as_of=day(10)
    )
    first.refresh_from_db()
    assert first.standing == Figure.Standing.REVISED


def test_revised_is_not_a_standing_anyone_sets_by_hand():
    figure = FigureFactory()
    with pytest.raises(Refused, match="later one"):
        services.save_figure(instance=figure, by=None, standing=Figure.Standing.REVISED)


def test_a_figure_needs_a_value_or_a_whole_range():
    with pytest.raises(Refused, match="range"):
        FigureFactory(value=None, low=10)
    assert not Figure.objects.exists()


def test_a_range_counts_by_its_middle():
    figure = FigureFactory(value=None, low=100, high=200)
    assert figure.point == 150
    assert figure.display_value == "100–200"


def test_a_figure_shows_its_value_and_date_as_they_are_now_in_the_language_asked():
    figure = FigureFactory(value=2500, approximate="about", as_of=datetime.date(2022, 1, 9))
    assert figure.display_value == "about 2,500"
    assert figure.as_of_display == "2022-01-09"
    with translation.override("ru"):
        assert figure.display_value == "около 2\xa0500"
        assert figure.as_of_display == "9 января 2022 г."
    # Changed on the same object (as a service changes it): shown as it is now.
    services.save_figure(instance=figure, by=None, value=3000, approximate="")
    figure.as_of_precision = Figure.Precision.MONTH
    assert figure.display_value == "3,000"
    assert figure.as_of_display == "January 2022"


def test_a_figure_far_from_the_median_of_independent_figures_is_out_of_line():
    toll = QuantityFactory()
    claimed = FigureFactory(quantity=toll, value=20000)
    FigureFactory(quantity=toll, value=100)
    FigureFactory(quantity=toll, value=120)
    FigureFactory(quantity=toll, value=5000)
    figures = list(Figure.objects.with_reporter())
    assert rules.independent_median(claimed, figures) == Decimal(120)
    assert rules.is_out_of_line(claimed, figures)


def test_a_figure_within_a_quarter_of_the_median_is_in_line():
    toll = QuantityFactory()
    claimed = FigureFactory(quantity=toll, value=164)
    FigureFactory(quantity=toll, value=140)  # 164 is 17% above it
    figures = list(Figure.objects.with_reporter())
    assert not rules.is_out_of_line(claimed, figures)


def test_a_revised_figure_of_another_reporter_does_not_count_as_independent():
    toll = QuantityFactory()
    claimed = FigureFactory(quantity=toll, value=164)
    other = ClaimantFactory()
    FigureFactory(quantity=toll, reported_by=other, value=1000, as_of=day(5))
    FigureFactory(quantity=toll, reported_by=other, value=170, as_of=day(10))
    figures = list(Figure.objects.with_reporter())
    assert rules.independent_median(claimed, figures) == Decimal(170)
    assert not rules.is_out_of_line(claimed, figures)


def test_with_no_other_reporter_nothing_is_out_of_line():
    toll = QuantityFactory()
    claimed = FigureFactory(quantity=toll, value=164)
    assert not rules.is_out_of_line(claimed, [claimed])


def test_the_claims_figures_say_when_revised_and_when_out_of_line(fact_checker):
    claim = ClaimFactory()
    ministry = ClaimantFactory()
    toll = QuantityFactory()
    FigureFactory(quantity=toll, reported_by=ministry, value=164, as_of=day(9), claims=[claim])
    FigureFactory(quantity=toll, reported_by=ministry, value=225, as_of=day(15))
    FigureFactory(quantity=toll, value=600, as_of=day(15))
    (item,) = claim_figures(claim.pk, fact_checker)  # the claim is unpublished: a role sees it
    assert item.revised
    assert item.figure.revised_by.value == 225
    assert item.out_of_line  # 164 against the other reporter's 600
    assert sorted(f.value for f in item.latest) == [225, 600]
