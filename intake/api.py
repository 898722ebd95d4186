"""The intake's API: tips (``POST`` open to partner tools, reading for staff), external
reviews (read-only, public) and ``claims/similar/``."""

from django.conf import settings
from django.db.models import F
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from claims.ratings import Rating
from core.api.filters import StrictFilterSet
from core.api.inputs import check_parameter_names, whole_number
from core.api.viewsets import RecordViewSet
from core.models import sees_unpublished
from intake import services
from intake.forms import HONEYPOT
from intake.models import ExternalReview, Tip
from intake.services import REVIEW_FIELDS
from intake.similarity import MAX_QUERY_LENGTH, similar
from intake.throttles import SimilarThrottle, TipThrottle

MAX_SIMILAR = 50


class TipSerializer(serializers.ModelSerializer):
    contact = serializers.SerializerMethodField()

    class Meta:
        model = Tip
        fields = [
            "id",
            "text",
            "seen_url",
            "seen_description",
            "contact",
            "status",
            "claim",
            "received_at",
            "via_api",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_contact(self, tip) -> str | None:
        """Editors only (None for everyone else)."""
        user = self.context["request"].user
        return tip.contact if user.has_perm("intake.view_tip_contact") else None


class TipWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=settings.TIP_MAX_LENGTH, min_length=10)
    seen_url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    seen_description = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    contact = serializers.CharField(max_length=300, required=False, allow_blank=True)
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Leave out or empty (a trap for robots)."
    )

    def validate(self, attrs):
        if not attrs.get("seen_url") and not attrs.get("seen_description", "").strip():
            raise serializers.ValidationError(
                {"seen_url": ["Say where the claim was seen: seen_url or seen_description."]}
            )
        return attrs


class TipPermission(permissions.BasePermission):
    """Anyone may send a tip; reading tips needs the newsroom's permission."""

    def has_permission(self, request, view):
        if view.action == "create":
            return True
        user = request.user
        return bool(user and user.is_staff and user.has_perm("intake.view_tip"))


class TipViewSet(RecordViewSet):
    """Tips from the public. ``POST`` a tip (anyone, a few per hour per address); staff
    read the queue. Contact details are shown to editors only."""

    queryset = Tip.objects.all()
    serializer_class = TipSerializer
    write_serializer_class = TipWriteSerializer
    permission_classes = [TipPermission]
    http_method_names = ["get", "post", "head", "options"]

    def get_throttles(self):
        if self.action == "create":
            return [*super().get_throttles(), TipThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        return Tip.objects.visible_to(self.request.user)

    @extend_schema(
        request=TipWriteSerializer,
        responses={
            202: inline_serializer(
                "TipReceived",
                {"received": serializers.BooleanField(help_text="The tip was received.")},
            )
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = TipWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop(HONEYPOT, ""):
            return Response({"received": True}, status=status.HTTP_202_ACCEPTED)
        services.receive_tip(via_api=True, **data)
        return Response({"received": True}, status=status.HTTP_202_ACCEPTED)


# Our rating of an external review, or "" where its wording maps onto none of ours: the
# schema's enum lists "" too, so generated clients accept every value the API sends.
EXTERNAL_RATING_CHOICES = [("", "No rating of ours"), *Rating.choices]


class ExternalReviewSerializer(serializers.ModelSerializer):
    rating = serializers.ChoiceField(
        choices=EXTERNAL_RATING_CHOICES,
        read_only=True,
        help_text="Our rating, where the publisher's wording maps onto our scale; "
        "empty otherwise (rating_text keeps their words).",
    )
    confirmed_claim = serializers.SerializerMethodField(
        help_text="Our claim this review is about; to readers without a newsroom role, only a published one."
    )

    class Meta:
        model = ExternalReview
        fields = [
            "id",
            "url",
            *REVIEW_FIELDS,
            "confirmed_claim",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_confirmed_claim(self, review) -> int | None:
        if review.confirmed_claim_id is None or self.context["sees_unpublished"]:
            return review.confirmed_claim_id
        public = review.confirmed_claim_status == Claim.Status.PUBLISHED
        return review.confirmed_claim_id if public else None


class ExternalReviewFilter(StrictFilterSet):
    class Meta:
        model = ExternalReview
        fields = ["rating", "language", "publisher_site"]


class ExternalReviewViewSet(RecordViewSet):
    """Other fact-checkers' published reviews (imported ClaimReview), read-only."""

    queryset = ExternalReview.objects.all()
    serializer_class = ExternalReviewSerializer
    filterset_class = ExternalReviewFilter
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return ExternalReview.objects.annotate(confirmed_claim_status=F("confirmed_claim__status"))

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "sees_unpublished": sees_unpublished(self.request.user),
        }


class SimilarSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["claim", "external_review"])
    id = serializers.IntegerField()
    text = serializers.CharField()
    score = serializers.FloatField(help_text="Cosine similarity, 1 for the same meaning.")
    url = serializers.CharField()
    rating = serializers.CharField(help_text="Our rating code; empty when none or unmapped.")
    rating_label = serializers.CharField()
    publisher = serializers.CharField()
    evidence_status = serializers.CharField(allow_null=True)
    evidence_status_label = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True, help_text="Our claims' workflow status.")


class SimilarView(APIView):
    """Claims (anonymous clients: published ones) and external reviews that say what
    ``text`` says, most similar first."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [*APIView.throttle_classes, SimilarThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("text", OpenApiTypes.STR, required=True),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"1 to {MAX_SIMILAR}"),
            OpenApiParameter("exclude", OpenApiTypes.INT, description="a claim id to leave out"),
        ],
        responses=inline_serializer("SimilarResults", {"results": SimilarSerializer(many=True)}),
    )
    def get(self, request):
        params = request.query_params
        check_parameter_names(params, {"text", "limit", "exclude", "format"})
        text = params.get("text", "").strip()
        if not text:
            raise serializers.ValidationError({"text": ["Give the text of a claim."]})
        if len(text) > MAX_QUERY_LENGTH:
            raise serializers.ValidationError({"text": [f"At most {MAX_QUERY_LENGTH} characters."]})
        limit = whole_number(
            params.get("limit", "10"), name="limit", minimum=1, maximum=MAX_SIMILAR
        )
        exclude = None
        if "exclude" in params:
            exclude = whole_number(params["exclude"], name="exclude", minimum=1)
        matches = similar(text, user=request.user, limit=limit, exclude_claim=exclude)
        return Response({"results": SimilarSerializer(matches, many=True).data})
