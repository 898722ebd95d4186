"""Which events go out, once each, signed, carrying what the public API shows: and
nothing for work that is not public or a change that was rolled back."""

import pytest
from django.db import transaction

from claims import services, workflow
from claims.models import Claim
from core.background import run_pending_tasks
from tests import factories
from tests.webhooks.conftest import published_claim_with_evidence, verified
from webhooks import events
from webhooks.models import Delivery, EventType, Message

pytestmark = pytest.mark.django_db

ALL_EVENTS = EventType.values


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and let its transaction commit (the test's own transaction stays)."""

    def commit(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return commit


def in_review(author):
    """A claim ready to publish: evidence and a draft verdict written by ``author``."""
    claim = factories.ClaimFactory(status=Claim.Status.IN_REVIEW)
    factories.EvidenceFactory(claim=claim)
    workflow.draft_verdict(
        claim=claim, by=author, rating="false", rationale="The count was never published."
    )
    return claim


def public_api_item(client, claim) -> dict:
    """The claim as an anonymous client of the API sees it in the claims list."""
    client.logout()
    items = client.get("/api/v1/claims/", {"page_size": 200}).json()["results"]
    return next(item for item in items if item["id"] == claim.pk)


def test_each_event_type_is_delivered_once_with_a_signature_that_verifies(
    receiver, subscribe, commit, fact_checker, editor, client, settings
):
    settings.FACTCHECK_SITE_URL = "http://testserver"
    claim = in_review(fact_checker)
    subscription = subscribe(receiver.url, events=ALL_EVENTS, description="Newsroom CMS")

    commit(workflow.publish_claim, claim=claim, by=editor)
    assert run_pending_tasks(queues="default") == 1  # the desk's emails wait on theirs
    published = receiver.received[-1]
    body = verified(subscription, published)
    assert body["type"] == "claim.published"
    assert body["data"]["claim"] == public_api_item(client, claim)
    assert body["data"]["claim"]["verdict"]["rating"] == "false"

    factories.draft_correction(claim, by=fact_checker, rating="mostly_false", note="Recounted.")
    commit(workflow.publish_claim, claim=claim, by=editor)
    commit(services.save_claim, instance=claim, by=editor, summary="A neutral summary")
    commit(workflow.retract_claim, claim=claim, by=editor, reason="The source was a forgery.")
    commit(events.tip_received, tip={"id": 7, "text": "Is this video from Almaty?"})
    assert run_pending_tasks(queues="default") == 4

    assert receiver.types() == [
        "claim.published",
        "verdict.corrected",
        "claim.updated",
        "claim.retracted",
        "tip.received",
    ]
    bodies = [verified(subscription, item) for item in receiver.received]
    ids = [item.headers["webhook-id"] for item in receiver.received]
    assert len(set(ids)) == 5

    corrected = bodies[1]["data"]
    assert corrected["claim"]["verdict"]["rating"] == "mostly_false"
    assert corrected["correction"]["previous_rating"] == "false"
    assert corrected["correction"]["correction_note"] == "Recounted."
    updated = bodies[2]["data"]["claim"]
    assert updated["summary"] == "A neutral summary"
    assert updated["version"] > corrected["claim"]["version"]
    retracted = bodies[3]["data"]["claim"]
    assert retracted["status"] == "retracted"
    assert retracted["retraction_reason"] == "The source was a forgery."
    assert retracted["version"] > updated["version"]
    assert "evidence_counts" not in retracted
    assert bodies[4]["data"]["tip"]["text"] == "Is this video from Almaty?"
    assert all(Delivery.objects.values_list("status", flat=True).filter(status="delivered"))
    assert Delivery.objects.filter(status="delivered").count() == 5


def test_a_subscription_hears_only_the_events_it_chose(receiver, subscribe, commit, editor):
    subscribe(receiver.url, events=["claim.retracted"])
    claim = published_claim_with_evidence()
    commit(services.save_claim, instance=claim, by=editor, summary="Changed")
    commit(workflow.retract_claim, claim=claim, by=editor, reason="Withdrawn.")
    run_pending_tasks()
    assert receiver.types() == ["claim.retracted"]


def test_nothing_is_sent_for_a_rolled_back_transaction(
    receiver, subscribe, django_capture_on_commit_callbacks, fact_checker, editor
):
    subscribe(receiver.url, events=ALL_EVENTS)
    claim = in_review(fact_checker)

    class Abandoned(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abandoned),
        transaction.atomic(),
    ):
        workflow.publish_claim(claim=claim, by=editor)
        raise Abandoned
    assert callbacks == []
    assert run_pending_tasks() == 0
    assert receiver.received == []
    assert not Message.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_refused_publication_sends_nothing(receiver, subscribe, commit, fact_checker):
    subscribe(receiver.url, events=ALL_EVENTS)
    claim = in_review(fact_checker)
    with pytest.raises(workflow.WorkflowError):
        commit(workflow.publish_claim, claim=claim, by=fact_checker)  # the author: refused
    assert run_pending_tasks() == 0
    assert receiver.received == []


def test_nothing_is_sent_for_unpublished_work(receiver, subscribe, commit, fact_checker, editor):
    subscribe(receiver.url, events=ALL_EVENTS)
    draft = factories.ClaimFactory()
    commit(services.save_claim, instance=draft, by=fact_checker, summary="Still a draft")
    commit(
        services.save_evidence,
        claim=draft,
        by=fact_checker,
        source=factories.SourceFactory(),
        stance="supports",
    )
    claim = in_review(fact_checker)
    commit(services.save_claim, instance=claim, by=fact_checker, summary="In review")
    published = published_claim_with_evidence()
    commit(
        factories.draft_correction,
        published,
        by=fact_checker,
        rationale="A draft nobody has reviewed yet.",
    )
    assert run_pending_tasks() == 0
    assert receiver.received == []

    # A published claim that changes while a correction is drafted: the draft stays out.
    commit(services.save_claim, instance=published, by=editor, summary="Public summary")
    run_pending_tasks()
    [item] = receiver.received
    assert item.type == "claim.updated"
    assert b"A draft nobody has reviewed yet." not in item.body
    assert item.json["data"]["claim"]["verdict"]["rating"] == "false"


def test_one_service_call_sends_one_event_per_claim(receiver, subscribe, commit, editor):
    claim = published_claim_with_evidence()
    evidence = claim.evidence.get()
    subscribe(receiver.url, events=ALL_EVENTS)
    commit(
        services.save_claim,
        instance=claim,
        by=editor,
        summary="Edited with its evidence",
        evidence=[
            services.RowChange(row=evidence, values={"note": "Read again."}),
            services.RowChange(
                values={"source": factories.SourceFactory(), "stance": "contradicts"}
            ),
        ],
        appearances=[services.RowChange(values={"source": factories.SourceFactory()})],
    )
    assert run_pending_tasks() == 1
    [item] = receiver.received
    assert item.type == "claim.updated"
    # The event carries the claim as stored at the end of the call, its assessment included.
    assert item.json["data"]["claim"]["evidence_counts"]["contradicting"] == 1


def test_an_unchanged_save_sends_nothing(receiver, subscribe, commit, fact_checker):
    claim = published_claim_with_evidence()
    subscribe(receiver.url, events=ALL_EVENTS)
    commit(services.save_claim, instance=claim, by=fact_checker, summary=claim.summary)
    assert run_pending_tasks() == 0


def test_a_tip_from_the_public_is_announced_without_its_contact(
    receiver, subscribe, client, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=["tip.received"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/tips/",
            {
                "text": "Is this video really from Almaty?",
                "seen_description": "Shared in a neighbourhood chat",
                "contact": "reader@example.org",
            },
            content_type="application/json",
        )
    assert run_pending_tasks() == 1

    assert response.status_code == 202, response.content
    tip = receiver.received[0].json["data"]["tip"]
    assert tip["text"] == "Is this video really from Almaty?"
    assert "reader@example.org" not in receiver.received[0].body.decode()
