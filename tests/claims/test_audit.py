"""Every change is recorded with who made it and through what, whatever path it takes."""

import pghistory
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Evidence
from core import audit
from tests import factories
from tests.admin_payloads import EMPTY_INLINES

pytestmark = pytest.mark.django_db


def events(model_label, **filters):
    return (
        apps.get_model(model_label)
        .objects.filter(**filters)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )


def last_event(obj):
    return events(f"{obj._meta.app_label}.{obj._meta.object_name}History", pgh_obj_id=obj.pk).last()


def metadata(event):
    return event.pgh_context.metadata if event.pgh_context else {}


def test_an_admin_edit_is_recorded_with_the_user_and_the_page(editor_client, editor):
    claim = factories.ClaimFactory(summary="Before")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        name: field.value()
        for name, field in ((n, form[n]) for n in form.fields)
        if field.value() is not None
    }
    data.update({"summary": "After", **EMPTY_INLINES})
    data["checkable"] = "on"
    assert editor_client.post(url, data).status_code == 302
    event = events(
        "claims.ClaimHistory", pgh_obj_id=claim.pk, pgh_label="update", summary="After"
    ).get()
    assert metadata(event) == {"user": editor.pk, "url": url}


def test_a_workflow_step_in_the_admin_is_recorded_with_the_user(editor_client, editor):
    claim = factories.ClaimFactory(status=Claim.Status.DRAFT)
    editor_client.post(
        reverse("admin:claims_claim_step", args=[claim.pk, Claim.Status.RESEARCHING])
    )
    event = last_event(claim)
    assert event.status == Claim.Status.RESEARCHING
    assert metadata(event)["user"] == editor.pk


def test_a_command_is_recorded_by_name():
    call_command("load_seeds")
    claim = Claim.objects.get(ref="twenty-thousand-bandits")
    insert = events("claims.ClaimHistory", pgh_obj_id=claim.pk, pgh_label="insert").get()
    assert metadata(insert) == {"command": "load_seeds"}
    evidence = events("claims.EvidenceHistory", claim_id=claim.pk)
    assert evidence.exists()
    assert all(metadata(event) == {"command": "load_seeds"} for event in evidence)


def test_a_command_acting_for_a_person_records_both(editor):
    claim = factories.ClaimFactory(status=Claim.Status.DRAFT)
    call_command("claim_workflow", str(claim.pk), "research", by=editor.username)
    assert metadata(last_event(claim)) == {"command": "claim_workflow", "user": editor.pk}


def test_the_workflow_command_refuses_an_illegal_step_with_the_reason(editor):
    claim = factories.ClaimFactory(status=Claim.Status.DRAFT)
    with pytest.raises(CommandError, match="must be in review"):
        call_command("claim_workflow", str(claim.pk), "publish", by=editor.username)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_queryset_update_is_recorded_with_the_user_in_context(editor):
    claims = factories.ClaimFactory.create_batch(3)
    with pghistory.context(user=editor.pk):
        Claim.objects.filter(pk__in=[c.pk for c in claims]).update(checkable=False)
    updates = events("claims.ClaimHistory", pgh_label="update", checkable=False)
    assert updates.count() == 3
    assert {metadata(e)["user"] for e in updates} == {editor.pk}


def test_bulk_create_is_recorded_row_by_row(editor):
    claim = factories.ClaimFactory()
    sources = factories.SourceFactory.create_batch(3)
    with pghistory.context(user=editor.pk):
        Evidence.objects.bulk_create(
            Evidence(claim=claim, source=s, stance="supports") for s in sources
        )
    inserts = events("claims.EvidenceHistory", claim_id=claim.pk, pgh_label="insert")
    assert inserts.count() == 3
    assert {metadata(e)["user"] for e in inserts} == {editor.pk}


def test_raw_sql_is_recorded_with_the_user_in_context(editor):
    claim = factories.ClaimFactory()
    with pghistory.context(user=editor.pk), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_claim SET summary = 'Rewritten in SQL' WHERE id = %s", [claim.pk]
        )
    event = last_event(claim)
    assert event.summary == "Rewritten in SQL"
    assert metadata(event)["user"] == editor.pk


