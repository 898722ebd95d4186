"""Input validation and output shapes of the webhook API, and the shape of what a
delivery sends (documented in the schema as a callback of registering a subscription)."""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from claims.api.serializers import ClaimSerializer
from webhooks import services
from webhooks.models import SENT_EVENT_CHOICES, Attempt, Delivery, EventType, Subscription

SUBSCRIPTION_FIELDS = [
    "id",
    "url",
    "events",
    "description",
    "active",
    "paused_reason",
    "paused_at",
    "failures_in_a_row",
    "created_at",
    "updated_at",
    "version",
]


class SubscriptionSerializer(serializers.ModelSerializer):
    """A subscription as stored. The secret is never shown again after its creation."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))

    class Meta:
        model = Subscription
        fields = SUBSCRIPTION_FIELDS
        read_only_fields = fields


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        help_text="The signing secret (Standard Webhooks, whsec_…). Shown in this answer "
        "only: keep it now."
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SUBSCRIPTION_FIELDS, "secret"]
        read_only_fields = fields


class SubscriptionWriteSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=2000,
        help_text="Where deliveries are POSTed: http or https, on the public internet.",
    )
    events = serializers.MultipleChoiceField(choices=EventType.choices, allow_empty=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    active = serializers.BooleanField(
        required=False, help_text="false pauses the subscription; true resumes it."
    )

    def validate_url(self, value):
        value = value.strip()
        problem = services.url_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = [
            "number",
            "attempted_at",
            "duration_ms",
            "status_code",
            "response_excerpt",
            "error",
            "succeeded",
            "will_retry",
        ]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="message.type")
    webhook_id = serializers.CharField(source="message.id")
    attempt_log = AttemptSerializer(many=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "webhook_id",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
            "delivered_at",
            "attempt_log",
        ]
        read_only_fields = fields


class WithdrawnClaimSerializer(serializers.Serializer):
    """What stays public of a withdrawn fact-check (claim.retracted)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    public_url = serializers.URLField(help_text="The claim's page, which keeps the notice.")
    summary = serializers.CharField()
    status = serializers.CharField(help_text="Always “retracted”.")
    retraction_reason = serializers.CharField()
    retracted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class CorrectionNoteSerializer(serializers.Serializer):
    """The correction a verdict.corrected announces."""

    rating = serializers.CharField()
    label = serializers.CharField()
    previous_rating = serializers.CharField()
    previous_label = serializers.CharField()
    correction_note = serializers.CharField()
    published_at = serializers.DateTimeField()


class WebhookDataSerializer(serializers.Serializer):
    claim = PolymorphicProxySerializer(
        component_name="WebhookClaim",
        serializers=[ClaimSerializer, WithdrawnClaimSerializer],
        resource_type_field_name=None,
        required=False,
        help_text="claim.published, verdict.corrected and claim.updated: the claim as "
        "/api/v1/claims/ lists it. claim.retracted: the public notice of the withdrawal.",
    )
    correction = CorrectionNoteSerializer(required=False, help_text="verdict.corrected only.")
    tip = serializers.DictField(required=False, help_text="tip.received only: the tip.")
    comment = serializers.DictField(
        required=False,
        help_text="comment.created only: the staff comment (id, on, claim, verdict, source, "
        "tip, reply_to, author, text, created_at).",
    )
    subscription = serializers.DictField(
        required=False, help_text="webhook.test only: the subscription it was sent to."
    )
    sent_by = serializers.CharField(required=False, help_text="webhook.test only: who sent it.")


class WebhookEventSerializer(serializers.Serializer):
    """The JSON body of every delivery."""

    type = serializers.ChoiceField(choices=SENT_EVENT_CHOICES)
    timestamp = serializers.DateTimeField(help_text="When the event happened.")
    data = WebhookDataSerializer()
