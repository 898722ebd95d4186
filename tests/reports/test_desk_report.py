"""``manage.py desk_report --month YYYY-MM`` writes the month's report."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from reports import periods
from tests import factories
from tests.reports.recount import recount

pytestmark = pytest.mark.django_db


def test_the_months_report_is_written_as_a_printable_page_and_csv_files(tmp_path, editor):
    claim = factories.published_claim(rating="false")
    january = datetime(2022, 1, 12, 10, tzinfo=UTC)
    Claim.objects.filter(pk=claim.pk).update(created_at=january, published_at=january)
    out = io.StringIO()
    call_command("desk_report", month="2022-01", output=str(tmp_path), stdout=out)
    assert "January 2022: 1 claims published (0 in December 2021)" in out.getvalue()
    html = tmp_path / "desk-report-2022-01-01-to-2022-01-31.html"
    archive = tmp_path / "desk-report-2022-01-01-to-2022-01-31.zip"
    page = html.read_text()
    assert "January 2022" in page and "size: A4" in page
    assert "<link" not in page  # one file: its styles inline
    with zipfile.ZipFile(archive) as files:
        summary = files.read("desk-report-2022-01-01-to-2022-01-31/summary.csv").decode()
        ratings = files.read("desk-report-2022-01-01-to-2022-01-31/by_rating.csv").decode()
    expected = recount(periods.month(datetime(2022, 1, 1).date()))["summary"]
    assert expected["claims_published"] == 1
    assert "claims_published,Claims published (first publication),1,0,count" in summary
    assert "false,False,1,0,count" in ratings


def test_people_can_be_left_out_of_a_report_sent_outside_the_desk(tmp_path):
    call_command(
        "desk_report",
        month="2022-01",
        output=str(tmp_path),
        without_people=True,
        stdout=io.StringIO(),
    )
    (archive,) = tmp_path.glob("*.zip")
    with zipfile.ZipFile(archive) as files:
        assert not [name for name in files.namelist() if name.endswith("people.csv")]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"month": "2022-13"}, "is not a month"),
        ({"month": "January"}, "is not a month"),
        ({"month": "2022-01", "event": "no-such-event"}, "No event has the slug"),
    ],
)
def test_bad_arguments_are_refused_with_a_sentence(tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("desk_report", output=str(tmp_path), **options)
    assert not list(tmp_path.iterdir())
