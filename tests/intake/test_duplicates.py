import pytest

from claims.duplicates import merge_duplicate
from claims.models import Claim
from core.records import Refused
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(editor):
    kept = factories.ClaimFactory(text="Fuel prices doubled.", status=Claim.Status.PUBLISHED)
    duplicate = factories.ClaimFactory(
        text="Petrol now costs twice as much.", status=Claim.Status.PUBLISHED
    )
    shared = factories.SourceFactory()
    factories.EvidenceFactory(claim=kept, source=shared, stance="contradicts")
    factories.EvidenceFactory(claim=duplicate, source=shared, stance="contradicts")
    moved = factories.EvidenceFactory(claim=duplicate, stance="supports")
    appearance = factories.AppearanceFactory(claim=duplicate)
    return kept, duplicate, moved, appearance


def test_merging_moves_evidence_and_appearances_to_the_kept_claim(pair, editor):
    kept, duplicate, moved, appearance = pair
    merge_duplicate(duplicate=duplicate, kept=kept, by=editor)
    assert kept.evidence.count() == 2 and duplicate.evidence.count() == 0
    assert set(kept.evidence.values_list("pk", flat=True)) >= {moved.pk}
    assert list(kept.appearances.values_list("pk", flat=True)) == [appearance.pk]
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept


def test_the_duplicates_page_redirects_permanently_and_the_api_says_so(pair, editor, client):
    kept, duplicate, *_ = pair
    merge_duplicate(duplicate=duplicate, kept=kept, by=editor)
    response = client.get(f"/claims/{duplicate.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/claims/{kept.pk}/"
    assert client.get(f"/api/v1/claims/{duplicate.pk}/").json()["duplicate_of"] == kept.pk
    assert client.get(f"/api/v1/claims/{kept.pk}/").json()["duplicate_of"] is None


def test_the_merge_is_in_the_audit_trail_with_who_did_it(pair, editor):
    from claims.models import ClaimHistory, EvidenceHistory

    kept, duplicate, moved, _ = pair
    merge_duplicate(duplicate=duplicate, kept=kept, by=editor)
    event = ClaimHistory.objects.filter(pgh_obj_id=duplicate.pk).latest("pgh_id")
    assert event.duplicate_of_id == kept.pk
    assert event.pgh_context.metadata["user"] == editor.pk
    moved_event = EvidenceHistory.objects.filter(pgh_obj_id=moved.pk).latest("pgh_id")
    assert moved_event.claim_id == kept.pk


def test_a_claim_cannot_be_merged_into_itself_or_into_a_duplicate(pair, editor):
    kept, duplicate, *_ = pair
    with pytest.raises(Refused):
        merge_duplicate(duplicate=kept, kept=kept, by=editor)
    merge_duplicate(duplicate=duplicate, kept=kept, by=editor)
    other = factories.ClaimFactory()
    with pytest.raises(Refused, match="itself a duplicate"):
        merge_duplicate(duplicate=other, kept=duplicate, by=editor)


def test_the_admin_merges_through_its_form(pair, editor, client):
    kept, duplicate, *_ = pair
    client.force_login(editor)
    page = client.get(f"/admin/claims/claim/{duplicate.pk}/merge/").content.decode()
    assert "Id of the claim to keep" in page
    response = client.post(f"/admin/claims/claim/{duplicate.pk}/merge/", {"kept": kept.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept
