"""Input validation and output shapes of the claims API.

The claim itself is shaped by claims/api/listing.py for speed; ``ClaimSerializer`` and
``ClaimDetailSerializer`` document that shape for the OpenAPI schema, their fields taken
from its declaration (claims/api/shape.py).
"""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from claims import services
from claims.api import shape
from claims.api.parts import part_fields
from claims.models import (
    Appearance,
    Claim,
    Claimant,
    ClaimTranslation,
    Event,
    Evidence,
    Verdict,
    VerdictTranslation,
)
from claims.ratings import Rating
from core.characters import uncarriable_refusal
from core.models import sees_unpublished
from core.records import Refused
from sources.api.serializers import CountryCodeField, CountryCodesField, SourceSummarySerializer
from sources.models import Outlet


class ClaimantSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = shape.keys(shape.group("claimant").values)


class EventSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = shape.keys(shape.group("event").values)


EvidenceCountsSerializer = type(
    "EvidenceCountsSerializer",
    (serializers.Serializer,),
    {
        value.key: serializers.IntegerField(source=value.path)
        for value in shape.group("evidence_counts").values
    },
)


TRANSLATOR_HELP = (
    '"machine" for a machine translation; otherwise the translator\'s user name for the '
    'newsroom and "person" for everyone else.'
)


class ClaimTranslationSerializer(serializers.ModelSerializer):
    translated_by = serializers.CharField(source="translator", help_text=TRANSLATOR_HELP)

    class Meta:
        model = ClaimTranslation
        fields = list(shape.CLAIM_TRANSLATION)
        read_only_fields = fields


class VerdictTranslationSerializer(serializers.ModelSerializer):
    """A translation of a verdict's rationale, and who made it (a person is named to the
    newsroom only, as in the claim's own listing)."""

    translated_by = serializers.SerializerMethodField(help_text=TRANSLATOR_HELP)

    class Meta:
        model = VerdictTranslation
        fields = list(shape.VERDICT_TRANSLATION)
        read_only_fields = fields

    def get_translated_by(self, translation) -> str:
        if translation.machine:
            return "machine"
        request = self.context.get("request")
        if request is None or not sees_unpublished(request.user):
            return "person"
        translator = translation.translated_by
        return translator.get_username() if translator is not None else "person"


class CurrentVerdictSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_rating_display")
    translations = VerdictTranslationSerializer(
        many=True, help_text="The rationale in other languages."
    )

    class Meta:
        model = Verdict
        fields = shape.keys(shape.group("verdict").values)


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as listed (the stable contract)."""

    url = serializers.URLField()
    public_url = serializers.URLField(help_text="The claim's page on the public site.")
    evidence_status_label = serializers.CharField(
        source="get_evidence_status_display",
        help_text="What readers see for evidence_status (an automatic evidence check, not a verdict).",
    )
    claimant = ClaimantSummarySerializer()
    event = EventSummarySerializer(allow_null=True)
    evidence_counts = EvidenceCountsSerializer(source="*")
    verdict = CurrentVerdictSerializer(source="current_verdict", allow_null=True)
    interested_countries = CountryCodesField(allow_null=True)
    translations = ClaimTranslationSerializer(
        many=True, help_text="The text and summary in other languages than the claim's own."
    )

    class Meta:
        model = Claim
        fields = shape.keys()
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSummarySerializer(read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "source",
            "stance",
            "strength",
            "against_interest",
            "against_interest_note",
            "excerpt",
            "note",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class AppearanceSerializer(serializers.ModelSerializer):
    source = SourceSummarySerializer(read_only=True)

    class Meta:
        model = Appearance
        fields = ["id", "source", "kind", "quote", "language", "appeared_on", "note", "version"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_rating_display", read_only=True)
    translations = VerdictTranslationSerializer(
        many=True,
        read_only=True,
        help_text="The rationale in other languages than the site's, in which it is written.",
    )

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "rating",
            "label",
            "rationale",
            "translations",
            "status",
            "corrects",
            "correction_note",
            "published_at",
            "holds_as_of",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its evidence, appearances and verdict history (newest first)."""

    evidence = EvidenceSerializer(many=True)
    appearances = AppearanceSerializer(many=True)
    verdicts = VerdictSerializer(many=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "evidence", "appearances", "verdicts"]
        read_only_fields = fields

    def get_fields(self):
        """With the parts that apps above claims add (claims/api/parts.py)."""
        return {**super().get_fields(), **part_fields()}


