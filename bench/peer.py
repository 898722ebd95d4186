"""A plain DRF peer of the published-claims list, the way most teams write one: a
ModelViewSet with nested ModelSerializers, select_related for what it nests, DRF's cursor
pagination. It returns the same fields as the project's list. Benchmark only."""

from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from claims.models import Claim, Claimant, Event, Verdict


class PeerClaimantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "slug"]


class PeerEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "name", "slug"]


class PeerVerdictSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_rating_display")

    class Meta:
        model = Verdict
        fields = ["rating", "label", "rationale", "published_at"]


class PeerClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="peer-claim-detail")
    claimant = PeerClaimantSerializer()
    event = PeerEventSerializer()
    verdict = PeerVerdictSerializer(source="current_verdict")
    evidence_status_label = serializers.CharField(source="get_evidence_status_display")
    evidence_counts = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "url", "text", "summary", "claimant", "event", "stated_on", "kind",
            "checkable", "status", "evidence_status", "evidence_status_label",
            "evidence_counts", "assessment", "verdict", "created_at", "updated_at", "version",
        ]  # fmt: skip

    def get_evidence_counts(self, claim):
        return {
            "supporting": claim.supporting_count,
            "contradicting": claim.contradicting_count,
            "context": claim.context_count,
            "independent_supporting": claim.independent_supporting_count,
            "independent_contradicting": claim.independent_contradicting_count,
        }


class PeerPagination(CursorPagination):
    ordering = ["-updated_at", "-id"]
    page_size_query_param = "page_size"
    max_page_size = 200


class PeerClaimViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PeerClaimSerializer
    pagination_class = PeerPagination
    permission_classes = [AllowAny]
    throttle_classes = []

    def get_queryset(self):
        return Claim.objects.published().select_related("claimant", "event", "current_verdict")
