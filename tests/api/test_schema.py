"""The OpenAPI schema validates, its docs are served without a CDN, and the claim shape it
documents is the one the API returns."""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from tests import factories

pytestmark = pytest.mark.django_db


def test_schema_generates_and_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    assert "/api/v1/claims/{id}/claimreview/" in (tmp_path / "schema.yml").read_text()


def test_schema_and_docs_are_served_with_local_assets(anon):
    schema = anon.get("/api/schema/")
    docs = anon.get("/api/docs/")

    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content
    assert b"cdn" not in docs.content.lower()


def documented_properties(component):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return schema["components"]["schemas"][component]["properties"]


def test_documented_claim_fields_are_the_ones_returned(anon, checker_api):
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim)
    factories.AppearanceFactory(claim=claim)

    listed = anon.get("/api/v1/claims/").json()["results"][0]
    detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()

    assert set(listed) == set(documented_properties("Claim"))
    assert set(detail) == set(documented_properties("ClaimDetail"))
    assert set(listed["verdict"]) == set(documented_properties("CurrentVerdict"))
    assert set(listed["evidence_counts"]) == set(documented_properties("EvidenceCounts"))


def test_api_root_lists_the_endpoints_to_anyone(anon):
    response = anon.get("/api/v1/")

    assert response.status_code == 200
    assert set(response.json()) == {
        "claims", "evidence", "sources", "outlets", "claimants", "events", "verdicts",
        "corrections", "claimreview", "webhooks", "tips", "external-reviews", "notifications",
        "quantities", "figures",
    }  # fmt: skip


@pytest.mark.parametrize("path", ["", "claims/", "claims/{id}/", "evidence/", "claimreview/"])
def test_browsable_pages_render_for_people_in_a_browser(anon, path):
    claim = factories.published_claim()

    response = anon.get(f"/api/v1/{path.format(id=claim.pk)}", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert claim.summary in response.content.decode() or path == ""


@pytest.fixture
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_updates_document_the_version_protocol(schema):
    patch = schema["paths"]["/api/v1/claims/{id}/"]["patch"]
    headers = {p["name"] for p in patch["parameters"] if p["in"] == "header"}
    body = patch["requestBody"]["content"]["application/json"]["schema"]["allOf"][1]

    assert "If-Match" in headers
    assert body["properties"]["version"]["type"] == "integer"
    assert {"412", "428", "400", "401", "403", "404", "429"} <= set(patch["responses"])
    assert "current_version" in schema["components"]["schemas"]["StaleVersion"]["properties"]


def test_reads_document_the_not_modified_answer(schema):
    listing = schema["paths"]["/api/v1/claims/"]["get"]

    assert "304" in listing["responses"]
    assert any(p["name"] == "If-None-Match" for p in listing["parameters"])


def test_public_reads_are_open_to_anonymous_clients_and_writes_are_not(schema):
    paths = schema["paths"]

    assert {} in paths["/api/v1/claims/"]["get"]["security"]
    assert {} in paths["/api/v1/sources/{id}/"]["get"]["security"]
    assert {} not in paths["/api/v1/claims/"]["post"]["security"]
    assert {} not in paths["/api/v1/claims/{id}/history/"]["get"]["security"]


def test_a_sources_outlet_is_documented_as_nullable(schema):
    outlet = schema["components"]["schemas"]["Source"]["properties"]["outlet"]

    assert outlet.get("nullable") is True or {"nullable": True} in outlet.get("allOf", [])


def test_unknown_api_addresses_answer_json(anon):
    response = anon.get("/api/v1/claims/not-a-number/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