class ClaimTranslationWriteSerializer(serializers.ModelSerializer):
    """A translation sent with the claim: added, or replacing the one in its language."""

    class Meta:
        model = ClaimTranslation
        fields = ["language", "text", "summary", "machine", "note"]


class ClaimWriteSerializer(serializers.ModelSerializer):
    claimant = serializers.SlugRelatedField(slug_field="slug", queryset=Claimant.objects.all())
    event = serializers.SlugRelatedField(
        slug_field="slug", queryset=Event.objects.all(), allow_null=True, required=False
    )

    interested_countries = CountryCodesField(required=False)
    translations = ClaimTranslationWriteSerializer(
        many=True,
        required=False,
        help_text="Translations to add, or to replace the one in the same language; those not sent stay.",
    )

    class Meta:
        model = Claim
        fields = [
            "text",
            "summary",
            "language",
            "translations",
            "claimant",
            "event",
            "stated_on",
            "stated_on_precision",
            "interested_countries",
            "kind",
            "checkable",
        ]
        extra_kwargs = {
            "language": {
                "required": False,
                "help_text": "BCP 47 (en, ru, kk, en-GB); left out on a new claim: the language its text is detected to be in.",
            }
        }


class ClaimAssessmentSerializer(serializers.ModelSerializer):
    """The claim's stored evidence assessment, as it stands after a write."""

    evidence_status_label = serializers.CharField(
        source="get_evidence_status_display", read_only=True
    )
    evidence_counts = EvidenceCountsSerializer(source="*", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "evidence_status",
            "evidence_status_label",
            "evidence_counts",
            "assessment",
            "version",
        ]
        read_only_fields = fields


class EvidenceWrittenSerializer(EvidenceSerializer):
    """Evidence after a write, with the claim's recomputed assessment."""

    claim_assessment = ClaimAssessmentSerializer(source="claim", read_only=True)

    class Meta(EvidenceSerializer.Meta):
        fields = [*EvidenceSerializer.Meta.fields, "claim_assessment"]
        read_only_fields = fields


class EvidenceWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "claim",
            "source",
            "stance",
            "strength",
            "against_interest",
            "against_interest_note",
            "excerpt",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            for name in ("claim", "source"):
                self.fields[name].read_only = True


class ClaimantSerializer(serializers.ModelSerializer):
    country = CountryCodeField(required=False, allow_blank=True)
    affiliations = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Outlet.objects.all(),
        required=False,
        help_text="Slugs of the outlets whose material is the claimant's own.",
    )

    class Meta:
        model = Claimant
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "role",
            "country",
            "description",
            "affiliations",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at", "version"]


class EventSerializer(serializers.ModelSerializer):
    interested_countries = CountryCodesField(required=False)

    class Meta:
        model = Event
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "country",
            "interested_countries",
            "starts_on",
            "ends_on",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at", "version"]

    def validate(self, attrs):
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError(
                {"ends_on": ["An event cannot end before it starts."]}
            )
        return attrs


class OncePerLanguage(serializers.ListSerializer):
    """Translations sent together: each language once."""

    def validate(self, attrs):
        sent = [translation["language"] for translation in attrs]
        twice = sorted({language for language in sent if sent.count(language) > 1})
        if twice:
            raise serializers.ValidationError(
                f"Send each language once: {', '.join(twice)} came more than once."
            )
        return attrs


class VerdictTranslationWriteSerializer(serializers.ModelSerializer):
    """A translation of the rationale sent with the draft: added, or replacing the
    draft's translation in its language."""

    class Meta:
        model = VerdictTranslation
        fields = ["language", "rationale", "machine"]
        list_serializer_class = OncePerLanguage
        extra_kwargs = {
            "language": {
                "help_text": "BCP 47 (ru, kk, en-GB); any language but the site's, in which verdicts are written."
            }
        }

    def validate_language(self, value):
        try:
            return services.verdict_translation_language(value)
        except Refused as refusal:
            raise serializers.ValidationError(str(refusal)) from None

    def validate_rationale(self, value):
        if message := uncarriable_refusal(value):
            raise serializers.ValidationError(message)
        return value


VERDICT_TRANSLATIONS_HELP = (
    "Translations of the rationale to add, or to replace the one in the same language; "
    "those not sent stay."
)


