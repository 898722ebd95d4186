"""A published verdict is never changed or deleted, whatever path the write takes: the
database trigger refuses it, and the admin refuses it before it gets there."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from claims.models import Verdict
from tests import factories
from tests.admin_payloads import NO_TRANSLATIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.published_claim().current_verdict


def assert_unchanged(verdict):
    stored = Verdict.objects.get(pk=verdict.pk)
    assert (stored.rating, stored.rationale, stored.status) == (
        verdict.rating,
        verdict.rationale,
        Verdict.Status.PUBLISHED,
    )


def test_save_cannot_change_a_published_verdict(published):
    published.rating = "true"
    with pytest.raises(DatabaseError), transaction.atomic():
        published.save()
    published.refresh_from_db()
    assert published.rating == "false"


def test_queryset_update_cannot_change_a_published_verdict(published):
    with pytest.raises(DatabaseError), transaction.atomic():
        Verdict.objects.filter(pk=published.pk).update(rationale="Rewritten quietly.")
    assert_unchanged(published)


def test_delete_cannot_remove_a_published_verdict(published):
    with pytest.raises(DatabaseError), transaction.atomic():
        Verdict.objects.filter(pk=published.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        published.delete()
    assert_unchanged(published)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE claims_verdict SET rating = 'true' WHERE id = %s",
        "UPDATE claims_verdict SET status = 'draft' WHERE id = %s",
        "DELETE FROM claims_verdict WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_a_published_verdict(published, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [published.pk])
    assert_unchanged(published)


def test_drafts_stay_editable(fact_checker):
    draft = factories.VerdictFactory(author=fact_checker)
    Verdict.objects.filter(pk=draft.pk).update(rationale="Better words.")
    draft.delete()
    assert not Verdict.objects.filter(pk=draft.pk).exists()


def test_the_admin_shows_a_published_verdict_read_only(editor_client, published):
    url = reverse("admin:claims_verdict_change", args=[published.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert b'name="rationale"' not in page.content
    assert b'name="_save"' not in page.content


def test_posting_to_a_published_verdict_in_the_admin_is_refused_not_a_crash(
    editor_client, published
):
    url = reverse("admin:claims_verdict_change", args=[published.pk])
    response = editor_client.post(
        url,
        {
            "rating": "true",
            "rationale": "Rewritten.",
            "correction_note": "",
            "loaded_version": published.version,
        },
    )
    assert response.status_code == 403
    assert_unchanged(published)


def test_the_admin_delete_page_refuses_a_published_verdict(editor_client, published):
    url = reverse("admin:claims_verdict_delete", args=[published.pk])
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert_unchanged(published)


def test_delete_selected_refuses_a_selection_with_a_published_verdict(editor_client, published):
    draft = factories.VerdictFactory()
    selection = {"action": "delete_selected", "_selected_action": [published.pk, draft.pk]}
    changelist = reverse("admin:claims_verdict_changelist")
    confirmation = editor_client.post(changelist, selection)
    assert confirmation.status_code == 200
    assert "Cannot delete verdicts" in confirmation.content.decode()
    assert editor_client.post(changelist, {**selection, "post": "yes"}).status_code == 403
    assert Verdict.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_a_verdict_published_while_someone_edits_its_draft_is_not_overwritten(
    checker_client, fact_checker, editor
):
    from claims import workflow
    from claims.models import Claim

    claim = factories.ClaimFactory(status=Claim.Status.IN_REVIEW)
    factories.EvidenceFactory(claim=claim)
    draft = workflow.draft_verdict(
        claim=claim, by=fact_checker, rating="false", rationale="First words."
    )
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    loaded = checker_client.get(url).context["adminform"].form["loaded_version"].value()
    workflow.publish_claim(claim=claim, by=editor)
    response = checker_client.post(
        url,
        {
            "rating": "true",
            "rationale": "Second thoughts.",
            "correction_note": "",
            "loaded_version": loaded,
            **NO_TRANSLATIONS,
        },
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.rationale) == (Verdict.Status.PUBLISHED, "First words.")
