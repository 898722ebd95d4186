"""The public transparency page: opt-in, the desk's numbers, never a person's."""

import pytest
from django.utils import timezone

from reports import public
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_page_exists_only_when_the_desk_opts_in(client, settings):
    settings.FACTCHECK_TRANSPARENCY_PAGE = False
    assert client.get("/transparency/").status_code == 404


def test_the_page_shows_checks_ratings_and_corrections_with_links(
    client, settings, fact_checker, editor
):
    settings.FACTCHECK_TRANSPARENCY_PAGE = True
    factories.published_claim(rating="true")
    corrected = factories.corrected_claim(author=fact_checker, publisher=editor)
    response = client.get("/transparency/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Claims checked per month" in page
    assert "Corrections published" in page
    assert "Median time from publication to correction" in page
    assert f'href="{corrected.get_absolute_url()}"' in page
    assert "Revised count." in page or "The ministry revised its count." in page
    found = public.transparency(today=timezone.localdate())
    assert sum(found.checks_by_month.values()) == 2
    assert found.report.figure("corrections").current == 1
    # The desk as a whole: nobody's name, and no unpublished work.
    for user in (fact_checker, editor):
        assert user.get_username() not in page
    assert "Claims created" not in page and "Tips" not in page
