"""The statistics agree with a recount from the rows, for every figure, in the period and
the one before; the counts table equals its own rebuild whatever writes the rows."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims import workflow
from claims.models import Claim
from intake.models import Tip
from reports import counting, periods, statistics
from reports.models import DeskCount
from tests import factories
from tests.reports.recount import recount, report_values

pytestmark = pytest.mark.django_db


def live_counts() -> dict:
    rows = DeskCount.objects.exclude(count=0)
    return {(r.dimension, r.day, r.event_id, r.key): r.count for r in rows}


def assert_counts_match_a_rebuild():
    live = live_counts()
    counting.recount()
    assert live_counts() == live


def assert_report_matches_recount(period, *, event=None):
    report = statistics.build(period, event=event, with_people=True)
    for which, counted_period in (("current", report.period), ("previous", report.previous)):
        expected = recount(counted_period, event=event)
        found = report_values(report, which)
        assert found["summary"] == expected["summary"], which
        assert found["by_rating"] == expected["by_rating"], which
        assert found["by_evidence_status"] == expected["by_evidence_status"], which
        assert found["by_language"] == expected["by_language"], which
        assert found["people"] == expected["people"], which
        for key, count in found["by_claimant"].items():
            assert expected["by_claimant"][key] == count
    # The top claimants are the ten with most claims published in the period.
    expected = recount(report.period, event=event)["by_claimant"]
    shown = [row.current for row in report.by_claimant.rows]
    assert shown == sorted(expected.values(), reverse=True)[: len(shown)]
    assert len(shown) == min(statistics.TOP_CLAIMANTS, len(expected))
    return report


def test_every_figure_agrees_with_a_recount_this_month_and_last(desk):
    today = timezone.localdate()
    report = assert_report_matches_recount(periods.month(today))
    assert report.figure("claims_published").current >= 2
    assert report.figure("corrections").current == 1
    assert report.figure("tips_received").current == 4
    assert report.figure("tips_claimed").current == 1
    assert report.figure("tips_declined").current == 1
    assert report.figure("claims_retracted").current >= 4
    assert report.figure("tip_median").current is not None
    assert report.figure("correction_median").current is not None
    assert report.people.rows


def test_every_figure_agrees_with_a_recount_over_quarters_years_and_one_event(desk):
    today = timezone.localdate()
    assert_report_matches_recount(periods.quarter(today))
    assert_report_matches_recount(periods.named("last_quarter", today=today))
    year = periods.days(today - timedelta(days=365 * 3), today + timedelta(days=1))
    report = assert_report_matches_recount(year)
    assert report.figure("claims_published").previous > 0  # demo data three years earlier
    event = desk["claim"].event
    report = assert_report_matches_recount(year, event=event)
    assert report.figure("claims_published").current == 1


def test_the_counts_equal_a_rebuild_after_every_kind_of_write(desk, editor):
    assert_counts_match_a_rebuild()
    # A claim moved to another event takes its verdicts' counts with it.
    claim = desk["claim"]
    claim.event = factories.EventFactory()
    factories.ClaimFactory._meta.model.objects.filter(pk=claim.pk).update(event=claim.event)
    assert_counts_match_a_rebuild()
    # Bulk updates and deletes, whatever path they take.
    Claim.objects.filter(status="draft").update(created_at=timezone.now() - timedelta(days=40))
    Tip.objects.filter(status="new").delete()
    assert_counts_match_a_rebuild()


def test_the_previous_period_of_each_kind():
    assert periods.month(date(2022, 1, 9)).previous() == periods.month(date(2021, 12, 1))
    assert periods.quarter(date(2022, 2, 9)).previous() == periods.quarter(date(2021, 11, 1))
    custom = periods.days(date(2022, 1, 5), date(2022, 1, 15))
    assert custom.previous() == periods.days(date(2021, 12, 26), date(2022, 1, 5))


def test_a_claim_sent_to_review_counts_for_whoever_sent_it(fact_checker, editor):
    claim = factories.ClaimFactory()
    workflow.move_claim(claim=claim, to="researching", by=fact_checker)
    workflow.move_claim(claim=claim, to="in_review", by=fact_checker)
    workflow.move_claim(claim=claim, to="researching", by=editor)
    report = statistics.build(periods.month(timezone.localdate()), with_people=True)
    rows = {row.key: row.current for row in report.people.rows}
    assert rows[f"{fact_checker.pk}:researched"] == 1
    assert rows[f"{editor.pk}:reviewed"] == 1
    assert rows[f"{fact_checker.pk}:reviewed"] == 0


def test_published_claims_are_counted_by_language_with_its_name(desk):
    report = statistics.build(periods.month(timezone.localdate()))

    rows = {row.key: (row.label, row.current) for row in report.by_language.rows}
    expected = recount(report.period)["by_language"]
    assert {key: count for key, (_label, count) in rows.items() if count} == expected
    assert rows["ru"][0] == "Russian" and rows["ru"][1] >= 1
    assert rows["en"][0] == "English"
    assert "en-gb" not in rows  # a regional variant counts with its language
