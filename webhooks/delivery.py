"""Sending deliveries, on the project's background queue (``core.background``).

``deliver`` is the task: it sends one delivery through the safe client
(``core.safe_http``: http/https only, no private or loopback address unless
``WEBHOOK_ALLOW_PRIVATE_NETWORKS``), signed (``webhooks.signing``), and logs the attempt
whatever happened. A 2xx answer delivers it. A network error, a timeout, a 5xx, 408 or 429
is tried again later with exponential backoff and jitter (``retry_delay``), up to
``WEBHOOK_MAX_ATTEMPTS``; any other answer (a 410, a redirect) fails it at once. After
``WEBHOOK_PAUSE_AFTER_FAILURES`` failed attempts in a row a subscription is paused, with
the reason on it. A paused subscription is sent nothing: its pending deliveries wait and
go out when it is resumed.

Each task carries the attempt number it is to make and the delivery row is claimed under
a lock, so a task queued twice (a retry and a "send again") sends once. A task whose
worker stopped mid-attempt is taken up again when its lease expires (``core.background``)
and makes that attempt again, so every delivery ends delivered or failed after its
retries. Messages are deleted after ``WEBHOOK_RETENTION_DAYS`` (``prune_messages``).
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import background, safe_http
from webhooks import signing
from webhooks.models import TEST_EVENT, Attempt, Delivery, Message, Subscription

USER_AGENT = "FactCheckTracker-Webhooks/1.0"
RETRY_STATUSES = {408, 429}
MAX_RETRY_DELAY = 12 * 3600
MAX_ANSWER_BYTES = 1024 * 1024
EXCERPT_CHARS = 500
HELD = "Waiting: the subscription is paused; it is sent when the subscription is resumed."


@dataclass
class Result:
    status_code: int | None = None
    excerpt: str = ""
    error: str = ""
    succeeded: bool = False
    retryable: bool = False


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt ``attempt``: base, 4×base, 16×base, …
    (capped at 12 hours), each between 75% and 125% of that at random, so a receiver
    coming back is not met by every retry at once."""
    seconds = min(settings.WEBHOOK_RETRY_BASE_SECONDS * 4 ** (attempt - 1), MAX_RETRY_DELAY)
    return timedelta(seconds=seconds * random.uniform(0.75, 1.25))


@task()
def deliver(delivery_id: int, *, attempt: int) -> str:
    return attempt_delivery(delivery_id, attempt=attempt)


def attempt_delivery(delivery_id: int, *, attempt: int) -> str:
    """Make attempt number ``attempt`` of a delivery (nothing when it was made already or
    the delivery is no longer pending) and record it."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("subscription", "message")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "The delivery no longer exists."
        if delivery.status != Delivery.Status.PENDING or not _due(delivery, attempt):
            return "Already attempted."
        is_test = delivery.message.type == TEST_EVENT
        if not delivery.subscription.active and not is_test:
            Delivery.objects.filter(pk=delivery.pk).update(last_error=HELD, next_attempt_at=None)
            return HELD
        Delivery.objects.filter(pk=delivery.pk).update(attempts=attempt, next_attempt_at=None)

    started = timezone.now()
    clock = time.monotonic()
    result = send(delivery.subscription, delivery.message)
    duration_ms = round((time.monotonic() - clock) * 1000)

    with transaction.atomic():
        retry_at = None
        if result.retryable and attempt < settings.WEBHOOK_MAX_ATTEMPTS:
            retry_at = timezone.now() + retry_delay(attempt)
        Attempt.objects.create(
            delivery=delivery,
            number=attempt,
            attempted_at=started,
            duration_ms=duration_ms,
            status_code=result.status_code,
            response_excerpt=result.excerpt,
            error=result.error,
            succeeded=result.succeeded,
            will_retry=retry_at is not None,
        )
        if result.succeeded:
            status = Delivery.Status.DELIVERED
        else:
            status = Delivery.Status.PENDING if retry_at else Delivery.Status.FAILED
        Delivery.objects.filter(pk=delivery.pk).update(
            status=status,
            next_attempt_at=retry_at,
            last_error=result.error,
            delivered_at=started if result.succeeded else None,
        )
        if not is_test:
            _count(delivery.subscription_id, result)
        if retry_at:
            deliver.using(run_after=retry_at).enqueue(delivery.pk, attempt=attempt + 1)
    return "delivered" if result.succeeded else result.error


def _due(delivery: Delivery, attempt: int) -> bool:
    """Whether attempt ``attempt`` is still to be made: the next one, or, in a task taken up
    again after its worker stopped (``core.background.resumed``), the one that worker began
    and never recorded (receivers tell a repeat by its ``webhook-id``)."""
    if delivery.attempts == attempt - 1:
        return True
    return (
        delivery.attempts == attempt
        and background.resumed()
        and not Attempt.objects.filter(delivery=delivery, number=attempt).exists()
    )


def prune_messages() -> int:
    """Delete messages older than WEBHOOK_RETENTION_DAYS none of whose deliveries is
    pending (their deliveries and attempts go with them); returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
    old = Message.objects.filter(created_at__lt=cutoff).exclude(
        deliveries__status=Delivery.Status.PENDING
    )
    deleted = 0
    for ids in _batches(old.values_list("pk", flat=True)):
        _, per_model = Message.objects.filter(pk__in=ids).delete()
        deleted += per_model.get(Message._meta.label, 0)
    return deleted


def _batches(ids, size: int = 1000):
    batch = []
    for value in ids.iterator(chunk_size=size):
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def send(subscription: Subscription, message) -> Result:
    """POST the message to the subscription's address, signed; what the receiver said."""
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **signing.headers(
            secret=subscription.secret,
            message_id=message.id,
            timestamp=timestamp,
            body=message.body,
        ),
    }
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        answer = safe_http.request(
            "POST",
            subscription.url,
            content=message.body.encode(),
            headers=headers,
            follow_redirects=False,
            max_bytes=MAX_ANSWER_BYTES,
            connect_timeout=timeout,
            read_timeout=timeout,
            deadline_seconds=timeout,
            allow_private=settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        )
    except safe_http.FetchError as error:
        return Result(error=error.reason, retryable=error.retryable)
    excerpt = answer.body[: EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS]
    if answer.ok:
        return Result(status_code=answer.status, excerpt=excerpt, succeeded=True)
    error = f"The receiver answered {answer.status} {answer.reason_phrase}".rstrip() + "."
    if 300 <= answer.status < 400:
        error += " Redirects are not followed: give the subscription the final address."
    retryable = answer.status >= 500 or answer.status in RETRY_STATUSES
    return Result(status_code=answer.status, excerpt=excerpt, error=error, retryable=retryable)


def _count(subscription_id: int, result: Result) -> None:
    """Count failed attempts in a row; pause the subscription when there are too many."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
    if result.succeeded:
        if subscription.failures_in_a_row:
            Subscription.objects.filter(pk=subscription_id).update(failures_in_a_row=0)
        return
    failures = subscription.failures_in_a_row + 1
    values: dict = {"failures_in_a_row": failures}
    if subscription.active and failures >= settings.WEBHOOK_PAUSE_AFTER_FAILURES:
        now = timezone.now()
        values.update(
            active=False,
            paused_at=now,
            paused_reason=(
                f"Paused automatically on {_when(now)} after {failures} failed attempts in a "
                f"row. The last: {result.error}"
            ),
        )
    Subscription.objects.filter(pk=subscription_id).update(**values)


def _when(moment: datetime) -> str:
    return moment.strftime("%d %b %Y at %H:%M UTC")
