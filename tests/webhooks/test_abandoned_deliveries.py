"""A worker killed during a webhook delivery: the delivery still ends delivered (or failed
after its retries); old messages are pruned after the retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import background
from core.models import TaskLease
from tests.webhooks.conftest import Answer, published_claim_with_evidence
from webhooks.delivery import prune_messages
from webhooks.models import Attempt, Delivery, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(subscribe, receiver, editor, django_capture_on_commit_callbacks):
    from claims import services as claim_services

    claim = published_claim_with_evidence()
    subscribe(receiver.url, events=["claim.updated"])
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.save_claim(instance=claim, by=editor, summary="Changed")
    return Delivery.objects.get()


def killed_mid_attempt(delivery, settings):
    """A worker claimed the task and began attempt 1 (counted it), then was killed."""
    result, _lease = background._next_task("worker-that-died", ["*"])
    Delivery.objects.filter(pk=delivery.pk).update(attempts=1, next_attempt_at=None)
    TaskLease.objects.filter(pk=result.pk).update(
        renewed_at=timezone.now() - timedelta(seconds=settings.WORKER_LEASE_SECONDS + 1)
    )
    return result


def test_a_delivery_whose_worker_was_killed_is_delivered_by_another(
    publication, receiver, settings
):
    killed_mid_attempt(publication, settings)

    assert background.resume_abandoned() == (1, 0)
    assert background.run_pending_tasks() == 1

    publication.refresh_from_db()
    assert publication.status == "delivered"
    assert [a.number for a in Attempt.objects.all()] == [1]
    assert len(receiver.received) == 1


def test_an_interrupted_last_attempt_that_fails_ends_the_delivery_failed(
    publication, receiver, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answer(Answer(status=503))
    killed_mid_attempt(publication, settings)

    background.resume_abandoned()
    background.run_pending_tasks()

    publication.refresh_from_db()
    assert publication.status == "failed"
    assert publication.next_attempt_at is None


def test_a_second_task_for_an_attempt_in_flight_does_not_send_it_twice(publication, receiver):
    from webhooks.delivery import attempt_delivery

    Delivery.objects.filter(pk=publication.pk).update(attempts=1)  # attempt 1 is being made

    assert attempt_delivery(publication.pk, attempt=1) == "Already attempted."
    assert receiver.received == []


def test_old_messages_are_pruned_once_their_deliveries_are_done(publication, settings):
    settings.WEBHOOK_RETENTION_DAYS = 90
    long_ago = timezone.now() - timedelta(days=91)
    Message.objects.update(created_at=long_ago)

    assert prune_messages() == 0  # still pending
    background.run_pending_tasks()
    assert Delivery.objects.get().status == "delivered"
    assert prune_messages() == 1
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
