from django.db.models import Prefetch

from factcheck.api.viewsets import RecordViewSet
from sources import records
from sources.api.filters import OutletFilter, SourceFilter
from sources.api.serializers import (
    OutletSerializer,
    SourceSerializer,
    SourceWriteSerializer,
)
from sources.models import Outlet, Source


class OutletViewSet(RecordViewSet):
    """Outlets: who publishes material, with reliability and why."""

    queryset = Outlet.objects.all()
    serializer_class = OutletSerializer
    write_serializer_class = OutletSerializer
    save_service = staticmethod(records.save_outlet)
    record_argument = "outlet"
    filterset_class = OutletFilter

    def get_queryset(self):
        return Outlet.objects.visible_to(self.request.user)


class SourceViewSet(RecordViewSet):
    """Sources: pieces of material, with their outlet and what they cite (provenance)."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer
    save_service = staticmethod(records.save_source)
    record_argument = "source"
    filterset_class = SourceFilter

    def get_queryset(self):
        user = self.request.user
        cited = Source.objects.visible_to(user).only("id", "version")
        return (
            Source.objects.visible_to(user)
            .with_outlet()
            .prefetch_related(Prefetch("cites", queryset=cited))
        )