def test_raw_sql_outside_any_context_is_still_recorded():
    claim = factories.ClaimFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_claim SET summary = 'Nobody said who' WHERE id = %s", [claim.pk]
        )
    event = last_event(claim)
    assert event.summary == "Nobody said who"
    assert event.pgh_context is None
    [entry] = audit.entries(audit.events_since(claim, version=1))
    assert entry.who == "no user recorded (a direct database change)"


@pytest.mark.parametrize(
    "make, change, history",
    [
        (factories.ClaimantFactory, {"role": "Minister"}, "claims.ClaimantHistory"),
        (factories.EventFactory, {"country": "Kazakhstan"}, "claims.EventHistory"),
        (factories.ClaimFactory, {"summary": "Edited"}, "claims.ClaimHistory"),
        (factories.EvidenceFactory, {"note": "Edited"}, "claims.EvidenceHistory"),
        (factories.AppearanceFactory, {"quote": "Edited"}, "claims.AppearanceHistory"),
        (factories.VerdictFactory, {"rationale": "Edited"}, "claims.VerdictHistory"),
        (factories.SourceFactory, {"title": "Edited"}, "sources.SourceHistory"),
        (factories.OutletFactory, {"country": "RU"}, "sources.OutletHistory"),
    ],
)
def test_every_tracked_table_records_insert_update_and_delete_with_the_user(
    editor, make, change, history
):
    with pghistory.context(user=editor.pk):
        obj = make()
        type(obj).objects.filter(pk=obj.pk).update(**change)
        pk = obj.pk
        obj.delete()
    recorded = events(history, pgh_obj_id=pk)
    assert [e.pgh_label for e in recorded if e.pgh_label != "update"] == ["insert", "delete"]
    assert any(getattr(e, name) == value for e in recorded for name, value in change.items())
    assert {metadata(e)["user"] for e in recorded} == {editor.pk}


def test_provenance_and_affiliation_links_are_recorded(editor):
    statement, report = factories.SourceFactory(), factories.SourceFactory()
    claimant, outlet = factories.ClaimantFactory(), factories.OutletFactory()
    with pghistory.context(user=editor.pk):
        report.cites.add(statement)
        claimant.affiliations.add(outlet)
        report.cites.remove(statement)
    citations = events("sources.CitationHistory", from_source_id=report.pk)
    assert [e.pgh_label for e in citations] == ["cites.add", "cites.remove"]
    assert (
        events("claims.AffiliationHistory", claimant_id=claimant.pk).get().pgh_label
        == "affiliations.add"
    )


def test_the_history_names_who_changed_which_field_from_what_to_what(editor):
    claim = factories.ClaimFactory(summary="Old summary")
    with pghistory.context(user=editor.pk, url="/admin/claims/claim/1/change/"):
        Claim.objects.filter(pk=claim.pk).update(
            summary="New summary", status=Claim.Status.RESEARCHING
        )
    [entry] = audit.entries(audit.events_since(claim, version=1))
    assert (entry.who, entry.via, entry.action, entry.record) == (
        "editor",
        "/admin/claims/claim/1/change/",
        "changed",
        "claim",
    )
    changes = {c.name: (c.before, c.after) for c in entry.changes}
    assert changes == {
        "Summary": ("Old summary", "New summary"),
        "Status": ("Draft", "Researching"),
    }


def test_the_history_page_shows_evidence_changes_with_their_source(editor_client, editor):
    claim = factories.ClaimFactory()
    source = factories.SourceFactory(title="Ministry of Health statement")
    with pghistory.context(user=editor.pk):
        factories.EvidenceFactory(claim=claim, source=source, stance="contradicts")
    page = editor_client.get(
        reverse("admin:claims_claim_history", args=[claim.pk])
    ).content.decode()
    assert "Added the evidence from “Ministry of Health statement" in page
    assert "Contradicts" in page


def test_reading_the_history_costs_the_same_queries_however_long_it_is(editor):
    def queries(n):
        claim = factories.ClaimFactory()
        with pghistory.context(user=editor.pk):
            for i in range(n):
                Claim.objects.filter(pk=claim.pk).update(summary=f"Summary {i}")
                factories.EvidenceFactory(claim=claim)
        with CaptureQueriesContext(connection) as captured:
            assert len(audit.entries(audit.events_about(claim))) > n
        return len(captured)

    assert queries(2) == queries(12)
