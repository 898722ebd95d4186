"""Every change of webhook subscriptions goes through here (the admin and the API call
these functions): register, change, pause or resume, delete, send a test event, send a
delivery again. Each is a service (``core.records.service``): one transaction, the
row locked and its version compared when the caller read one.

Only users holding ``webhooks.manage_webhooks`` (editors, by a migration) may do any of
it. An address must be one the safe client would send to: http or https, and on the
public internet unless ``WEBHOOK_ALLOW_PRIVATE_NETWORKS`` is on.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from core import safe_http
from core.background import enqueue_on_commit
from core.records import Refused, lock, service, write
from webhooks import payloads, signing
from webhooks.delivery import deliver
from webhooks.models import TEST_EVENT, Delivery, EventType, Message, Subscription, new_message_id

MANAGE_PERMISSION = "webhooks.manage_webhooks"


def can_manage(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MANAGE_PERMISSION))


def url_problem(url: str) -> str | None:
    """Why deliveries could not go to ``url`` (None when they can)."""
    try:
        safe_http.check_address(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS)
    except safe_http.FetchError as error:
        return error.reason
    return None


def events_problem(events) -> str | None:
    if not events:
        return gettext("Choose at least one event.")
    unknown = [event for event in events if event not in EventType.values]
    if unknown:
        return gettext("“%(event)s” is not an event: choose from %(events)s.") % {
            "event": unknown[0],
            "events": ", ".join(EventType.values),
        }
    return None


def _require(by) -> None:
    if not can_manage(by):
        raise Refused(gettext("You may not manage webhook subscriptions."))


@service
def save_subscription(
    *, instance: Subscription | None = None, by, expected_version: int | None = None, **values
) -> Subscription:
    """Register a subscription (``instance`` None; its secret is made here) or change
    one. Setting ``active`` pauses it by hand or resumes it; resuming clears the count of
    failures and sends what waited."""
    _require(by)
    if "url" in values and (problem := url_problem(values["url"])):
        raise Refused(problem, field="url")
    if "events" in values:
        if problem := events_problem(values["events"]):
            raise Refused(problem, field="events")
        values["events"] = [event for event in EventType.values if event in values["events"]]
    subscription = instance or Subscription()
    created = subscription.pk is None
    stamp = {"updated_by": by}
    if created:
        stamp.update(created_by=by, secret=signing.new_secret())
    changed = write(subscription, values=values, stamp=stamp, expected_version=expected_version)
    if "active" in changed and not created:
        if subscription.active:
            _resumed(subscription)
        else:
            Subscription.objects.filter(pk=subscription.pk).update(
                paused_at=timezone.now(), paused_reason=f"Paused by {by.get_username()}."
            )
        subscription.refresh_from_db()
    return subscription


def _resumed(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(
        paused_at=None, paused_reason="", failures_in_a_row=0
    )
    for delivery in subscription.deliveries.filter(status=Delivery.Status.PENDING):
        enqueue_on_commit(deliver, delivery.pk, attempt=delivery.attempts + 1)


@service
def delete_subscription(*, instance: Subscription, by, expected_version=None) -> None:
    """Remove a subscription with its deliveries and their log."""
    _require(by)
    lock(instance, expected_version=expected_version)
    instance.delete()


@service
def send_test_event(*, subscription: Subscription, by) -> Delivery:
    """Send ``webhook.test`` to this subscription alone (paused or not), to check the
    receiver."""
    _require(by)
    lock(subscription)
    at = timezone.now()
    data = {
        "subscription": {"id": subscription.pk, "description": subscription.description},
        "sent_by": by.get_username(),
    }
    message = Message.objects.create(
        id=new_message_id(),
        type=TEST_EVENT,
        created_at=at,
        body=payloads.body(event_type=TEST_EVENT, at=at, data=data),
    )
    delivery = Delivery.objects.create(subscription=subscription, message=message)
    enqueue_on_commit(deliver, delivery.pk, attempt=1)
    return delivery


@service
def send_again(*, delivery: Delivery, by) -> Delivery:
    """Send a delivery again now, whatever became of it: the same message with the same
    ``webhook-id``, freshly signed."""
    _require(by)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status = Delivery.Status.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    enqueue_on_commit(deliver, delivery.pk, attempt=delivery.attempts + 1)
    return delivery
