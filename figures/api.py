"""The figures' API: /api/v1/quantities/ and /api/v1/figures/ (ETag and cursor like every
list, strict filters), and the figures a claim asserts inside the claim's detail
(registered with claims/api/parts.py)."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from claims.api.parts import register_detail_part
from claims.models import Claim, Claimant, Event
from core.api.filters import StrictFilterSet
from core.api.viewsets import RecordViewSet
from figures import reading, services
from figures.models import Figure, Quantity, Standing
from sources.api.serializers import SourceSummarySerializer
from sources.models import Outlet, Source


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class QuantitySerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Event.objects.all(),
        allow_null=True,
        required=False,
        help_text="Event slug.",
    )
    page = serializers.SerializerMethodField(help_text="The quantity's public page.")

    class Meta:
        model = Quantity
        fields = [
            "id",
            "name",
            "slug",
            "unit",
            "event",
            "place",
            "description",
            "page",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at", "version"]

    def get_page(self, obj) -> str:
        return reverse("quantity-detail", kwargs={"slug": obj.slug})


class QuantitySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Quantity
        fields = ["id", "name", "slug", "unit"]


class FigureSerializer(serializers.ModelSerializer):
    quantity = QuantitySummarySerializer()
    display = serializers.CharField(source="display_value", help_text="e.g. “about 2,500”.")
    as_of_display = serializers.CharField(help_text="The date with its precision, in words.")
    reported_by = NamedSerializer(allow_null=True)
    reporting_outlet = NamedSerializer(allow_null=True)
    source = SourceSummarySerializer(allow_null=True)
    claims = serializers.SerializerMethodField(help_text="Ids of the claims asserting it.")

    class Meta:
        model = Figure
        fields = [
            "id",
            "quantity",
            "value",
            "low",
            "high",
            "approximate",
            "display",
            "as_of",
            "as_of_precision",
            "as_of_display",
            "reported_on",
            "reported_by",
            "reporting_outlet",
            "source",
            "note",
            "standing",
            "revised_by",
            "revised_on",
            "claims",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    def get_claims(self, obj) -> list[int]:
        claims = getattr(obj, "visible_claims", None)  # reading.with_visible_claims
        return [claim.pk for claim in (obj.claims.all() if claims is None else claims)]


class FigureWriteSerializer(serializers.ModelSerializer):
    quantity = serializers.SlugRelatedField(slug_field="slug", queryset=Quantity.objects.all())
    reported_by = serializers.SlugRelatedField(
        slug_field="slug", queryset=Claimant.objects.all(), allow_null=True, required=False
    )
    reporting_outlet = serializers.SlugRelatedField(
        slug_field="slug", queryset=Outlet.objects.all(), allow_null=True, required=False
    )
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), allow_null=True, required=False
    )
    claims = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(), many=True, required=False
    )

    class Meta:
        model = Figure
        fields = [
            "quantity",
            "value",
            "low",
            "high",
            "approximate",
            "as_of",
            "as_of_precision",
            "reported_on",
            "reported_by",
            "reporting_outlet",
            "source",
            "note",
            "standing",
            "claims",
        ]

    def validate(self, attrs):
        whole = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in services.FIGURE_FIELDS
        }
        if "standing" not in attrs:
            whole.pop("standing")
        problems = services.figure_problems(whole)
        if problems:
            raise ValidationError({field: [message] for field, message in problems.items()})
        return attrs


class QuantityFilter(StrictFilterSet):
    event = django_filters.ModelChoiceFilter(
        queryset=lambda request: Event.objects.visible_to(request.user),
        to_field_name="slug",
        help_text="Event slug.",
    )

    class Meta:
        model = Quantity
        fields = []


class FigureFilter(StrictFilterSet):
    quantity = django_filters.ModelChoiceFilter(
        queryset=lambda request: Quantity.objects.visible_to(request.user),
        to_field_name="slug",
        help_text="Quantity slug.",
    )
    event = django_filters.ModelChoiceFilter(
        field_name="quantity__event",
        queryset=lambda request: Event.objects.visible_to(request.user),
        to_field_name="slug",
        help_text="Event slug.",
    )
    reporter = django_filters.CharFilter(
        method="by_reporter",
        max_length=200,
        help_text="Slug of the claimant, or of the outlet, that reported the figure.",
    )
    as_of_after = django_filters.DateFilter(
        field_name="as_of",
        lookup_expr="gte",
        help_text="Figures as of this date (YYYY-MM-DD) or later.",
    )
    as_of_before = django_filters.DateFilter(
        field_name="as_of",
        lookup_expr="lte",
        help_text="Figures as of this date (YYYY-MM-DD) or earlier.",
    )
    standing = django_filters.ChoiceFilter(choices=Standing.choices)
    claim = django_filters.NumberFilter(
        field_name="claims", help_text="Id of a claim asserting the figure."
    )

    class Meta:
        model = Figure
        fields = []

    def by_reporter(self, queryset, name, value):
        user = self.request.user
        claimant = Claimant.objects.visible_to(user).filter(slug=value).first()
        outlet = Outlet.objects.visible_to(user).filter(slug=value).first()
        if claimant is None and outlet is None:
            raise ValidationError({"reporter": [f"No claimant or outlet has the slug “{value}”."]})
        found = Q()
        if claimant is not None:
            found |= Q(reported_by=claimant)
        if outlet is not None:
            found |= Q(reported_by__isnull=True, reporting_outlet=outlet)
        return queryset.filter(found)


class QuantityViewSet(RecordViewSet):
    """What is counted (people killed, people detained, troops deployed). Anonymous clients
    see the quantities with a public figure."""

    queryset = Quantity.objects.all()
    serializer_class = QuantitySerializer
    write_serializer_class = QuantitySerializer
    filterset_class = QuantityFilter
    ordering_fields = {"id": "id", "updated_at": "updated_at"}
    save_service = staticmethod(services.save_quantity)

    def get_queryset(self):
        return Quantity.objects.visible_to(self.request.user).select_related("event")


class FigureViewSet(RecordViewSet):
    """Reported values of quantities, with their dates, reporters, sources and standing
    (current, revised by a later figure of the same reporter, disputed, withdrawn).
    Anonymous clients see figures of published claims or public sources."""

    queryset = Figure.objects.all()
    serializer_class = FigureSerializer
    write_serializer_class = FigureWriteSerializer
    filterset_class = FigureFilter
    ordering_fields = {"id": "id", "as_of": "as_of", "updated_at": "updated_at"}
    save_service = staticmethod(services.save_figure)

    def get_queryset(self):
        figures = reading.visible_figures(self.request.user).select_related("source__outlet")
        return reading.with_visible_claims(figures, self.request.user)


class ClaimFigureSerializer(FigureSerializer):
    """A figure inside a claim's detail, read against its quantity's other figures."""

    later_revised = serializers.BooleanField(
        help_text="A later figure of its reporter replaced it."
    )
    out_of_line = serializers.BooleanField(
        help_text="More than the rule's share away from the median of independent current figures."
    )
    independent_median = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)

    class Meta(FigureSerializer.Meta):
        fields = [
            *FigureSerializer.Meta.fields,
            "later_revised",
            "out_of_line",
            "independent_median",
        ]
        read_only_fields = fields


def _claim_part(claim_id, user):
    """The figures a claim asserts, for its API detail."""
    asserted = reading.claim_figures(claim_id, user, records=True)
    records = [item.figure for item in asserted]
    data = [
        {
            **FigureSerializer(item.figure, context={}).data,
            "later_revised": item.revised,
            "out_of_line": item.out_of_line,
            "independent_median": str(item.median) if item.median is not None else None,
        }
        for item in asserted
    ]
    return records, data


register_detail_part("figures", _claim_part, serializer=ClaimFigureSerializer)
