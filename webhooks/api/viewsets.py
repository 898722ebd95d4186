from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiCallback, OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.conditional import record_etag, row_keys, stated_version
from core.api.viewsets import RecordViewSet
from webhooks import services
from webhooks.api.serializers import (
    DeliverySerializer,
    SubscriptionCreatedSerializer,
    SubscriptionSerializer,
    SubscriptionWriteSerializer,
    WebhookEventSerializer,
)
from webhooks.models import Delivery, Subscription

RECENT_DELIVERIES = 100


class CanManageWebhooks(permissions.BasePermission):
    def has_permission(self, request, view):
        return services.can_manage(request.user)


DELIVERY = OpenApiCallback(
    "delivery",
    "{$request.body#/url}",
    extend_schema(
        summary="A delivery to the subscription's receiver",
        description=(
            "Sent for each event the subscription chose, signed as Standard Webhooks says: "
            "headers webhook-id (the message's id, the same on every retry), "
            "webhook-timestamp (seconds since 1970, when this attempt was signed) and "
            "webhook-signature (v1, then base64 of HMAC-SHA256 of “id.timestamp.body” keyed "
            "with the secret). At least once and in no guaranteed order: drop a webhook-id "
            "you have seen, and apply a claim only when its version is not lower than the "
            "one you hold. Answer 2xx to accept it. Errors, timeouts, 5xx, 408 and 429 are "
            "tried again later with backoff; other answers are not."
        ),
        request=WebhookEventSerializer,
        responses={200: None},
    ),
)


class SubscriptionViewSet(RecordViewSet):
    """Webhook subscriptions: a receiver's address and the events it is told about.

    For users holding the webhook permission (editors): the newsroom's staff see every
    subscription, anyone else the ones they registered. The signing secret is in the
    answer to the registration only. Changes state the version they were made from.
    """

    permission_classes = [CanManageWebhooks]
    queryset = Subscription.objects.all()
    serializer_class = SubscriptionSerializer
    write_serializer_class = SubscriptionWriteSerializer
    save_service = staticmethod(services.save_subscription)
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return Subscription.objects.visible_to(self.request.user)

    @extend_schema(responses={201: SubscriptionCreatedSerializer}, callbacks=[DELIVERY])
    def create(self, request, *args, **kwargs):
        """Register a receiver. The answer holds the secret deliveries are signed with,
        this once."""
        return super().create(request, *args, **kwargs)

    def written(self, instance, status_code):
        if status_code != status.HTTP_201_CREATED:
            return super().written(instance, status_code)
        response = Response(SubscriptionCreatedSerializer(instance).data, status=status_code)
        response["ETag"] = record_etag(instance.version, row_keys([instance]))
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=False,
                description="The ETag as read: the removal is refused (412) if it changed.",
            )
        ],
        responses={204: None},
    )
    def destroy(self, request, *args, **kwargs):
        """Remove a subscription with its deliveries and their log."""
        instance = self.get_object()
        version = None
        if request.headers.get("If-Match"):
            version = stated_version(request)
        services.delete_subscription(instance=instance, by=request.user, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={202: DeliverySerializer}, filters=False)
    @action(detail=True, methods=["post"], pagination_class=None)
    def test(self, request, pk=None):
        """Send a webhook.test event to this subscription alone (even while paused)."""
        delivery = services.send_test_event(subscription=self.get_object(), by=request.user)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=DeliverySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def deliveries(self, request, pk=None):
        """The latest deliveries to this subscription, newest first, with every attempt."""
        rows = (
            self.get_object()
            .deliveries.select_related("message")
            .prefetch_related("attempt_log")
            .order_by("-created_at", "-id")[:RECENT_DELIVERIES]
        )
        return Response(DeliverySerializer(rows, many=True).data)

    @extend_schema(request=None, responses={202: DeliverySerializer}, filters=False)
    @action(
        detail=True,
        methods=["post"],
        pagination_class=None,
        url_path=r"deliveries/(?P<delivery_id>[0-9]{1,19})/send-again",
    )
    def send_again(self, request, pk=None, delivery_id=None):
        """Send one delivery again: the same message and webhook-id, signed afresh."""
        delivery = get_object_or_404(
            Delivery.objects.select_related("message"),
            subscription=self.get_object(),
            pk=delivery_id,
        )
        delivery = services.send_again(delivery=delivery, by=request.user)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
