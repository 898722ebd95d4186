"""Cheap polling (ETag, 304) and safe writes (a stated version, 412 and 428)."""

import threading

import pytest
from django.db import connection

from claims.models import Claim
from tests import factories
from tests.api.conftest import token_client


@pytest.mark.django_db
def test_unchanged_list_answers_304_and_a_change_makes_it_200_again(anon):
    claim = factories.published_claim()
    first = anon.get("/api/v1/claims/")
    tag = first["ETag"]

    unchanged = anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=tag)
    Claim.objects.filter(pk=claim.pk).update(summary="Reworded")
    changed = anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=tag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == tag
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    assert changed.json()["results"][0]["summary"] == "Reworded"


@pytest.mark.django_db
def test_an_unchanged_list_is_answered_without_building_any_claim(anon):
    factories.published_claim()
    tag = anon.get("/api/v1/claims/")["ETag"]

    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=tag).status_code == 304

    assert not any("json_build_object" in q["sql"] for q in captured.captured_queries)


@pytest.mark.django_db
def test_list_tag_follows_the_claimant_shown_inside_each_claim(anon):
    claim = factories.published_claim()
    tag = anon.get("/api/v1/claims/")["ETag"]

    claim.claimant.name = "Renamed claimant"
    claim.claimant.save()

    assert anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=tag).status_code == 200


@pytest.mark.django_db
def test_a_new_published_claim_changes_the_list_tag(anon):
    factories.published_claim()
    tag = anon.get("/api/v1/claims/")["ETag"]

    factories.published_claim()

    assert anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=tag).status_code == 200


@pytest.mark.django_db
def test_unchanged_detail_answers_304_and_new_evidence_makes_it_200(anon):
    claim = factories.published_claim()
    first = anon.get(f"/api/v1/claims/{claim.pk}/")
    tag = first["ETag"]

    unchanged = anon.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=tag)
    factories.EvidenceFactory(claim=claim, stance="context")
    changed = anon.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=tag)

    assert first["Last-Modified"]
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert len(changed.json()["evidence"]) == 1


@pytest.mark.django_db
def test_detail_tag_follows_an_edit_of_the_evidence_source(anon):
    claim = factories.published_claim()
    evidence = factories.EvidenceFactory(claim=claim)
    tag = anon.get(f"/api/v1/claims/{claim.pk}/")["ETag"]

    evidence.source.title = "Corrected title"
    evidence.source.save()

    assert anon.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=tag).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["evidence", "sources", "outlets", "claimants", "events", "verdicts"]
)
def test_every_endpoint_answers_304_when_unchanged(anon, path):
    claim = factories.published_claim()
    evidence = factories.EvidenceFactory(claim=claim)
    record = {
        "evidence": evidence, "sources": evidence.source, "outlets": evidence.source.outlet,
        "claimants": claim.claimant, "events": claim.event, "verdicts": claim.current_verdict,
    }[path]  # fmt: skip
    for url in (f"/api/v1/{path}/", f"/api/v1/{path}/{record.pk}/"):
        tag = anon.get(url)["ETag"]
        assert anon.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304, url


@pytest.mark.django_db
def test_stale_version_gets_412_and_changes_nothing(checker_api):
    claim = factories.ClaimFactory(summary="Original")
    read = checker_api.get(f"/api/v1/claims/{claim.pk}/")
    Claim.objects.filter(pk=claim.pk).update(text="Someone else's edit")

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"summary": "Mine"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    claim.refresh_from_db()
    assert response.status_code == 412
    assert response.json()["current_version"] == claim.version
    assert claim.summary == "Original"
    assert claim.text == "Someone else's edit"


@pytest.mark.django_db
def test_stale_version_in_the_body_gets_412(checker_api):
    claim = factories.ClaimFactory(summary="Original")
    stale = claim.version
    Claim.objects.filter(pk=claim.pk).update(text="Someone else's edit")

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"summary": "Mine", "version": stale}, format="json"
    )

    claim.refresh_from_db()
    assert response.status_code == 412
    assert claim.summary == "Original"


@pytest.mark.django_db
def test_write_without_a_version_gets_428_and_changes_nothing(checker_api):
    claim = factories.ClaimFactory(summary="Original")

    response = checker_api.patch(f"/api/v1/claims/{claim.pk}/", {"summary": "Mine"}, format="json")

    claim.refresh_from_db()
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert claim.summary == "Original"


@pytest.mark.django_db
def test_current_etag_in_if_match_applies_the_change_and_returns_the_new_tag(checker_api):
    claim = factories.ClaimFactory(summary="Original")
    tag = checker_api.get(f"/api/v1/claims/{claim.pk}/")["ETag"]

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"summary": "Reworded"}, format="json", HTTP_IF_MATCH=tag
    )

    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Reworded"
    assert response.json()["version"] == claim.version + 1
    assert response["ETag"] != tag
    assert (
        checker_api.get(
            f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )


@pytest.mark.django_db
def test_malformed_if_match_is_a_400(checker_api):
    claim = factories.ClaimFactory()

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"summary": "Mine"}, format="json", HTTP_IF_MATCH='"abc"'
    )

    assert response.status_code == 400
    assert "If-Match" in response.json()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_writers_with_the_same_version_get_one_success_and_nineteen_412():
    user = factories.FactCheckerFactory(username="racer")
    claim = factories.ClaimFactory(summary="Original")
    version = claim.version
    clients = [token_client(user) for _ in range(20)]
    barrier = threading.Barrier(20)
    statuses = []

    def write(number, client):
        try:
            barrier.wait()
            response = client.patch(
                f"/api/v1/claims/{claim.pk}/",
                {"summary": f"Writer {number}", "version": version},
                format="json",
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    claim.refresh_from_db()
    assert sorted(statuses) == [200] + [412] * 19
    assert claim.version == version + 1
    assert claim.summary.startswith("Writer ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/?page_size=2&ordering=updated_at",
        "/api/v1/events/?page_size=2",
        "/api/v1/claimreview/?page_size=2&ordering=updated_at",
    ],
)
def test_a_page_that_gains_a_next_page_has_a_new_tag(anon, url):
    """The rows of the first page stay the same; only its next link appears."""
    for _ in range(2):
        factories.published_claim()
    first = anon.get(url)
    assert first.json()["next"] is None

    factories.published_claim()
    again = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again.json()["next"] is not None
