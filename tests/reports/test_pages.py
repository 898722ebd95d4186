"""The desk statistics page, its CSV and printable exports, as staff use them."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from reports import exports, periods
from tests import factories
from tests.reports.conftest import desk_work
from tests.reports.recount import recount

pytestmark = pytest.mark.django_db

URL = "/admin/reports/"


@pytest.fixture
def work(fact_checker, editor):
    return desk_work(fact_checker=fact_checker, editor=editor)


def test_the_page_is_for_staff_only(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(factories.UserFactory())
    assert client.get(URL).status_code == 302


def test_each_figure_is_shown_beside_the_previous_period(editor_client, work):
    response = editor_client.get(URL, {"period": "this_month"})
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate()
    this, last = periods.month(today), periods.month(today).previous()
    assert this.label in page and last.label in page
    for label in (
        "Claims created",
        "Claims published (first publication)",
        "Claims retracted",
        "Median time from claim created to first publication",
        "90th percentile time from claim created to first publication",
        "Median time from tip received to claim published",
        "Corrections published",
        "Corrections as a share of verdicts published",
        "Median time from publication to correction",
        "Tips received",
        "Tips turned into claims",
        "Tips declined",
        "Claims published, by rating",
        "Claims published, by evidence status",
        "Claims published, top 10 claimants",
        "Claims published, by language",
        "Russian",
    ):
        assert label in page, label
    assert 'class="bar-chart"' in page  # drawn on the server
    report = response.context["report"]
    assert report.figure("tips_received").current == 4
    assert report.figure("tips_received").previous == 0


def test_per_person_figures_are_for_editors_only(client, fact_checker, editor, work):
    client.force_login(fact_checker)
    page = client.get(URL).content.decode()
    assert "Per person" not in page
    assert "verdicts drafted" not in page
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert "Per person, for the desk" in page
    assert f"{fact_checker.get_username()}: verdicts drafted" in page


def test_custom_dates_and_one_event(editor_client, work):
    today = timezone.localdate()
    event = work["claim"].event
    response = editor_client.get(
        URL,
        {
            "period": "custom",
            "start": (today - timedelta(days=9)).isoformat(),
            "end": today.isoformat(),
            "event": event.pk,
        },
    )
    report = response.context["report"]
    assert report.period.days == 10 and report.previous.days == 10
    assert report.figure("claims_published").current == 1
    assert event.name in response.content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"period": "custom", "start": "2022-02-01"}, "end"),
        ({"period": "custom", "start": "2022-02-01", "end": "2022-01-01"}, "end"),
        ({"period": "custom", "start": "2015-01-01", "end": "2022-01-01"}, "end"),
        ({"period": "custom", "start": "not a date", "end": "2022-01-01"}, "start"),
        ({"period": "every_decade"}, "period"),
        ({"period": "this_month", "event": "999999"}, "event"),
    ],
)
def test_bad_input_is_a_form_error(editor_client, query, field):
    response = editor_client.get(URL, query)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert editor_client.get(URL + "report.zip", query).status_code == 400
    assert editor_client.get(URL + "print/", query).status_code == 400


def read_zip(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name.rsplit("/", 1)[1]: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


def test_the_csv_files_carry_the_recounted_numbers(editor_client, work):
    response = editor_client.get(URL + "report.zip", {"period": "this_month"})
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    files = read_zip(response.content)
    assert set(files) == {
        "summary.csv",
        "by_rating.csv",
        "by_evidence_status.csv",
        "by_claimant.csv",
        "by_language.csv",
        "people.csv",
    }
    period = periods.month(timezone.localdate())
    expected = recount(period)
    before = recount(period.previous())
    this_column = f"{period.start.isoformat()} to {period.last_day.isoformat()}"
    last = period.previous()
    last_column = f"{last.start.isoformat()} to {last.last_day.isoformat()}"
    for name in ("summary", "by_rating", "by_evidence_status", "by_language", "people"):
        rows = files[f"{name}.csv"]
        found = {row["key"]: row[this_column] for row in rows}
        wanted = {k: v for k, v in expected[name].items() if name == "summary" or v}
        assert found.keys() >= wanted.keys(), name
        for key, value in wanted.items():
            assert found[key] == ("" if value is None else str(value)), (name, key)
        for row in rows:
            value = before[name].get(row["key"], 0 if name != "summary" else None)
            assert row[last_column] == ("" if value is None else str(value)), (name, row["key"])


def test_the_printable_page_carries_the_same_numbers_the_name_and_the_period(editor_client, work):
    response = editor_client.get(URL + "print/", {"period": "this_month"})
    page = response.content.decode()
    period = periods.month(timezone.localdate())
    assert "size: A4" in page
    # Every printed page is headed by the desk's name and the period (margin boxes).
    top_left = page.split("@top-left {")[1].split("}")[0]
    top_right = page.split("@top-right {")[1].split("}")[0]
    assert f'content: "{settings.FACTCHECK_PUBLISHER_NAME}"' in top_left
    assert f"Desk report: {period.label}" in top_right
    expected = recount(period)["summary"]
    for label, key in (("Claims created", "claims_created"), ("Tips received", "tips_received")):
        row = page.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
        assert f'<td class="number">{expected[key]:,}</td>' in row


def test_the_page_costs_a_fixed_number_of_queries(
    editor_client, work, django_assert_max_num_queries
):
    for _ in range(5):
        factories.published_claim(claimant=factories.ClaimantFactory())
    with django_assert_max_num_queries(14):
        editor_client.get(URL, {"period": "this_quarter"})


def test_names_in_the_running_head_cannot_break_out_of_the_stylesheet():
    assert exports.css_string('Desk "A"\\ </style><b>') == 'Desk \\"A\\"\\\\ \\3c /style>\\3c b>'