class VerdictDraftSerializer(serializers.Serializer):
    """A new draft verdict; a claim that already has a published one needs the note."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = serializers.ChoiceField(choices=Rating.choices)
    rationale = serializers.CharField()
    correction_note = serializers.CharField(required=False, allow_blank=True, default="")
    holds_as_of = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The date of the evidence the verdict rests on (default: the day it is published).",
    )
    translations = VerdictTranslationWriteSerializer(
        many=True, required=False, help_text=VERDICT_TRANSLATIONS_HELP
    )


class VerdictEditSerializer(serializers.ModelSerializer):
    translations = VerdictTranslationWriteSerializer(
        many=True, required=False, help_text=VERDICT_TRANSLATIONS_HELP
    )

    class Meta:
        model = Verdict
        fields = ["rating", "rationale", "correction_note", "holds_as_of", "translations"]


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[
            (status, label)
            for status, label in Claim.Status.choices
            if status in {Claim.Status.DRAFT, Claim.Status.RESEARCHING, Claim.Status.IN_REVIEW}
        ]
    )


class RetractionSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="The public reason for the retraction.")


class CorrectedClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "summary"]


class CorrectionSerializer(serializers.ModelSerializer):
    """A published verdict that replaced an earlier one, with the public note."""

    claim = CorrectedClaimSerializer(read_only=True)
    label = serializers.CharField(source="get_rating_display", read_only=True)
    previous_rating = serializers.CharField(source="corrects.rating", read_only=True)
    previous_label = serializers.CharField(source="corrects.get_rating_display", read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "rating",
            "label",
            "previous_rating",
            "previous_label",
            "correction_note",
            "published_at",
            "version",
        ]
        read_only_fields = fields


class HistoryEventSerializer(serializers.Serializer):
    """One recorded change of the claim or of what belongs to it."""

    at = serializers.DateTimeField(source="pgh_created_at")
    record = serializers.CharField(
        help_text="What changed: claim, evidence, appearance or verdict."
    )
    record_id = serializers.CharField(source="pgh_obj_id")
    action = serializers.CharField(source="pgh_label", help_text="insert, update or delete.")
    user = serializers.CharField(allow_null=True, help_text="Username of who made the change.")
    changes = serializers.JSONField(
        source="pgh_diff",
        allow_null=True,
        help_text="Field: [before, after] for each changed field of an update.",
    )


class _JsonLdSerializer(serializers.Serializer):
    """Documents JSON-LD, whose keys (``@type``) are not Python names."""

    json_ld_fields: dict = {}

    def get_fields(self):
        return {name: field() for name, field in self.json_ld_fields.items()}


class _ReviewRatingSerializer(_JsonLdSerializer):
    json_ld_fields = {
        "@type": serializers.CharField,
        "alternateName": serializers.CharField,
        "ratingExplanation": serializers.CharField,
        "ratingValue": lambda: serializers.IntegerField(required=False),
        "bestRating": lambda: serializers.IntegerField(required=False),
        "worstRating": lambda: serializers.IntegerField(required=False),
    }


class ClaimReviewSerializer(_JsonLdSerializer):
    """schema.org ClaimReview of a published claim (see claims/claimreview.py)."""

    json_ld_fields = {
        "@context": serializers.CharField,
        "@type": serializers.CharField,
        "url": serializers.URLField,
        "claimReviewed": serializers.CharField,
        "datePublished": serializers.DateField,
        "dateModified": serializers.DateTimeField,
        "inLanguage": serializers.CharField,
        "author": serializers.DictField,
        "reviewRating": _ReviewRatingSerializer,
        "itemReviewed": serializers.DictField,
    }


@extend_schema_serializer(many=False)
class ClaimReviewFeedSerializer(_JsonLdSerializer):
    """One page of the ClaimReview feed: a schema.org DataFeed whose elements are
    ClaimReview, with ``next`` (the following page, or null)."""

    json_ld_fields = {
        "@context": serializers.CharField,
        "@type": serializers.CharField,
        "name": serializers.CharField,
        "url": serializers.URLField,
        "dateModified": lambda: serializers.DateTimeField(allow_null=True),
        "dataFeedElement": lambda: ClaimReviewSerializer(many=True),
        "next": lambda: serializers.URLField(allow_null=True),
    }
