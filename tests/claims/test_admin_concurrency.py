"""No lost edits in the admin: a save made on top of someone else's newer save is refused,
with who changed what, and the refused input stays in the form."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Evidence
from tests import factories
from tests.admin_payloads import claim_payload

pytestmark = pytest.mark.django_db


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def loaded_version(client, claim):
    """Open the claim's page as that client and return the version its form carries."""
    response = client.get(change_url(claim))
    assert response.status_code == 200
    return response.context["adminform"].form["loaded_version"].value()


def claim_form(claim, *, version, evidence=(), **changes):
    data = claim_payload(claim=claim, version=version, ref=claim.ref or "")
    data.update({"evidence-TOTAL_FORMS": len(evidence), "evidence-INITIAL_FORMS": len(evidence)})
    if not claim.checkable:
        del data["checkable"]
    for index, (row, row_version, note) in enumerate(evidence):
        data.update(
            {
                f"evidence-{index}-id": row.pk,
                f"evidence-{index}-claim": claim.pk,
                f"evidence-{index}-source": row.source_id,
                f"evidence-{index}-stance": row.stance,
                f"evidence-{index}-strength": row.strength,
                f"evidence-{index}-excerpt": row.excerpt,
                f"evidence-{index}-note": note,
                f"evidence-{index}-loaded_version": row_version,
            }
        )
    data.update(changes)
    return data


@pytest.fixture
def checkers():
    first, second = (
        factories.FactCheckerFactory(username="aigerim"),
        factories.FactCheckerFactory(username="daniyar"),
    )
    clients = Client(), Client()
    clients[0].force_login(first)
    clients[1].force_login(second)
    return clients


def test_the_second_save_is_refused_naming_who_changed_what_and_keeps_its_input(checkers):
    first, second = checkers
    claim = factories.ClaimFactory(summary="Almaty was attacked by 20,000 bandits")
    first_version, second_version = loaded_version(first, claim), loaded_version(second, claim)

    saved = first.post(
        change_url(claim),
        claim_form(
            claim, version=first_version, summary="Almaty was attacked by 20,000 terrorists"
        ),
    )
    assert saved.status_code == 302

    refused = second.post(
        change_url(claim),
        claim_form(
            claim,
            version=second_version,
            summary="Twenty thousand bandits attacked Almaty",
            text="My rewrite of the statement.",
        ),
    )
    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "aigerim changed the claim" in errors
    assert (
        "Summary from “Almaty was attacked by 20,000 bandits” to “Almaty was attacked by 20,000 terrorists”"
        in errors
    )
    page = refused.content.decode()
    assert 'value="Twenty thousand bandits attacked Almaty"' in page
    assert "My rewrite of the statement." in page
    assert Claim.objects.get(pk=claim.pk).summary == "Almaty was attacked by 20,000 terrorists"


def test_saving_again_after_the_refusal_knowingly_replaces_the_other_change(checkers):
    first, second = checkers
    claim = factories.ClaimFactory()
    first_version, second_version = loaded_version(first, claim), loaded_version(second, claim)
    first.post(change_url(claim), claim_form(claim, version=first_version, summary="First"))
    refused = second.post(
        change_url(claim), claim_form(claim, version=second_version, summary="Second")
    )
    offered = refused.context["adminform"].form["loaded_version"].value()
    assert offered == Claim.objects.get(pk=claim.pk).version

    assert (
        second.post(
            change_url(claim), claim_form(claim, version=offered, summary="Second")
        ).status_code
        == 302
    )
    assert Claim.objects.get(pk=claim.pk).summary == "Second"


def test_a_save_without_a_version_is_refused(checker_client):
    claim = factories.ClaimFactory(summary="Unchanged")
    response = checker_client.post(
        change_url(claim), claim_form(claim, version="", summary="Blind write")
    )
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).summary == "Unchanged"


def test_an_evidence_row_edited_by_someone_else_is_not_overwritten(checkers):
    first, second = checkers
    claim = factories.ClaimFactory()
    row = factories.EvidenceFactory(claim=claim, note="Original note")
    loaded_version(first, claim)
    second_claim_version = loaded_version(second, claim)
    row_version = Evidence.objects.get(pk=row.pk).version

    saved = first.post(
        change_url(claim),
        claim_form(
            claim,
            version=Claim.objects.get(pk=claim.pk).version,
            evidence=[(row, row_version, "Aigerim's note")],
        ),
    )
    assert saved.status_code == 302
    claim.refresh_from_db()
    refused = second.post(
        change_url(claim),
        claim_form(
            claim, version=second_claim_version, evidence=[(row, row_version, "Daniyar's note")]
        ),
    )
    assert refused.status_code == 200
    [evidence_formset] = [
        fs for fs in refused.context["inline_admin_formsets"] if fs.formset.prefix == "evidence"
    ]
    row_errors = " ".join(evidence_formset.formset.forms[0].non_field_errors())
    assert "aigerim changed the evidence from" in row_errors
    assert "Note from “Original note” to “Aigerim&#x27;s note”" in row_errors
    assert "Daniyar&#x27;s note" in refused.content.decode()
    assert Evidence.objects.get(pk=row.pk).note == "Aigerim's note"


def test_an_unedited_evidence_row_does_not_block_the_save(checker_client):
    claim = factories.ClaimFactory()
    row = factories.EvidenceFactory(claim=claim)
    stale_row_version = Evidence.objects.get(pk=row.pk).version
    Evidence.objects.filter(pk=row.pk).update(note="Changed elsewhere")
    row.refresh_from_db()
    version = loaded_version(checker_client, claim)
    response = checker_client.post(
        change_url(claim),
        claim_form(
            claim, version=version, evidence=[(row, stale_row_version, row.note)], summary="Renamed"
        ),
    )
    assert response.status_code == 302
    assert Evidence.objects.get(pk=row.pk).note == "Changed elsewhere"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_racing_on_the_same_version_give_one_success_and_one_refusal():
    users = [
        factories.UserFactory(username=name, is_staff=True, is_superuser=True)
        for name in ("racer1", "racer2")
    ]
    claim = factories.ClaimFactory()
    version = Claim.objects.get(pk=claim.pk).version
    barrier = threading.Barrier(len(users))
    statuses = []

    def save(user, summary):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            statuses.append(
                client.post(
                    change_url(claim), claim_form(claim, version=version, summary=summary)
                ).status_code
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, f"Saved by {user.username}")) for user in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 302]
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.summary in {"Saved by racer1", "Saved by racer2"}
