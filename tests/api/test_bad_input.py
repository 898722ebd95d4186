"""Input an outside client can send that once made the server fail: each is now a 400
naming what is wrong (or the answer the request deserves), never a 500."""

import base64
import json

import pytest

from claims.models import Claim, Event
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/claims/",
    "/api/v1/evidence/",
    "/api/v1/sources/",
    "/api/v1/outlets/",
    "/api/v1/claimants/",
    "/api/v1/events/",
    "/api/v1/verdicts/",
    "/api/v1/corrections/",
    "/api/v1/claimreview/",
]


def cursor(content) -> str:
    """A cursor as the API writes them, holding ``content``."""
    return base64.urlsafe_b64encode(json.dumps(content).encode()).decode().rstrip("=")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("%25s=1", "%s"),
        ("%25(name)s=1", "%(name)s"),
        ("page_size=%C2%B2", "page_size"),
        ("page_size=%D9%A3", "page_size"),
        ("page_size=" + "9" * 5000, "page_size"),
        ("page_size=-1", "page_size"),
        ("cursor=" + "A" * 600, "cursor"),
    ],
)
def test_malformed_query_parameters_are_a_400_naming_them(anon, url, query, field):
    response = anon.get(f"{url}?{query}")

    assert response.status_code == 400
    assert response.json()[field][0]


@pytest.mark.parametrize(
    "content",
    [
        ["-updated_at", 5, 1],
        ["-updated_at", "2022-01-01T00:00:00Z", "1"],
        ["-updated_at", "2022-01-01T00:00:00Z", True],
        ["-updated_at", "2022-01-01T00:00:00Z", 2**70],
        ["-updated_at", "not a time", 1],
        ["-updated_at", ["nested"], 1],
        ["-updated_at", "2022-01-01T00:00:00Z"],
        {"ordering": "-updated_at"},
    ],
)
def test_a_well_formed_cursor_with_the_wrong_things_inside_is_a_400(anon, content):
    factories.published_claim()

    response = anon.get(f"/api/v1/claims/?cursor={cursor(content)}")

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_search_cursor_holds_a_number(anon):
    factories.published_claim(summary="Troops were sent")

    bad = anon.get(f"/api/v1/claims/?q=troops&cursor={cursor(['-rank', 'high', 1])}")
    good = anon.get(f"/api/v1/claims/?q=troops&cursor={cursor(['-rank', 0.5, 1])}")

    assert bad.status_code == 400
    assert good.status_code == 200


def test_an_empty_cursor_is_the_first_page(anon):
    claim = factories.published_claim()

    response = anon.get("/api/v1/claims/?cursor=")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [claim.pk]


def test_claimreview_detail_route_returns_the_claims_claimreview(anon):
    claim = factories.published_claim(summary="The confession was voluntary")

    feed_detail = anon.get(f"/api/v1/claimreview/{claim.pk}/")
    action = anon.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    assert feed_detail.status_code == 200
    assert feed_detail.json() == action.json()
    assert feed_detail.json()["claimReviewed"] == "The confession was voluntary"
    assert feed_detail["ETag"] == action["ETag"]


def test_claimreview_detail_route_hides_an_unpublished_claim(anon):
    draft = factories.ClaimFactory()

    assert anon.get(f"/api/v1/claimreview/{draft.pk}/").status_code == 404


def test_unknown_parameter_on_the_claimreview_feed_is_a_400(anon):
    assert anon.get("/api/v1/claimreview/?colour=red").status_code == 400


def test_json_nested_a_thousand_deep_is_a_400(checker_api):
    body = "[" * 1000 + "]" * 1000

    response = checker_api.post("/api/v1/events/", body, content_type="application/json")

    assert response.status_code == 400
    assert "deeper" in response.json()["detail"] or "depth" in response.json()["detail"]
    assert not Event.objects.exists()


