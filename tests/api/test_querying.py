"""Filters, search, ordering and cursor pagination of the claims list."""

import datetime

import pytest
from django.utils import timezone

from claims.assessment import EvidenceStatus
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [claim["id"] for claim in response.json()["results"]]


def test_claim_list_item_has_the_stable_contract(anon):
    claim = factories.published_claim(rating="mostly_true", stated_on=datetime.date(2022, 1, 7))

    item = anon.get("/api/v1/claims/").json()["results"][0]

    assert list(item) == [
        "id", "url", "public_url", "text", "summary", "language", "translations", "claimant", "event", "stated_on",
        "stated_on_precision", "interested_countries", "kind", "checkable",
        "status", "duplicate_of", "evidence_status", "evidence_status_label", "evidence_counts", "assessment",
        "verdict", "created_at", "updated_at", "version",
    ]  # fmt: skip
    assert (item["evidence_status"], item["evidence_status_label"]) == (
        "unverified",
        "Not yet researched",
    )
    assert item["url"] == f"http://testserver/api/v1/claims/{claim.pk}/"
    assert item["claimant"] == {
        "id": claim.claimant_id,
        "name": claim.claimant.name,
        "slug": claim.claimant.slug,
    }
    assert item["event"] == {
        "id": claim.event_id,
        "name": claim.event.name,
        "slug": claim.event.slug,
    }
    assert item["stated_on"] == "2022-01-07"
    assert set(item["evidence_counts"]) == {
        "supporting", "contradicting", "context", "independent_supporting", "independent_contradicting",
    }  # fmt: skip
    assert item["verdict"]["rating"] == "mostly_true"
    assert item["verdict"]["label"] == "Mostly true"
    assert item["verdict"]["published_at"].endswith("Z")


def test_claim_without_event_or_verdict_shows_nulls(checker_api):
    claim = factories.ClaimFactory(event=None)

    item = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()

    assert item["event"] is None
    assert item["verdict"] is None


def test_filters_by_verdict_claimant_event_checkable_and_evidence_status(anon):
    false = factories.published_claim(rating="false")
    true = factories.published_claim(rating="true")
    opinion = factories.published_claim(rating="not_checkable", checkable=False)
    Claim.objects.filter(pk=true.pk).update(evidence_status=EvidenceStatus.CORROBORATED)

    assert ids(anon.get("/api/v1/claims/?verdict=false")) == [false.pk]
    assert ids(anon.get(f"/api/v1/claims/?claimant={true.claimant.slug}")) == [true.pk]
    assert ids(anon.get(f"/api/v1/claims/?event={opinion.event.slug}")) == [opinion.pk]
    assert ids(anon.get("/api/v1/claims/?checkable=false")) == [opinion.pk]
    assert ids(anon.get("/api/v1/claims/?evidence_status=corroborated")) == [true.pk]
    assert set(ids(anon.get("/api/v1/claims/?status=published"))) == {false.pk, true.pk, opinion.pk}


def test_status_filter_reaches_unpublished_claims_for_staff(checker_api):
    draft = factories.ClaimFactory()
    factories.published_claim()

    assert ids(checker_api.get("/api/v1/claims/?status=draft")) == [draft.pk]


def test_updated_since_returns_claims_changed_at_or_after_it(anon):
    before = factories.published_claim()
    since = timezone.now()
    after = factories.published_claim()

    response = anon.get("/api/v1/claims/", {"updated_since": since.isoformat()})
    Claim.objects.filter(pk=before.pk).update(summary="Edited since")
    again = anon.get("/api/v1/claims/", {"updated_since": since.isoformat()})

    assert ids(response) == [after.pk]
    assert ids(again) == [before.pk, after.pk]


