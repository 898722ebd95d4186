from datetime import date

from core.charts import bars, last_months, monthly_bars


def test_bars_follow_the_given_order_scale_to_the_largest_and_leave_out_empty_categories():
    result = bars({"b": 4, "a": 1}, [("a", "A"), ("b", "B"), ("c", "C")])

    assert [(bar.label, bar.value, bar.percent) for bar in result] == [
        ("A", 1, 25.0),
        ("B", 4, 100.0),
    ]
    assert result[0].rest == 75.0


def test_nothing_counted_gives_no_bars():
    assert bars({}, [("a", "A")]) == []


def test_last_months_cross_the_year_boundary():
    assert last_months(date(2024, 2, 17), 3) == [
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]


def test_monthly_bars_keep_gaps_but_trim_to_the_months_with_claims():
    months = last_months(date(2024, 6, 17), 6)

    result = monthly_bars({date(2024, 2, 1): 5, date(2024, 4, 1): 2}, months)

    assert [(bar.label, bar.value) for bar in result] == [
        ("February 2024", 5),
        ("March 2024", 0),
        ("April 2024", 2),
    ]
    assert result[0].short_label == "Feb \u201924"


def test_no_claims_in_the_months_gives_no_columns():
    assert monthly_bars({}, last_months(date(2024, 6, 17), 6)) == []