def test_json_nested_past_the_limit_is_a_400(checker_api):
    body = {"name": "Unrest", "slug": "unrest", "description": [[[[[[[[["deep"]]]]]]]]]}

    response = checker_api.post("/api/v1/events/", body, format="json")

    assert response.status_code == 400
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "\\ud800", "slug": "x"}',
        b'{"name": "x", "slug": NaN}',
        b'{"name": "x", "slug": "x", "starts_on": 1e400}',
        b'{"name": "x", "slug": ',
        '{"name": "caf\xe9"}'.encode("latin-1"),
    ],
)
def test_bodies_that_are_not_strict_json_are_a_400(checker_api, body):
    response = checker_api.post("/api/v1/events/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "a\x00b", "slug": "nul"}, "name"),
        ({"name": "x" * 10_000, "slug": "long"}, "name"),
        ({"name": "Unrest", "slug": "unrest", "starts_on": 10**30}, "starts_on"),
    ],
)
def test_nul_over_long_and_huge_field_values_are_a_400(checker_api, payload, field):
    response = checker_api.post("/api/v1/events/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("claim", [10**30, 1e300, 2**63, -1, True, "²"])
def test_huge_or_odd_ids_in_a_body_are_a_400(checker_api, claim):
    source = factories.SourceFactory()

    response = checker_api.post(
        "/api/v1/evidence/",
        {"claim": claim, "source": source.pk, "stance": "supports"},
        format="json",
    )

    assert response.status_code == 400
    assert "claim" in response.json()


@pytest.mark.parametrize("version", ["²", "٣", "9" * 5000, -1, 1.5, True, [1], {"v": 1}])
def test_a_version_that_is_not_a_whole_number_is_a_400(checker_api, version):
    claim = factories.ClaimFactory(summary="Before")

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"summary": "x", "version": version}, format="json"
    )

    assert response.status_code == 400
    assert "version" in response.json()
    claim.refresh_from_db()
    assert claim.summary == "Before"


@pytest.mark.parametrize("header", ['"²-abc"', '"99999999999999999999999-abc"', "W/"])
def test_an_if_match_that_is_not_a_version_is_a_400(checker_api, header):
    claim = factories.ClaimFactory(summary="Before")

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"summary": "x"}, format="json", HTTP_IF_MATCH=header
    )

    assert response.status_code == 400
    assert "If-Match" in response.json()
    assert Claim.objects.get(pk=claim.pk).summary == "Before"


@pytest.mark.parametrize("pk", ["99999999999999999999999", "9" * 5000])
def test_a_huge_id_in_the_address_is_a_404(anon, pk):
    assert anon.get(f"/api/v1/claims/{pk}/").status_code == 404
    assert anon.get(f"/claims/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["q=a%00b", "q=" + "x" * 5000, "claimant=a%00b", "claimant=" + "x" * 5000, "updated_since=%00"],
)
def test_nul_bytes_and_long_values_in_api_filters_are_a_400(anon, query):
    assert anon.get(f"/api/v1/claims/?{query}").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["q=a%00b", "q=" + "x" * 5000, "claimant=a%00b", "stated_from=%00", "stated_from=99999-01-01"],
)
def test_nul_bytes_and_long_values_in_page_filters_are_a_400(anon, query):
    assert anon.get(f"/claims/?{query}").status_code == 400


@pytest.mark.parametrize("encoding", ["json", "form", "multipart"])
def test_a_nul_character_in_a_related_slug_is_a_400_naming_the_field(checker_api, encoding):
    factories.OutletFactory(slug="kaztag")
    data = {"name": "Ministry", "slug": "ministry", "affiliations": ["kaz\x00tag"]}

    if encoding == "json":
        response = checker_api.post("/api/v1/claimants/", data, format="json")
    elif encoding == "form":
        response = checker_api.post(
            "/api/v1/claimants/",
            "name=Ministry&slug=ministry&affiliations=kaz%00tag",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = checker_api.post("/api/v1/claimants/", data, format="multipart")

    assert response.status_code == 400
    assert response.json()["affiliations"] == ["Null characters are not allowed."]
