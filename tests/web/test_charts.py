from datetime import date

from claims.pages.charts import bars, last_months, monthly_bars


def test_bars_follow_the_given_order_and_scale_to_the_largest():
    result = bars({"b": 4, "a": 1}, [("a", "A"), ("b", "B"), ("c", "C")])

    assert [(bar.label, bar.value, bar.percent) for bar in result] == [
        ("A", 1, 25.0),
        ("B", 4, 100.0),
        ("C", 0, 0.0),
    ]
    assert result[0].rest == 75.0


def test_bars_with_nothing_counted_are_all_empty():
    assert [bar.percent for bar in bars({}, [("a", "A")])] == [0.0]


def test_last_months_cross_the_year_boundary():
    assert last_months(date(2024, 2, 17), 3) == [
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]


def test_monthly_bars_fill_empty_months_and_carry_full_and_short_labels():
    months = last_months(date(2024, 2, 17), 3)

    result = monthly_bars({date(2024, 1, 1): 5}, months)

    assert [bar.value for bar in result] == [0, 5, 0]
    assert result[1].label == "January 2024"
    assert result[1].short_label == "Jan \u201924"
