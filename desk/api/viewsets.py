"""The desk's API: a claim's comments (``/api/v1/claims/{claim_id}/comments/``) and the
signed-in user's notifications (``/api/v1/notifications/``), with the ETags, keyset
pages, throttles and version protocol of every other list (core/api). Staff only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.response import Response

from claims.models import Claim
from core.api.conditional import stated_version
from core.api.viewsets import RecordViewSet
from desk import services
from desk.api.serializers import (
    CommentSerializer,
    CommentWriteSerializer,
    MarkedSerializer,
    NotificationSerializer,
)
from desk.models import Comment, Notification

CLAIM_PARAMETER = OpenApiParameter(
    "claim_id", int, OpenApiParameter.PATH, description="The claim's id."
)


class IsNewsroomStaff(permissions.BasePermission):
    """Members of the newsroom (staff holding the desk's permissions): reads need
    ``desk.view_comment``, writes ``desk.add_comment``."""

    message = "The desk is for the newsroom's fact-checkers and editors."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        if request.method in permissions.SAFE_METHODS:
            return user.has_perm("desk.view_comment")
        return services.can_comment(user)


@extend_schema_view(
    list=extend_schema(parameters=[CLAIM_PARAMETER]),
    retrieve=extend_schema(parameters=[CLAIM_PARAMETER]),
    create=extend_schema(parameters=[CLAIM_PARAMETER]),
    update=extend_schema(parameters=[CLAIM_PARAMETER]),
    partial_update=extend_schema(parameters=[CLAIM_PARAMETER]),
    destroy=extend_schema(parameters=[CLAIM_PARAMETER]),
)
class CommentViewSet(RecordViewSet):
    """The comments on a claim and on its verdict drafts, oldest first. Staff only. A
    comment is changed or deleted only by the person who wrote it; a change states the
    version it was made from (If-Match or ``version``), and the audit trail keeps what
    it replaced."""

    permission_classes = [IsNewsroomStaff]
    serializer_class = CommentSerializer
    write_serializer_class = CommentWriteSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering_fields = {"id": "id", "created_at": "created_at"}
    default_ordering = "id"

    queryset = Comment.objects.none()  # the schema's model; get_queryset filters by claim

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        return (
            Comment.objects.filter(claim_id=self.kwargs["claim_id"])
            .select_related("author")
            .prefetch_related("mentions")
        )

    def save_record(self, instance, data: dict, *, expected_version):
        if instance is None:
            claim = get_object_or_404(Claim, pk=self.kwargs["claim_id"])
            return services.post_comment(
                on=claim, by=self.request.user, text=data["text"], reply_to=data.get("reply_to")
            )
        if instance.author_id != self.request.user.pk:
            raise PermissionDenied("Only the person who wrote a comment may change it.")
        return services.edit_comment(
            instance=instance,
            by=self.request.user,
            text=data.get("text", instance.text),
            expected_version=expected_version,
        )

    @extend_schema(
        parameters=[
            CLAIM_PARAMETER,
            OpenApiParameter(
                "If-Match",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description="The ETag as read: the removal is refused (412) if it changed.",
            ),
        ],
        responses={204: None},
    )
    def destroy(self, request, *args, **kwargs):
        """Delete your own comment (the audit trail keeps it)."""
        instance = self.get_object()
        if instance.author_id != request.user.pk:
            raise PermissionDenied("Only the person who wrote a comment may delete it.")
        version = stated_version(request) if request.headers.get("If-Match") else None
        services.delete_comment(instance=instance, by=request.user, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IsSignedInStaff(permissions.BasePermission):
    message = "Notifications are for the newsroom's members."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff)


class NotificationViewSet(RecordViewSet):
    """Your notifications, newest first (``?ordering=id`` for oldest first), and marking
    them read or unread. Nobody sees anyone else's."""

    permission_classes = [IsSignedInStaff]
    serializer_class = NotificationSerializer
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = {"id": "id"}
    default_ordering = "-id"

    queryset = Notification.objects.none()  # the schema's model; get_queryset filters by user

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).select_related("actor")

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        """Notifications are written by the desk, never posted."""
        raise MethodNotAllowed(request.method)

    def _mark(self, read: bool):
        notification = self.get_object()
        services.mark_read(notifications=[notification], by=self.request.user, read=read)
        return Response(NotificationSerializer(self.get_queryset().get(pk=notification.pk)).data)

    @extend_schema(request=None, responses=NotificationSerializer, filters=False)
    @action(detail=True, methods=["post"], pagination_class=None)
    def read(self, request, pk=None):
        """Mark the notification read."""
        return self._mark(True)

    @extend_schema(request=None, responses=NotificationSerializer, filters=False)
    @action(detail=True, methods=["post"], pagination_class=None)
    def unread(self, request, pk=None):
        """Mark the notification unread again."""
        return self._mark(False)

    @extend_schema(request=None, responses=MarkedSerializer, filters=False)
    @action(detail=False, methods=["post"], url_path="read-all", pagination_class=None)
    def read_all(self, request):
        """Mark every notification of yours read."""
        return Response({"marked": services.mark_all_read(by=request.user)})
