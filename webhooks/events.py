"""What happened, told to the subscriptions that want it.

The claims services say what happened to which claim (``claim_published``,
``verdict_corrected``, ``claim_retracted`` from claims/workflow.py, ``claim_changed`` from
claims/records.py). Inside a service call (``collected``, one of the write core's service
scopes) these are gathered and turned into messages once, when the outermost call
completes, after the claims' assessment is stored: one event per claim and call, the
workflow's event standing in for ``claim.updated``. The messages and their deliveries are
written in the call's transaction and the deliveries are queued when it commits, so a
rolled-back change sends nothing and a committed one is never forgotten.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from factcheck.background import enqueue_on_commit
from webhooks import payloads
from webhooks.delivery import deliver
from webhooks.models import Delivery, EventType, Message, Subscription, new_message_id

# The workflow's events: when one happened to a claim, claim.updated is not sent beside it.
WORKFLOW_EVENTS = (
    EventType.CLAIM_RETRACTED,
    EventType.VERDICT_CORRECTED,
    EventType.CLAIM_PUBLISHED,
)

_pending: ContextVar[dict | None] = ContextVar("webhook_events", default=None)


@contextmanager
def collected():
    """Gather the events of the service calls inside the block and send them once, when
    the outermost block completes (not when it fails: its transaction rolls back)."""
    if _pending.get() is not None:
        yield
        return
    found: dict[int, set[str]] = {}
    token = _pending.set(found)
    try:
        yield
    finally:
        _pending.reset(token)
    if found:
        announce_claims(found)


def _happened(claim_ids: Iterable[int], event_type: str) -> None:
    found = {claim_id: {event_type} for claim_id in claim_ids}
    pending = _pending.get()
    if pending is None:
        announce_claims(found)
        return
    for claim_id, types in found.items():
        pending.setdefault(claim_id, set()).update(types)


def claim_published(claim) -> None:
    _happened([claim.pk], EventType.CLAIM_PUBLISHED)


def verdict_corrected(claim) -> None:
    _happened([claim.pk], EventType.VERDICT_CORRECTED)


def claim_retracted(claim) -> None:
    _happened([claim.pk], EventType.CLAIM_RETRACTED)


def claim_changed(claim_ids: Iterable[int]) -> None:
    """These claims, their evidence or appearances changed: subscribers hear of those
    that are published."""
    _happened(claim_ids, EventType.CLAIM_UPDATED)


def _event_of(types: set[str]) -> str:
    return next((t for t in WORKFLOW_EVENTS if t in types), EventType.CLAIM_UPDATED)


def announce_claims(found: dict[int, set[str]]) -> list[Message]:
    """Write a message per claim for its event and a delivery per subscription that wants
    it; queue the deliveries when the transaction commits."""
    events = {claim_id: _event_of(types) for claim_id, types in found.items()}
    wanted = sorted(set(events.values()))
    subscriptions = list(Subscription.objects.active().filter(events__overlap=wanted))
    events = {
        claim_id: event_type
        for claim_id, event_type in events.items()
        if any(event_type in s.events for s in subscriptions)
    }
    if not events:
        return []
    retracted = [c for c, t in events.items() if t == EventType.CLAIM_RETRACTED]
    corrected = [c for c, t in events.items() if t == EventType.VERDICT_CORRECTED]
    shown = {
        **payloads.published_claims([c for c in events if c not in retracted]),
        **payloads.retracted_claims(retracted),
    }
    notes = payloads.corrections(corrected)
    at = timezone.now()
    messages = []
    for claim_id, event_type in sorted(events.items()):
        claim = shown.get(claim_id)
        if claim is None:
            continue  # not public (a draft changed, or no longer in the state the event says)
        data = {"claim": claim}
        if event_type == EventType.VERDICT_CORRECTED:
            data["correction"] = notes.get(claim_id)
        messages.append(
            Message(
                id=new_message_id(),
                type=event_type,
                created_at=at,
                claim_id=claim_id,
                body=payloads.body(event_type=event_type, at=at, data=data),
            )
        )
    return _deliver(messages, subscriptions)


def announce(event_type: str, *, data: dict) -> list[Message]:
    """An event that is not about a claim's public state (``tip.received``: the intake
    calls it with the tip as the newsroom's API shows it)."""
    subscriptions = list(Subscription.objects.wanting(event_type))
    if not subscriptions:
        return []
    at = timezone.now()
    message = Message(
        id=new_message_id(),
        type=event_type,
        created_at=at,
        body=payloads.body(event_type=event_type, at=at, data=data),
    )
    return _deliver([message], subscriptions)


def tip_received(*, tip: dict) -> list[Message]:
    return announce(EventType.TIP_RECEIVED, data={"tip": tip})


def _deliver(messages: list[Message], subscriptions: list[Subscription]) -> list[Message]:
    Message.objects.bulk_create(messages)
    deliveries = Delivery.objects.bulk_create(
        Delivery(subscription=subscription, message=message)
        for message in messages
        for subscription in subscriptions
        if message.type in subscription.events
    )
    for delivery in deliveries:
        enqueue_on_commit(deliver, delivery.pk, attempt=1)
    return messages
