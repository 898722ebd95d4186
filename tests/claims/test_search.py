"""Full-text search: the stored search document, ranked, the same for the API, the claims
page and the admin."""

import pytest

from claims.models import Claim
from claims.models import claim as claim_models
from tests import factories

pytestmark = pytest.mark.django_db


def ranked(query: str) -> list[str]:
    return list(
        Claim.objects.search(query)
        .order_by("-search_rank", "-id")
        .values_list("summary", flat=True)
    )


def test_a_word_in_the_summary_outranks_the_same_word_only_in_the_text():
    factories.ClaimFactory(summary="Turnout figures", text="Officials counted ballots twice.")
    factories.ClaimFactory(summary="Ballots burned in the square", text="Ballots were burned.")
    factories.ClaimFactory(summary="Prices rose", text="Bread prices rose sharply.")

    assert ranked("ballots") == ["Ballots burned in the square", "Turnout figures"]


def test_search_understands_stems_phrases_and_exclusions():
    factories.ClaimFactory(summary="Troops fired on protesters", text="Shots.")
    factories.ClaimFactory(summary="Protesters fired at troops", text="Stones.")
    factories.ClaimFactory(summary="Protesters marched peacefully", text="A march.")

    assert len(ranked("protester")) == 3
    assert ranked('"troops fired"') == ["Troops fired on protesters"]
    assert ranked("protesters -troops") == ["Protesters marched peacefully"]


def test_only_the_most_recent_candidates_are_ranked(monkeypatch):
    monkeypatch.setattr(claim_models, "SEARCH_CANDIDATES", 2)
    old = factories.ClaimFactory(summary="Grain exports grain grain", text="Grain.")
    newer = [factories.ClaimFactory(summary=f"Grain {n}", text="Exports.") for n in range(2)]

    found = set(Claim.objects.search("grain").values_list("pk", flat=True))

    assert found == {claim.pk for claim in newer}
    assert old.pk not in found


def test_the_search_document_follows_edits_of_the_text():
    claim = factories.ClaimFactory(summary="Wages", text="Wages were cut.")
    Claim.objects.filter(pk=claim.pk).update(text="Pensions were frozen.")

    assert Claim.objects.matching("pensions").filter(pk=claim.pk).exists()
    assert not Claim.objects.matching("cut").filter(pk=claim.pk).exists()


def test_the_api_the_claims_page_and_the_admin_find_the_same_claims(client, admin_client):
    hit = factories.published_claim(summary="Refugees were deported", text="Deported refugees.")
    factories.published_claim(summary="Bridges were built", text="Two bridges.")

    api = client.get("/api/v1/claims/", {"q": "deported"}).json()["results"]
    page = client.get("/claims/", {"q": "deported"})
    admin = admin_client.get("/admin/claims/claim/", {"q": "deported"})

    assert [row["id"] for row in api] == [hit.pk]
    assert [claim.pk for claim in page.context["page"].object_list] == [hit.pk]
    assert [claim.pk for claim in admin.context["cl"].result_list] == [hit.pk]
