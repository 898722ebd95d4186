from django.urls import reverse
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.records import Refused
from sources import media
from sources.countries import country_code
from sources.models import LinkStatus, MediaFile, Outlet, Snapshot, Source


class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code; a country's English name is read as its code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 code, e.g. KZ.")
        super().__init__(choices=list(countries), **kwargs)

    def to_internal_value(self, data):
        code = country_code(str(data)) if isinstance(data, str) else None
        if code is None:
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(code)

    def to_representation(self, value):
        return getattr(value, "code", value) or ""


class CountryCodesField(serializers.ListField):
    """A list of ISO 3166-1 alpha-2 codes (states with a stake)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 codes of the states with a stake.")
        super().__init__(child=CountryCodeField(), **kwargs)

    def to_internal_value(self, data):
        return sorted({code for code in super().to_internal_value(data) if code})

    def to_representation(self, value):
        return [getattr(c, "code", c) for c in value]


class OutletSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "slug", "kind", "reliability", "state_affiliated"]


class OutletSerializer(serializers.ModelSerializer):
    country = CountryCodeField(required=False, allow_blank=True)

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
        fields = [
            "id",
            "title",
            "url",
            "kind",
            "language",
            "published_on",
            "outlet",
            "speaker",
            "known_through",
            "verification",
        ]


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ArchiveSerializer(serializers.ModelSerializer):
    """An archived copy of the source's URL."""

    status = serializers.IntegerField(source="status_code", help_text="The HTTP status.")
    url = serializers.SerializerMethodField(help_text="The archived copy's page.")
    warc = serializers.SerializerMethodField(help_text="The response as a WARC file.")

    class Meta:
        model = Snapshot
        fields = ["fetched_at", "status", "sha256", "url", "final_url", "content_type", "warc"]

    def get_url(self, snapshot) -> str:
        return _absolute(self, snapshot.get_absolute_url())

    def get_warc(self, snapshot) -> str:
        path = reverse(
            "source-archive-warc", kwargs={"pk": snapshot.source_id, "snapshot": snapshot.pk}
        )
        return _absolute(self, path)


class MediaFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The public copy (null when there is none).")
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = MediaFile
        fields = [
            "id",
            "source",
            "sha256",
            "size",
            "content_type",
            "duplicate_of",
            "url",
            "thumbnail_url",
            "original_name",
            "caption",
            "uploaded_at",
        ]

    def get_url(self, item) -> str | None:
        return _absolute(self, item.get_absolute_url()) if item.public_copy else None

    def get_thumbnail_url(self, item) -> str | None:
        return _absolute(self, item.get_thumbnail_url()) if item.thumbnail else None


class MediaUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The file, sent as multipart/form-data.")
    caption = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate_file(self, upload):
        try:
            media.check_upload(upload)
        except Refused as refusal:
            raise serializers.ValidationError(str(refusal)) from refusal
        return upload


LINK_STATUSES = ["none", *LinkStatus.values]


class SourceSerializer(serializers.ModelSerializer):
    outlet = OutletSummarySerializer(read_only=True, allow_null=True)
    cites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    link_status = serializers.SerializerMethodField(
        help_text="none (no URL), pending, ok, changed (differs from the first archived copy) or broken."
    )
    archives = ArchiveSerializer(source="snapshots", many=True, read_only=True)
    media = MediaFileSerializer(many=True, read_only=True)

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
            "speaker",
            "known_through",
            "verification",
            "verification_note",
            "cites",
            "link_status",
            "archives",
            "media",
            "created_at",
            "updated_at",
            "version",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=LINK_STATUSES))
    def get_link_status(self, source) -> str:
        if not source.url:
            return "none"
        link = getattr(source, "link", None)
        return link.status if link is not None else LinkStatus.PENDING


class SpeakerField(serializers.SlugRelatedField):
    """A claimant, by slug (claimants belong to the app above this one: reached through
    the model's relation, not imported)."""

    def get_queryset(self):
        return Source._meta.get_field("speaker").related_model.objects.all()


class SourceWriteSerializer(serializers.ModelSerializer):
    outlet = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Outlet.objects.all(),
        allow_null=True,
        required=False,
        help_text="Slug of who published it. With neither outlet nor speaker the material is unattributed and never counts.",
    )
    speaker = SpeakerField(
        slug_field="slug",
        allow_null=True,
        required=False,
        help_text="Slug of the claimant whose words it carries.",
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
            "speaker",
            "known_through",
            "verification",
            "verification_note",
            "cites",
        ]
