"""Deliveries that fail: tried again with backoff after errors, 5xx and timeouts, not after
other 4xx; a subscription that keeps failing is paused and is then sent nothing until it
is resumed; every attempt is logged."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims import services as claim_services
from claims import workflow
from core.background import run_pending_tasks
from tests import factories
from tests.webhooks.conftest import Answer, published_claim_with_evidence, verified
from webhooks import services
from webhooks.delivery import retry_delay
from webhooks.models import Attempt, Delivery, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def change_claim(django_capture_on_commit_callbacks, editor):
    """Change a published claim (one claim.updated each time) and commit."""
    claim = published_claim_with_evidence()

    def change(summary="A changed summary"):
        with django_capture_on_commit_callbacks(execute=True):
            claim_services.save_claim(instance=claim, by=editor, summary=summary)
        return claim

    return change


def due_now():
    """Let the retries that wait for their time run now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_500_is_tried_again_later_then_delivered(receiver, subscribe, change_claim):
    receiver.answer(Answer(status=500, body=b"Internal error: database down"))
    subscription = subscribe(receiver.url, events=["claim.updated"])
    change_claim()

    assert run_pending_tasks() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=40)
    first = Attempt.objects.get()
    assert (first.status_code, first.succeeded, first.will_retry) == (500, False, True)
    assert first.response_excerpt == "Internal error: database down"
    assert "500" in first.error

    assert run_pending_tasks() == 0  # the retry waits for its time
    due_now()
    assert run_pending_tasks() == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert [a.status_code for a in Attempt.objects.order_by("number")] == [500, 200]

    # Both attempts carried the same message id, each signed and verifiable.
    first_try, second_try = receiver.received
    assert first_try.headers["webhook-id"] == second_try.headers["webhook-id"]
    assert first_try.body == second_try.body
    assert verified(subscription, second_try)["type"] == "claim.updated"


