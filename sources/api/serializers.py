from rest_framework import serializers

from sources.models import Outlet, Source


class OutletSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "slug", "kind", "reliability", "state_affiliated"]


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "country",
            "website",
            "state_affiliated",
            "reliability",
            "reliability_reason",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at", "version"]


class SourceSummarySerializer(serializers.ModelSerializer):
    """A source as it appears inside evidence and appearances."""

    outlet = OutletSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = ["id", "title", "url", "kind", "language", "published_on", "outlet"]


class SourceSerializer(serializers.ModelSerializer):
    outlet = OutletSummarySerializer(read_only=True, allow_null=True)
    cites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "url",
            "kind",
            "language",
            "published_on",
            "description",
            "outlet",
            "cites",
            "created_at",
            "updated_at",
            "version",
        ]


class SourceWriteSerializer(serializers.ModelSerializer):
    outlet = serializers.SlugRelatedField(
        slug_field="slug", queryset=Outlet.objects.all(), allow_null=True, required=False
    )
    cites = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Source.objects.all(),
        required=False,
        help_text="Ids of the sources this one relies on (provenance).",
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "url",
            "kind",
            "language",
            "published_on",
            "description",
            "outlet",
            "cites",
        ]

    def validate_cites(self, cited):
        if self.instance is not None and any(source.pk == self.instance.pk for source in cited):
            raise serializers.ValidationError("A source cannot cite itself.")
        return cited
