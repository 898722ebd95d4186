import pghistory
from django.db import models
from django.urls import reverse
from django.utils import timezone

from factcheck.versioning import version_trigger


class OutletQuerySet(models.QuerySet):
    def public(self):
        """Outlets whose material belongs to at least one published claim."""
        return self.filter(
            models.Exists(Source.objects.public().filter(outlet=models.OuterRef("pk")))
        )

    def visible_to(self, user):
        return self if user is not None and user.is_staff else self.public()


class OutletKind(models.TextChoices):
    NEWS = "news", "News outlet"
    BROADCASTER = "broadcaster", "Broadcaster"
    GOVERNMENT = "government", "Government body"
    STATE_MEDIA = "state_media", "State media"
    NGO = "ngo", "NGO"
    INTERNATIONAL = "international", "International body"
    SOCIAL = "social", "Social media account"
    PUBLIC = "public", "Members of the public"


class Reliability(models.TextChoices):
    HIGH = "high", "High"
    MIXED = "mixed", "Mixed"
    LOW = "low", "Low"
    UNKNOWN = "unknown", "Unknown"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OutletHistory",
)
class Outlet(models.Model):
    Kind = OutletKind

    Reliability = Reliability

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS)
    country = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    state_affiliated = models.BooleanField(default=False)
    reliability = models.CharField(max_length=10, choices=Reliability, default=Reliability.UNKNOWN)
    reliability_reason = models.TextField(
        blank=True, help_text="Why the outlet has this reliability rating."
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OutletKind.values), name="outlet_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reliability__in=Reliability.values),
                name="outlet_reliability_valid",
            ),
        ]
        triggers = [version_trigger()]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outlet-detail", kwargs={"slug": self.slug})


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources used as evidence for, or as an appearance of, a published claim.

        One EXISTS over both uses, so PostgreSQL probes each source's uses by index; two
        EXISTS joined by OR would make it hash every published use first."""
        from django.apps import apps

        def published_uses(model_name):
            model = apps.get_model("claims", model_name)
            return model.objects.public().filter(source=models.OuterRef("pk")).values("source_id")

        uses = published_uses("Evidence").union(published_uses("Appearance"), all=True)
        return self.filter(models.Exists(uses))

    def visible_to(self, user):
        return self if user is not None and user.is_staff else self.public()

    def with_outlet(self):
        return self.select_related("outlet")


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    STATEMENT = "statement", "Official statement"
    BROADCAST = "broadcast", "Video or broadcast"
    SOCIAL_POST = "social_post", "Social media post"
    DOCUMENT = "document", "Document"
    DATASET = "dataset", "Dataset"
    EYEWITNESS = "eyewitness", "Eyewitness account"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="SourceHistory",
)
class Source(models.Model):
    Kind = SourceKind

    ref = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Stable key used by imports and seed files.",
    )
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True, help_text="Leave empty when there is none.")
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="sources", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    language = models.CharField(
        max_length=35, blank=True, help_text="Language code, e.g. en, ru, kk."
    )
    published_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    cites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="cited_by",
        blank=True,
        help_text="Material this source relies on (provenance).",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["published_on"], name="source_published_on_idx")]
        triggers = [version_trigger()]

    def __str__(self):
        if self.outlet_id:
            return f"{self.title} ({self.outlet.name})"
        return self.title

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"pk": self.pk})


@pghistory.track(
    pghistory.InsertEvent("cites.add"),
    pghistory.DeleteEvent("cites.remove"),
    obj_field=None,
    model_name="CitationHistory",
)
class Citation(Source.cites.through):
    """The provenance link, tracked like every other change."""

    class Meta:
        proxy = True
