"""Claimant, event, source and outlet pages."""

import datetime

import pytest

from claims.models import Claim
from sources.models import Outlet, Source
from tests import factories
from tests.web.dom import chart, parse

pytestmark = pytest.mark.django_db


def test_claimant_page_lists_claims_and_charts_the_track_record(client, db):
    claimant = factories.ClaimantFactory(name="A minister")
    for rating in ("false", "false", "true"):
        factories.published_claim(rating=rating, claimant=claimant)

    page = parse(client.get(claimant.get_absolute_url()).content)

    assert page.find("h1").text() == "A minister"
    record = chart(page, "Published verdicts on this claimant's claims")
    assert record["False"] == 2
    assert record["True"] == 1
    assert len(page.find_all("li", class_="claim-row")) == 3


def affiliated_public_outlet():
    """A published claim whose claimant is affiliated with an outlet whose material the
    claim uses (so the outlet is public)."""
    claim = factories.published_claim()
    outlet = factories.OutletFactory(name="Office of the President", reliability="mixed")
    claim.claimant.affiliations.add(outlet)
    factories.EvidenceFactory(claim=claim, source=factories.SourceFactory(outlet=outlet))
    return claim.claimant, outlet


def test_claimant_page_names_affiliated_outlets(client, db):
    claimant, _outlet = affiliated_public_outlet()
    page = parse(client.get(claimant.get_absolute_url()).content)

    assert "Office of the President" in page.find("header", class_="page-header").text()


def test_event_page_lists_its_claims_in_date_order_with_verdicts(client, db):
    event = factories.EventFactory(name="Election night")
    for day, rating in ((3, "true"), (1, "false"), (2, "misleading")):
        factories.published_claim(
            rating=rating,
            event=event,
            summary=f"Day {day}",
            stated_on=datetime.date(2024, 3, day),
        )

    page = parse(client.get(event.get_absolute_url()).content)

    rows = page.find("ol", class_="claim-rows").find_all("li", class_="claim-row")
    assert [row.find("h3").text() for row in rows] == ["Day 1", "Day 2", "Day 3"]
    assert [row.find("span", class_="badge").text() for row in rows] == [
        "False",
        "Misleading",
        "True",
    ]
    assert chart(page, "Published verdicts on claims about this event")["False"] == 1


def test_source_page_shows_what_it_supports_contradicts_and_its_provenance(client, seeded):
    report = Source.objects.get(ref="report-164-killed")

    page = parse(client.get(report.get_absolute_url()).content)

    contradicts = page.find("section", class_="contradicts").text()
    assert "A man shown confessing on TV" in contradicts
    relies_on = page.find("section", **{"aria-labelledby": "cites-heading"}).text()
    assert "Viewers in Kyrgyzstan identify the man" in relies_on
    cited = Source.objects.get(ref="viewers-identify-musician")
    relied_on_by = parse(client.get(cited.get_absolute_url()).content).find(
        "section", **{"aria-labelledby": "cited-heading"}
    )
    assert "Kazakhstan says 164 people were killed" in relied_on_by.text()


def test_source_without_address_says_so(client, seeded):
    report = Source.objects.get(ref="report-164-killed")

    page = parse(client.get(report.get_absolute_url()).content)

    header = page.find("header", class_="page-header").text()
    assert "No link: the material has no public address" in header


def test_outlet_page_shows_reliability_and_why(client, seeded):
    outlet = Outlet.objects.get(slug="local-television-kazakhstan")

    page = parse(client.get(outlet.get_absolute_url()).content)

    reliability = page.find("section", **{"aria-labelledby": "reliability-heading"}).text()
    assert "Reliability: Unknown" in reliability
    assert outlet.reliability_reason in reliability
    claimant, office = affiliated_public_outlet()
    page = parse(client.get(office.get_absolute_url()).content)
    reliability = page.find("section", **{"aria-labelledby": "reliability-heading"}).text()
    assert claimant.name in reliability  # affiliated claimant

    viewers = Outlet.objects.get(slug="viewers-in-kyrgyzstan")
    page = parse(client.get(viewers.get_absolute_url()).content)
    evidence = page.find("section", **{"aria-labelledby": "evidence-heading"}).text()
    assert "Contradicts: 1" in evidence
    assert "A man shown confessing on TV" in evidence


def test_outlet_used_only_by_unpublished_claims_is_not_found_for_anonymous(client, seeded):
    health = Outlet.objects.get(slug="kazakhstan-ministry-of-health")
    assert not Claim.objects.published().filter(evidence__source__outlet=health).exists()

    assert client.get(health.get_absolute_url()).status_code == 404


def test_unknown_records_are_not_found(client, db):
    for url in ("/claimants/nobody/", "/events/nothing/", "/sources/999999/", "/outlets/none/"):
        assert client.get(url).status_code == 404


def test_not_found_page_uses_the_site_layout(client, db):
    response = client.get("/claims/999999/")

    page = parse(response.content)
    assert response.status_code == 404
    assert page.find("h1").text() == "Page not found"
    assert page.find("nav", **{"aria-label": "Main"})


def test_a_claimant_with_one_verdict_reads_it_as_a_sentence_without_empty_rows(client, db):
    claim = factories.published_claim(rating="false")

    page = client.get(claim.claimant.get_absolute_url()).content.decode()

    assert "<strong>False</strong>: the only one." in page
    assert "Mostly true" not in page
