import pytest

from claims import workflow
from claims.models import Claim
from tests import factories
from tests.web.conftest import add_correction
from tests.web.dom import chart, parse

pytestmark = pytest.mark.django_db


def test_overview_charts_count_the_seed_case(client, seeded):
    page = parse(client.get("/").content)

    by_verdict = chart(page, "Published claims by verdict")
    assert "False" not in by_verdict  # no claim of the case is rated false: no empty row
    assert by_verdict["Unsubstantiated"] == 4
    assert by_verdict["Not checkable"] == 2
    assert sum(by_verdict.values()) == Claim.objects.published().count()
    by_status = chart(page, "Published claims by evidence status")
    assert "Contradicted" not in by_status  # the confession is unverified, not contradicting
    assert by_status["No independent evidence"] == 4
    assert by_status["Not checkable"] == 2
    assert sum(by_status.values()) == Claim.objects.published().count()


def test_claims_checked_over_time_counts_first_publication_per_month(client, db):
    for _ in range(3):
        factories.published_claim()

    figures = parse(client.get("/").content).find_all("figure", class_="chart")
    checked = next(f for f in figures if "Claims checked per month" in f.text()).text()

    assert "3 in" in checked
    assert "none in the other months" in checked


def test_claimants_with_most_false_or_contradicted_claims_are_ranked(client, seeded):
    page = parse(client.get("/").content)

    panel = page.find("section", **{"aria-labelledby": "claimants-heading"}).text()
    # no published claim of the case is rated false or contradicted by its evidence
    assert "None yet." in panel
    assert "Kassym-Jomart Tokayev" not in panel  # unsubstantiated, not false
    assert "Man shown confessing on local television" not in panel  # unverified, not contradicted


def test_several_claimants_are_ranked_most_first(client, db):
    many, one = factories.ClaimantFactory(name="Many"), factories.ClaimantFactory(name="One")
    for claimant in (many, many, one):
        factories.published_claim(rating="false", claimant=claimant)

    ranked = parse(client.get("/").content).find("ol", class_="ranked").text()

    assert ranked.startswith("Many 2")
    assert "One 1" in ranked


def test_latest_verdicts_and_corrections_are_listed(client, fact_checker, editor):
    claim = factories.published_claim(rating="false", summary="Turnout was 90 percent")
    factories.EvidenceFactory(claim=claim)
    add_correction(
        claim,
        rating="mostly_false",
        note="The commission revised its figure.",
        author=fact_checker,
        editor=editor,
    )

    page = parse(client.get("/").content)

    latest = page.find("section", **{"aria-labelledby": "latest-heading"})
    rows = latest.find_all("li", class_="claim-row")
    assert [row.find("h3").text() for row in rows] == ["Turnout was 90 percent"]
    assert rows[0].find("span", class_="badge").text() == "Mostly false"
    assert rows[0].find("span", class_="correction-mark").text() == "corrected"
    corrections = page.find("section", **{"aria-labelledby": "corrections-heading"}).text()
    assert "The commission revised its figure." in corrections
    assert "False → Mostly false" in corrections


def test_anonymous_visitors_see_no_work_queue(client, seeded):
    page = parse(client.get("/").content)

    assert not page.find_all("section", class_="work-queue")


def test_staff_see_the_work_queue(staff_client, fact_checker, editor, db):
    waiting = factories.ClaimFactory(summary="Waiting for an editor")
    factories.EvidenceFactory(claim=waiting)
    workflow.move_claim(claim=waiting, to=Claim.Status.RESEARCHING, by=fact_checker)
    workflow.move_claim(claim=waiting, to=Claim.Status.IN_REVIEW, by=fact_checker)
    unresearched = factories.ClaimFactory(summary="Nobody has found evidence yet")
    workflow.move_claim(claim=unresearched, to=Claim.Status.RESEARCHING, by=fact_checker)
    disagreeing = factories.published_claim(rating="true", summary="Rated true but contradicted")
    factories.EvidenceFactory(claim=disagreeing, stance="contradicts", strength="strong")

    queue = parse(staff_client.get("/").content).find("section", class_="work-queue")

    panels = {panel.find("h3").text(): panel.text() for panel in queue.find_all("section")}
    assert "Waiting for an editor" in panels["Waiting for review (1)"]
    assert "Nobody has found evidence yet" in panels["Needs evidence (1)"]
    assert "Rated true but contradicted" in panels["Verdict disagrees with the evidence (1)"]
