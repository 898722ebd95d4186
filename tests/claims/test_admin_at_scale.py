"""The claims changelist stays cheap at a million claims: no full count, no date
hierarchy, search through the stored search document."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin import counts
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("admin:claims_claim_changelist")


def queries_of(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_changelist_counts_up_to_a_cap_and_reads_no_date_range(editor_client):
    factories.ClaimFactory.create_batch(3)

    sql = queries_of(editor_client)

    counts_run = [q for q in sql if "COUNT(" in q.upper() and "claims_claim" in q]
    assert counts_run and all("LIMIT" in q for q in counts_run)
    assert not any("MIN(" in q.upper() or "DISTINCT" in q.upper() for q in sql)


def test_past_the_cap_the_changelist_says_there_are_more(editor_client, monkeypatch):
    monkeypatch.setattr(counts, "COUNT_CAP", 2)
    factories.ClaimFactory.create_batch(3)

    response = editor_client.get(URL)

    assert response.context["cl"].result_count == 2


def test_admin_search_uses_the_search_document_and_finds_refs(editor_client):
    hit = factories.ClaimFactory(summary="Tanks entered the city", text="Tanks.")
    by_ref = factories.ClaimFactory(summary="Other", text="Other.", ref="case-17")

    sql = queries_of(editor_client, q="tank")
    found = editor_client.get(URL, {"q": "case-17"}).context["cl"].result_list

    assert any("search_document" in q for q in sql)
    assert not any("UPPER(" in q for q in sql)
    assert [c.pk for c in editor_client.get(URL, {"q": "tank"}).context["cl"].result_list] == [
        hit.pk
    ]
    assert [c.pk for c in found] == [by_ref.pk]


def test_bad_search_syntax_is_no_error(editor_client):
    assert editor_client.get(URL, {"q": '"unclosed -" & | !'}).status_code == 200


def test_the_claimant_filter_is_an_autocomplete_that_keeps_the_other_filters(editor_client):
    wanted = factories.ClaimFactory(summary="Wanted")
    factories.ClaimFactory(summary="Other")

    response = editor_client.get(URL, {"claimant": wanted.claimant.pk, "q": "wanted"})
    page = response.content.decode()

    assert [c.pk for c in response.context["cl"].result_list] == [wanted.pk]
    assert 'name="q" value="wanted"' in page
    box = page[page.index('id="filter-claimant"') - 300 :][:1200]
    assert "admin-autocomplete" in box
    assert "data-ajax--url" in box
    assert f'<option value="{wanted.claimant.pk}" selected>{wanted.claimant}</option>' in box


def test_the_claimant_filter_still_takes_a_slug(editor_client):
    wanted = factories.ClaimFactory(summary="Wanted")
    factories.ClaimFactory(summary="Other")
    response = editor_client.get(URL, {"claimant": wanted.claimant.slug})
    assert [c.pk for c in response.context["cl"].result_list] == [wanted.pk]
    response = editor_client.get(URL, {"claimant": "nobody-by-that-name"})
    assert list(response.context["cl"].result_list) == []


def test_the_work_queues_say_how_many_wait_in_each_up_to_the_cap(editor_client, monkeypatch):
    monkeypatch.setattr(counts, "COUNT_CAP", 2)
    for _ in range(3):
        factories.ClaimFactory(status="in_review")

    page = editor_client.get(URL).content.decode()

    assert "Waiting for review (2+)" in page
    assert "Needs evidence (0)" in page
