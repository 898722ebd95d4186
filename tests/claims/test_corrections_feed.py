import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from claims import workflow
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client):
    response = client.get(reverse("corrections-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_a_correction_appears_in_the_atom_feed_with_its_date_and_note(client, fact_checker, editor):
    claim = factories.corrected_claim(
        author=fact_checker, publisher=editor, note="Officials revised the toll on 15 January."
    )
    correction = claim.current_verdict
    [entry] = feed_entries(client)
    assert entry.findtext(f"{ATOM}title") == f"Correction: {claim.summary}"
    summary = entry.findtext(f"{ATOM}summary")
    assert "Officials revised the toll on 15 January." in summary
    assert "False" in summary and "Mostly false" in summary
    assert entry.findtext(f"{ATOM}updated").startswith(
        correction.published_at.strftime("%Y-%m-%dT%H:%M")
    )
    assert (
        entry.find(f"{ATOM}link")
        .get("href")
        .endswith(f"{claim.get_absolute_url()}#verdict-{correction.pk}")
    )


def test_first_verdicts_and_draft_corrections_are_not_corrections(client, fact_checker):
    claim = factories.published_claim()
    factories.draft_correction(
        claim, by=fact_checker, rating="true", rationale="Unreviewed.", note="Draft only."
    )
    assert feed_entries(client) == []


def test_corrections_of_claims_no_longer_published_leave_the_feed(client, fact_checker, editor):
    claim = factories.corrected_claim(author=fact_checker, publisher=editor)
    workflow.retract_claim(claim=claim, by=editor, reason="The statement was misattributed.")
    assert feed_entries(client) == []


def test_the_feed_costs_one_query_whatever_its_length(
    client, fact_checker, editor, django_assert_num_queries
):
    for _ in range(3):
        factories.corrected_claim(author=fact_checker, publisher=editor)
    with django_assert_num_queries(1):
        assert len(feed_entries(client)) == 3


def test_a_correction_appears_in_the_claims_history_for_editors(
    editor_client, fact_checker, second_editor
):
    claim = factories.corrected_claim(
        author=fact_checker,
        publisher=second_editor,
        note="Officials revised the toll on 15 January.",
    )
    page = editor_client.get(
        reverse("admin:claims_claim_history", args=[claim.pk])
    ).content.decode()
    assert "Officials revised the toll on 15 January." in page
    assert "Mostly false" in page
    assert "Published by</dt>" in page and "editor2" in page


def test_the_feed_links_to_the_correction_on_the_public_claim_page(client, fact_checker, editor):
    claim = factories.corrected_claim(author=fact_checker, publisher=editor)
    [entry] = feed_entries(client)
    link = entry.find(f"{ATOM}link").get("href")
    path, anchor = link.split("#")
    page = client.get(path.removeprefix("http://testserver")).content.decode()
    assert f'id="{anchor}"' in page
    assert "The ministry revised its count." in page
    assert anchor == f"verdict-{claim.current_verdict_id}"
