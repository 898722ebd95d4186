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


def test_a_fact_checker_cannot_merge_on_any_path(pair, fact_checker, client):
    kept, duplicate, *_ = pair
    with pytest.raises(Refused, match="Only editors merge"):
        merge_duplicate(duplicate=duplicate, kept=kept, by=fact_checker)

    client.force_login(fact_checker)
    form = client.get(f"/admin/claims/claim/{duplicate.pk}/merge/")
    posted = client.post(f"/admin/claims/claim/{duplicate.pk}/merge/", {"kept": kept.pk})
    listing = client.get("/admin/claims/claim/").content.decode()

    assert form.status_code == posted.status_code == 403
    assert "mark_duplicate" not in listing
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None


def test_the_merge_action_is_offered_to_editors(editor_client):
    factories.ClaimFactory()
    assert "mark_duplicate" in editor_client.get("/admin/claims/claim/").content.decode()


def test_a_published_claim_is_never_merged_into_an_unpublished_one(editor, client):
    published = factories.published_claim(text="Fuel prices doubled.")
    moved = factories.EvidenceFactory(claim=published)
    unpublished = factories.ClaimFactory(text="Petrol costs twice as much.")

    with pytest.raises(Refused, match="merged only into a published one"):
        merge_duplicate(duplicate=published, kept=unpublished, by=editor)

    client.force_login(editor)
    response = client.post(f"/admin/claims/claim/{published.pk}/merge/", {"kept": unpublished.pk})
    assert response.status_code == 200
    assert "merged only into a published one" in response.content.decode()
    published.refresh_from_db()
    moved.refresh_from_db()
    assert published.duplicate_of is None and moved.claim_id == published.pk
    assert client.logout() is None and client.get(f"/claims/{published.pk}/").status_code == 200


def test_an_unpublished_claim_may_be_merged_into_an_unpublished_one(editor):
    first, second = factories.ClaimFactory(), factories.ClaimFactory()

    merge_duplicate(duplicate=first, kept=second, by=editor)

    first.refresh_from_db()
    assert first.duplicate_of == second


def test_readers_learn_duplicate_of_only_when_the_kept_claim_is_public(pair, editor, client):
    from claims import workflow

    kept, duplicate, *_ = pair
    merge_duplicate(duplicate=duplicate, kept=kept, by=editor)
    workflow.retract_claim(claim=kept, by=editor, reason="Misquoted.")

    anonymous = client.get(f"/api/v1/claims/{duplicate.pk}/").json()
    listed = {row["id"]: row for row in client.get("/api/v1/claims/").json()["results"]}
    client.force_login(editor)
    staff = client.get(f"/api/v1/claims/{duplicate.pk}/").json()
    client.logout()

    assert anonymous["duplicate_of"] is None, "the retracted claim's id is not the public's"
    assert listed[duplicate.pk]["duplicate_of"] is None
    assert staff["duplicate_of"] == kept.pk
    assert client.get(f"/claims/{duplicate.pk}/").status_code == 200
