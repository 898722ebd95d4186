"""CSV export of the claims list."""

import csv
import io

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def exported(client, query=""):
    response = client.get(f"/api/v1/claims/export/{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_has_every_published_claim_with_its_verdict_and_evidence_status(anon):
    claim = factories.published_claim(rating="false", summary="Twenty thousand bandits")
    factories.ClaimFactory(summary="A draft")

    rows = exported(anon)

    assert [row["summary"] for row in rows] == ["Twenty thousand bandits"]
    assert rows[0]["verdict"] == "false"
    assert rows[0]["verdict_label"] == "False"
    assert rows[0]["evidence_status"] == claim.evidence_status
    assert rows[0]["claimant_slug"] == claim.claimant.slug


def test_export_takes_the_list_filters(anon):
    factories.published_claim(rating="false", summary="False one")
    factories.published_claim(rating="true", summary="True one")

    assert [row["summary"] for row in exported(anon, "?verdict=true")] == ["True one"]
    assert anon.get("/api/v1/claims/export/?verdict=pants").status_code == 400


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_spreadsheets_would_run_as_formulas_are_neutralised(anon, start):
    factories.published_claim(
        summary=f'{start}HYPERLINK("http://evil.example")', text=f"{start}1+1"
    )

    row = exported(anon)[0]

    assert row["summary"] == f'\'{start}HYPERLINK("http://evil.example")'
    assert row["text"] == f"'{start}1+1"
