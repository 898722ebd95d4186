"""Webhook subscriptions and what was sent to them.

A ``Subscription`` is a receiver's address, the events it wants and the secret its
deliveries are signed with. Each event that happens is one ``Message`` (its body is fixed
when the event happens and its id is the ``webhook-id`` header, the same on every retry);
each subscription that wants it gets a ``Delivery``, and every try to send one is an
``Attempt``.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse

from core.models import Record
from core.versioning import version_trigger


class EventType(models.TextChoices):
    CLAIM_PUBLISHED = "claim.published", "A claim's first verdict is published"
    VERDICT_CORRECTED = "verdict.corrected", "A published verdict is corrected"
    CLAIM_RETRACTED = "claim.retracted", "A published fact-check is withdrawn"
    CLAIM_UPDATED = "claim.updated", "A published claim, its evidence or appearances change"
    TIP_RECEIVED = "tip.received", "A tip arrives from the public"
    COMMENT_CREATED = (
        "comment.created",
        "A staff comment is written (staff-only text: sent only to subscriptions a "
        "member of the newsroom registered)",
    )
    FIGURE_REVISED = "figure.revised", "A public figure is replaced by a later one"


# Events that carry what only the newsroom may read (a comment's text).
STAFF_ONLY_EVENTS = {EventType.COMMENT_CREATED}

# Sent on request to one subscription ("send a test event"); nobody subscribes to it.
TEST_EVENT = "webhook.test"
SENT_EVENT_CHOICES = [*EventType.choices, (TEST_EVENT, "A test event sent on request")]


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def wanting(self, event_type: str):
        found = self.active().filter(events__contains=[event_type])
        if event_type in STAFF_ONLY_EVENTS:
            # Staff-only text never goes to a receiver nobody in the newsroom answers for.
            found = found.filter(created_by__is_staff=True, created_by__is_active=True)
        return found

    def visible_to(self, user):
        """Staff (the newsroom) see every subscription; anyone else the ones they made."""
        if user is not None and user.is_staff:
            return self
        return self.filter(created_by=user) if user and user.is_authenticated else self.none()


class Subscription(Record):
    url = models.URLField(
        "endpoint URL",
        max_length=2000,
        help_text="Where deliveries are POSTed (http or https, on the public internet).",
    )
    events = ArrayField(
        models.CharField(max_length=40, choices=EventType.choices),
        help_text="The events this receiver is told about.",
    )
    description = models.CharField(max_length=500, blank=True)
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(
        default=True, help_text="A paused subscription is sent nothing until it is resumed."
    )
    paused_reason = models.TextField(blank=True, editable=False)
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    failures_in_a_row = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["-created_at", "-id"]
        permissions = [("manage_webhooks", "Can manage webhook subscriptions")]
        # Failed attempts are counted on the row without making a new version: an editor
        # fixing the address of a failing receiver is not refused as out of date.
        triggers = [version_trigger(ignoring=("failures_in_a_row",))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(events=[]), name="webhook_subscription_has_events"
            ),
        ]

    def __str__(self):
        return self.description or self.url

    def get_absolute_url(self):
        return reverse("admin:webhooks_subscription_change", args=[self.pk])


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Message(models.Model):
    """One event as sent: its id (``webhook-id``), type and the exact JSON body."""

    id = models.CharField(primary_key=True, max_length=40, editable=False)
    type = models.CharField(max_length=40)
    created_at = models.DateTimeField()
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    Status = DeliveryStatus

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_recent"),
        ]

    def __str__(self):
        return f"{self.message.type} to {self.subscription}"


class Attempt(models.Model):
    """One try to send a delivery, as the receiver answered it (or did not)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    attempted_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    succeeded = models.BooleanField(default=False)
    will_retry = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number", "id"]

    def __str__(self):
        return f"Attempt {self.number}"