def test_search_finds_words_in_text_and_summary_ranked_best_first(anon):
    weak = factories.published_claim(
        summary="Troops arrived", text="Foreign troops arrived in Almaty."
    )
    strong = factories.published_claim(
        summary="Bandits and troops",
        text="Twenty thousand bandits attacked; troops, troops everywhere.",
    )
    factories.published_claim(summary="Fuel prices", text="Fuel prices doubled.")

    assert ids(anon.get("/api/v1/claims/?q=troops")) == [strong.pk, weak.pk]
    assert ids(anon.get("/api/v1/claims/?q=bandits")) == [strong.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=finished", "status"),
        ("evidence_status=proven", "evidence_status"),
        ("verdict=pants-on-fire", "verdict"),
        ("claimant=nobody", "claimant"),
        ("event=no-such-event", "event"),
        ("checkable=maybe", "checkable"),
        ("updated_since=last-tuesday", "updated_since"),
        ("ordering=popularity", "ordering"),
        ("page_size=201", "page_size"),
        ("page_size=0", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
        ("colour=red", "colour"),
    ],
)
def test_unknown_filter_values_are_a_400_that_names_the_parameter(anon, query, field):
    response = anon.get(f"/api/v1/claims/?{query}")

    assert response.status_code == 400
    assert field in response.json()
    assert response.json()[field][0]


def test_ordering_by_stated_on_keeps_claims_without_a_date(anon):
    early = factories.published_claim(stated_on=datetime.date(2022, 1, 5))
    late = factories.published_claim(stated_on=datetime.date(2022, 1, 9))
    undated = factories.published_claim(stated_on=None)

    def pages(ordering):
        seen, url = [], f"/api/v1/claims/?ordering={ordering}&page_size=1"
        while url:
            page = anon.get(url).json()
            seen += [claim["id"] for claim in page["results"]]
            url = page["next"]
        return seen

    assert pages("stated_on") == [early.pk, late.pk, undated.pk]
    assert pages("-stated_on") == [undated.pk, late.pk, early.pk]


def test_cursor_pages_are_stable_while_claims_are_inserted(anon):
    originals = [factories.published_claim().pk for _ in range(7)]
    seen, url, inserted = [], "/api/v1/claims/?page_size=3", []

    while url:
        page = anon.get(url).json()
        seen += [claim["id"] for claim in page["results"]]
        inserted.append(factories.published_claim().pk)
        url = page["next"]

    assert seen == sorted(originals, reverse=True)
    assert not set(seen) & set(inserted)


def test_ascending_cursor_pages_reach_claims_inserted_meanwhile_once(anon):
    originals = [factories.published_claim().pk for _ in range(5)]
    seen, url, inserted = [], "/api/v1/claims/?ordering=updated_at&page_size=2", []

    while url:
        page = anon.get(url).json()
        seen += [claim["id"] for claim in page["results"]]
        if len(inserted) < 2:
            inserted.append(factories.published_claim().pk)
        url = page["next"]

    assert seen == originals + inserted
    assert len(seen) == len(set(seen))


def test_claims_sharing_an_update_time_are_all_paged_once(anon):
    moment, claimant = timezone.now(), factories.ClaimantFactory()
    rows = Claim.objects.bulk_create(
        Claim(language="en", text=f"Said {n}", summary=f"Claim {n}", claimant=claimant,
              status=Claim.Status.PUBLISHED, updated_at=moment)
        for n in range(5)
    )  # fmt: skip
    claims = [claim.pk for claim in rows]
    assert Claim.objects.filter(updated_at=moment).count() == 5

    seen, url = [], "/api/v1/claims/?page_size=2"
    while url:
        page = anon.get(url).json()
        seen += [claim["id"] for claim in page["results"]]
        url = page["next"]

    assert seen == sorted(claims, reverse=True)


def test_cursor_from_another_ordering_is_refused(anon):
    for _ in range(2):
        factories.published_claim()
    next_url = anon.get("/api/v1/claims/?page_size=1").json()["next"]

    response = anon.get(next_url.replace("page_size=1", "page_size=1&ordering=created_at"))

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_updated_since_with_an_unencoded_plus_says_how_to_write_it(anon):
    response = anon.get("/api/v1/claims/?updated_since=2022-01-31T12:00:00+06:00")
    encoded = anon.get("/api/v1/claims/?updated_since=2022-01-31T12:00:00%2B06:00")

    assert response.status_code == 400
    assert "%2B" in response.json()["updated_since"][0]
    assert encoded.status_code == 200
