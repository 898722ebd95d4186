from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.viewsets import RecordViewSet
from sources import services
from sources.api.filters import OutletFilter, SourceFilter
from sources.api.serializers import (
    MediaFileSerializer,
    MediaUploadSerializer,
    OutletSerializer,
    SourceSerializer,
    SourceWriteSerializer,
)
from sources.media import attach_media
from sources.models import MediaFile, Outlet, Snapshot, Source


class CanAttachMedia(permissions.BasePermission):
    permission = "sources.add_mediafile"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(self.permission))


class CanRemoveMedia(CanAttachMedia):
    permission = "sources.delete_mediafile"


class OutletViewSet(RecordViewSet):
    """Outlets: who publishes material, with reliability and why."""

    queryset = Outlet.objects.all()
    serializer_class = OutletSerializer
    write_serializer_class = OutletSerializer
    save_service = staticmethod(services.save_outlet)
    filterset_class = OutletFilter

    def get_queryset(self):
        return Outlet.objects.visible_to(self.request.user)


class SourceViewSet(RecordViewSet):
    """Sources: pieces of material, with their outlet and what they cite (provenance)."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer
    save_service = staticmethod(services.save_source)
    filterset_class = SourceFilter

    def get_queryset(self):
        user = self.request.user
        cited = Source.objects.visible_to(user).only("id", "version")
        archives = Snapshot.objects.defer("text").order_by("-fetched_at", "-id")
        return (
            Source.objects.visible_to(user)
            .with_outlet()
            .select_related("link")
            .prefetch_related(
                Prefetch("cites", queryset=cited),
                Prefetch("snapshots", queryset=archives),
                Prefetch("media", queryset=MediaFile.objects.all()),
            )
        )

    @extend_schema(
        request={"multipart/form-data": MediaUploadSerializer},
        responses={201: MediaFileSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="media",
        parser_classes=[MultiPartParser, FormParser],
        permission_classes=[CanAttachMedia],
    )
    def media(self, request, pk=None):
        """Attach a file (multipart field ``file``) to the source as media evidence."""
        source = self.get_object()
        upload = MediaUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        item = attach_media(
            source=source,
            upload=upload.validated_data["file"],
            by=request.user,
            caption=upload.validated_data.get("caption", ""),
        )
        body = MediaFileSerializer(item, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"media/(?P<media>[0-9]{1,19})",
        permission_classes=[CanRemoveMedia],
    )
    def remove_media(self, request, pk=None, media=None):
        """Remove an attachment from the source (its bytes stay for other attachments)."""
        item = get_object_or_404(MediaFile, pk=media, source=self.get_object())
        services.remove_media(instance=item, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
