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
        assert status.label in statuses
        assert meaning in statuses
    assert rules == [" ".join(rule.split()) for rule in assessment.RULES]


def test_weights_follow_the_assessment_constants(page, monkeypatch, client):
    weights = page.find("section", id="weights").text()
    assert f"counts at {assessment.COUNTING_THRESHOLD} or more" in weights

    monkeypatch.setitem(assessment.RELIABILITY_WEIGHTS, "mixed", 0.45)
    monkeypatch.setattr(assessment, "COUNTING_THRESHOLD", 0.42)
    changed = parse(client.get("/methodology/").content).find("table", class_="weight-table")

    mixed = next(row for row in changed.find_all("tr") if row.find("th").text() == "Mixed")
    assert [cell.text() for cell in mixed.find_all("td")] == ["0.45 counts", "0.32", "0.18"]
    assert "counts at 0.42 or more" in changed.find("caption").text()


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