def test_a_timeout_is_tried_again_then_delivered(receiver, subscribe, change_claim, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.answer(Answer(delay=1.5))
    subscribe(receiver.url, events=["claim.updated"])
    change_claim()

    run_pending_tasks()
    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert "did not answer in time" in attempt.error
    assert attempt.will_retry
    # the receiver answers at once now: give the retry room on a loaded machine, so that
    # only the first attempt is cut short by the timeout
    settings.WEBHOOK_TIMEOUT_SECONDS = 5.0
    due_now()
    run_pending_tasks()
    delivery = Delivery.objects.get()
    assert delivery.status == "delivered", delivery.last_error
    assert Attempt.objects.count() == 2


def test_a_410_is_not_tried_again(receiver, subscribe, change_claim):
    receiver.answer(Answer(status=410, body=b"Gone"))
    subscribe(receiver.url, events=["claim.updated"])
    change_claim()

    assert run_pending_tasks() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert "410" in delivery.last_error
    assert not Attempt.objects.get().will_retry
    assert not DBTaskResult.objects.filter(status="READY").exists()
    due_now()
    assert run_pending_tasks() == 0
    assert len(receiver.received) == 1


def test_retries_back_off_with_jitter_and_stop_after_the_last_attempt(
    receiver, subscribe, change_claim, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answer(*[Answer(status=503)] * 3)
    subscribe(receiver.url, events=["claim.updated"])
    change_claim()

    run_pending_tasks()
    first_wait = Delivery.objects.get().next_attempt_at - timezone.now()
    due_now()
    run_pending_tasks()
    second_wait = Delivery.objects.get().next_attempt_at - timezone.now()
    assert timedelta(seconds=40) < first_wait < timedelta(seconds=80)
    assert timedelta(seconds=170) < second_wait < timedelta(seconds=310)
    due_now()
    run_pending_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_retry_delay_grows_from_the_configured_base(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    delays = [[retry_delay(n).total_seconds() for _ in range(50)] for n in (1, 2, 3)]
    for attempt, seen in enumerate(delays):
        nominal = 10 * 4**attempt
        assert all(0.75 * nominal <= d <= 1.25 * nominal for d in seen)
        assert len(set(seen)) > 1  # jitter: not all the same


def test_a_subscription_is_paused_after_a_run_of_failures(
    receiver, subscribe, change_claim, settings
):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0  # retries are due at once
    receiver.answer(*[Answer(status=502)] * 10)
    subscription = subscribe(receiver.url, events=["claim.updated"])
    change_claim()

    run_pending_tasks()
    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.failures_in_a_row == 3
    assert "after 3 failed attempts in a row" in subscription.paused_reason
    assert "502" in subscription.paused_reason
    assert len(receiver.received) == 3
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"  # waits for the subscription to be resumed
    assert "paused" in delivery.last_error


def test_a_success_resets_the_run_of_failures(receiver, subscribe, change_claim, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    receiver.answer(Answer(status=500), Answer(status=500))
    subscription = subscribe(receiver.url, events=["claim.updated"])
    version = subscription.version
    change_claim()
    run_pending_tasks()
    subscription.refresh_from_db()
    assert subscription.failures_in_a_row == 0
    assert subscription.version == version  # counting failures is not an edit


def test_a_paused_subscription_receives_nothing_until_resumed(
    receiver, subscribe, change_claim, editor, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url, events=["claim.updated"])
    waiting = subscribe(receiver.url, events=["claim.updated"])
    change_claim("Before the pause")  # queued for both
    with django_capture_on_commit_callbacks(execute=True):
        services.save_subscription(
            instance=waiting, by=editor, active=False, expected_version=waiting.version
        )
    paused = subscribe(receiver.url, events=["claim.updated"], active=False)
    change_claim("During the pause")
    run_pending_tasks()

    assert len(receiver.received) == 2  # the active subscription's two events
    assert not Delivery.objects.filter(subscription=paused).exists()
    waiting.refresh_from_db()
    assert waiting.paused_reason == "Paused by editor."
    assert Delivery.objects.get(subscription=waiting).status == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        services.save_subscription(
            instance=waiting, by=editor, active=True, expected_version=waiting.version
        )
    run_pending_tasks()
    assert len(receiver.received) == 3  # what waited goes out on resume
    assert Delivery.objects.get(subscription=waiting).status == "delivered"
    assert Subscription.objects.get(pk=subscription.pk).failures_in_a_row == 0


def test_send_again_resends_the_same_message(
    receiver, subscribe, change_claim, editor, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=["claim.updated"])
    change_claim()
    run_pending_tasks()
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_again(delivery=delivery, by=editor)
        services.send_again(delivery=delivery, by=editor)  # twice: sent once more
    run_pending_tasks()
    first, again = receiver.received
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_a_test_event_goes_to_one_subscription(
    receiver, subscribe, editor, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url, events=["claim.published"])
    subscribe(receiver.url, events=["claim.published"])
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test_event(subscription=subscription, by=editor)
    run_pending_tasks()
    [item] = receiver.received
    body = verified(subscription, item)
    assert body["type"] == "webhook.test"
    assert body["data"]["subscription"]["id"] == subscription.pk


def test_a_receiver_on_a_private_address_is_refused_when_not_allowed(
    receiver, subscribe, change_claim, settings
):
    subscribe(receiver.url, events=["claim.updated"])
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False  # the address was allowed when saved
    change_claim()
    run_pending_tasks()
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert "private" in delivery.last_error


def test_a_publication_reaches_a_receiver_that_was_down_later(
    receiver, subscribe, editor, fact_checker, django_capture_on_commit_callbacks
):
    """The issue's walk-through: an editor registers a receiver, publishes a correction;
    the receiver, failing at first, gets a signed verdict.corrected on the retry."""
    claim = published_claim_with_evidence()
    factories.draft_correction(claim, by=fact_checker)
    subscription = subscribe(receiver.url, events=["verdict.corrected"])
    receiver.answer(Answer(status=503))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_claim(claim=claim, by=editor)
    run_pending_tasks()
    due_now()
    run_pending_tasks()
    assert [verified(subscription, item)["type"] for item in receiver.received] == [
        "verdict.corrected",
        "verdict.corrected",
    ]
    assert Delivery.objects.get().status == "delivered"
