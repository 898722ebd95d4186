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
from django.utils.translation import gettext_lazy as _

from core.models import Record
from core.versioning import version_trigger


class EventType(models.TextChoices):
    CLAIM_PUBLISHED = "claim.published", _("A claim's first verdict is published")
    VERDICT_CORRECTED = "verdict.corrected", _("A published verdict is corrected")
    CLAIM_RETRACTED = "claim.retracted", _("A published fact-check is withdrawn")
    CLAIM_UPDATED = "claim.updated", _("A published claim, its evidence or appearances change")
    TIP_RECEIVED = "tip.received", _("A tip arrives from the public")
    COMMENT_CREATED = (
        "comment.created",
        _(
            "A staff comment is written (staff-only text: sent only to subscriptions a "
            "member of the newsroom registered)"
        ),
    )
    FIGURE_REVISED = "figure.revised", _("A public figure is replaced by a later one")


# Events that carry what only the newsroom may read (a comment's text).
STAFF_ONLY_EVENTS = {EventType.COMMENT_CREATED}

# Sent on request to one subscription ("send a test event"); nobody subscribes to it.
TEST_EVENT = "webhook.test"
SENT_EVENT_CHOICES = [*EventType.choices, (TEST_EVENT, _("A test event sent on request"))]


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
        _("endpoint URL"),
        max_length=2000,
        help_text=_("Where deliveries are POSTed (http or https, on the public internet)."),
    )
    events = ArrayField(
        models.CharField(max_length=40, choices=EventType.choices),
        help_text=_("The events this receiver is told about."),
        verbose_name=_("events"),
    )
    description = models.CharField(max_length=500, blank=True, verbose_name=_("description"))
    secret = models.CharField(max_length=100, editable=False, verbose_name=_("secret"))
    active = models.BooleanField(
        default=True,
        help_text=_("A paused subscription is sent nothing until it is resumed."),
        verbose_name=_("active"),
    )
    paused_reason = models.TextField(blank=True, editable=False, verbose_name=_("paused reason"))
    paused_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("paused at")
    )
    failures_in_a_row = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("failures in a row")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
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

    id = models.CharField(primary_key=True, max_length=40, editable=False, verbose_name=_("id"))
    type = models.CharField(max_length=40, verbose_name=_("type"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("claim"),
    )
    body = models.TextField(verbose_name=_("body"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    Status = DeliveryStatus

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next attempt at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))

    class Meta:
        verbose_name = _("delivery")
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_recent"),
        ]

    def __str__(self):
        return f"{self.message.type} to {self.subscription}"


class Attempt(models.Model):
    """One try to send a delivery, as the receiver answered it (or did not)."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    attempted_at = models.DateTimeField(verbose_name=_("attempted at"))
    duration_ms = models.PositiveIntegerField(verbose_name=_("duration ms"))
    status_code = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("status code"))
    response_excerpt = models.TextField(blank=True, verbose_name=_("response excerpt"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    succeeded = models.BooleanField(default=False, verbose_name=_("succeeded"))
    will_retry = models.BooleanField(default=False, verbose_name=_("will retry"))

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["delivery", "number", "id"]

    def __str__(self):
        return f"Attempt {self.number}"
