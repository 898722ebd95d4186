import pytest

from claims import assessment
from claims.ratings import SCALE
from tests.web.dom import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    response = client.get("/methodology/")
    assert response.status_code == 200
    return parse(response.content)


def test_rating_scale_is_rendered_from_the_ratings_module(page):
    rows = page.find("section", **{"aria-labelledby": "scale-heading"}).find("tbody").find_all("tr")

    assert [row.find("th").text() for row in rows] == [info.label for info in SCALE.values()]
    for row, info in zip(rows, SCALE.values(), strict=True):
        cells = [cell.text() for cell in row.find_all("td")]
        assert cells == [str(info.value) if info.value is not None else "none", info.description]


def test_evidence_statuses_and_rules_are_rendered_from_the_assessment(page):
    statuses = page.find("dl", class_="statuses").text()
    rules = [li.text() for li in page.find("ol", class_="rules").find_all("li")]

    for status, meaning in assessment.STATUS_MEANINGS.items():
        assert str(status.label) in statuses
        assert str(meaning) in statuses
    assert rules == [" ".join(rule.split()) for rule in map(str, assessment.RULES)]


def test_what_counts_follows_the_assessment_constants(page, monkeypatch, client):
    table = page.find("table", class_="qualification-table")
    rows = {row.find("th").text(): row for row in table.find("tbody").find_all("tr")}
    cells = {name: [c.text() for c in row.find_all("td")] for name, row in rows.items()}

    # Strong, moderate, weak: only high and mixed outlets, and never weak material.
    assert cells["High"] == ["counts", "counts", "does not count"]
    assert cells["Mixed"] == ["counts", "counts", "does not count"]
    assert cells["Unknown"] == ["does not count"] * 3
    assert cells["Low"] == ["does not count"] * 3

    monkeypatch.setattr(assessment, "QUALIFYING_RELIABILITY", ("high", "mixed", "unknown"))
    changed = parse(client.get("/methodology/").content).find("table", class_="qualification-table")
    unknown = next(row for row in changed.find_all("tr") if row.find("th").text() == "Unknown")
    assert [c.text() for c in unknown.find_all("td")] == ["counts", "counts", "does not count"]


def test_every_number_of_the_rules_module_is_on_the_page(page):
    section = page.find("section", id="qualification").text()

    assert f"differ in at most {assessment.NEAR_DUPLICATE_BITS} of 64 bits" in section
    assert f"at least {assessment.CORROBORATION_ORIGINS} independent origins in support" in section
    assert f"at least {assessment.CONTRADICTION_ORIGINS} independent origin against" in section
    for reason in (
        "unattributed",
        "unknown reliability",
        "low reliability",
        "weak",
        "not verified",
    ):
        assert reason in section
    for kind in ("Eyewitness account", "Video or broadcast", "Photo", "Social media post"):
        assert kind in section
    assert page.find("p", class_="symmetry").text() == " ".join(assessment.SYMMETRY.split())


def test_the_disagreement_flag_rule_is_rendered_from_the_assessment_service(page):
    from claims.assessment_service import DISAGREEMENT_RULE

    assert page.find("p", class_="disagreement-rule").text() == DISAGREEMENT_RULE


def test_the_evidence_check_is_introduced_as_not_a_verdict(page):
    lede = page.find("p", class_="lede").text()

    assert "automatic evidence check" in lede
    assert "is not a verdict" in lede
    statuses = [dt.text() for dt in page.find("dl", class_="statuses").find_all("dt")]
    assert "Evidence check: No independent evidence" in statuses
    assert "Evidence check: Not yet researched" in statuses
