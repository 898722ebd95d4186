"""One date format a language: in English a date is shown and typed as YYYY-MM-DD in the
admin, on the pages and in their date boxes (core/formats/, core/date_input.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 1, 8)


@pytest.mark.parametrize("language", ["en", "en-gb"])
def test_english_shows_and_reads_dates_as_year_month_day(language):
    with translation.override(language):
        assert formats.date_format(DAY) == "2022-01-08"
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "2022-01-08"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


def test_a_date_typed_in_the_admin_comes_back_as_typed(checker_client):
    claim = factories.ClaimFactory(stated_on=DAY)
    page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.context["adminform"].form["stated_on"].value() == DAY
    assert 'value="2022-01-08"' in page.content.decode()
    assert "08/01/2022" not in page.content.decode()


def test_the_claim_lists_date_filter_shows_and_takes_iso_dates(client):
    page = client.get(reverse("claim-list"), {"stated_from": "2022-01-08"}).content.decode()
    box = page[page.index('name="stated_from"') - 200 :][:400]
    assert 'type="text"' in box
    assert 'value="2022-01-08"' in box
    assert 'placeholder="YYYY-MM-DD"' in box
