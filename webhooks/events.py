"""What happened, told to the subscriptions that want it.

The claims app says what happened to which claims (``claims.signals.claim_changed``, once
per service call, after the claims' assessment is stored); webhooks/receivers.py turns it
into messages here: one event per claim and call, the workflow's event standing in for
``claim.updated``. The messages and their deliveries are
written in the call's transaction and the deliveries are queued when it commits, so a
rolled-back change sends nothing and a committed one is never forgotten.
"""

from django.utils import timezone

from claims.signals import Happened
from core.background import enqueue_on_commit
from webhooks import payloads
from webhooks.delivery import deliver
from webhooks.models import Delivery, EventType, Message, Subscription, new_message_id

# What the claims app says happened, as the event subscribers hear of; when the workflow
# moved a claim, claim.updated is not sent beside the workflow's event.
EVENT_OF = {
    Happened.RETRACTED: EventType.CLAIM_RETRACTED,
    Happened.CORRECTED: EventType.VERDICT_CORRECTED,
    Happened.PUBLISHED: EventType.CLAIM_PUBLISHED,
    Happened.UPDATED: EventType.CLAIM_UPDATED,
}


def _event_of(whats: set[str]) -> str:
    return next(event for what, event in EVENT_OF.items() if what in whats)


def announce_claims(found: dict[int, set[str]]) -> list[Message]:
    """Write a message per claim for its event and a delivery per subscription that wants
    it; queue the deliveries when the transaction commits."""
    events = {
        claim_id: _event_of(whats)
        for claim_id, whats in found.items()
        if any(what in EVENT_OF for what in whats)
    }
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


def figures_revised(figure_ids) -> list[Message]:
    """A ``figure.revised`` message per public figure replaced by a later one, with both
    as the public API shows them (a figure of unpublished work is never sent)."""
    messages = []
    for revised in payloads.public_figures(figure_ids):
        messages += announce(EventType.FIGURE_REVISED, data=revised)
    return messages


def tip_received(*, tip: dict) -> list[Message]:
    return announce(EventType.TIP_RECEIVED, data={"tip": tip})


def comment_created(*, comment: dict) -> list[Message]:
    """A staff comment, for the newsroom's chat: only subscriptions that chose
    ``comment.created`` and that a member of the newsroom registered
    (``Subscription.objects.wanting``)."""
    return announce(EventType.COMMENT_CREATED, data={"comment": comment})


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
