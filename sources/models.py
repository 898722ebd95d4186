from collections.abc import Callable

import pghistory
from django.db import models
from django.urls import reverse

from factcheck.models import Record, VisibleQuerySet

# What makes a source public is said by the apps that use sources (claims registers its
# published evidence and appearances in its AppConfig.ready): each entry takes the
# reference to the source's id and returns a query of its uses, as ``values("source_id")``.
PUBLIC_USES: list[Callable[[models.OuterRef], models.QuerySet]] = []


def register_public_use(uses: Callable[[models.OuterRef], models.QuerySet]) -> None:
    if uses not in PUBLIC_USES:
        PUBLIC_USES.append(uses)


class OutletQuerySet(VisibleQuerySet):
    def public(self):
        """Outlets whose material belongs to at least one published claim."""
        return self.filter(
            models.Exists(Source.objects.public().filter(outlet=models.OuterRef("pk")))
        )


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
class Outlet(Record):
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

    objects = OutletQuerySet.as_manager()

    class Meta(Record.Meta):
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

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outlet-detail", kwargs={"slug": self.slug})


class SourceQuerySet(VisibleQuerySet):
    def public(self):
        """Sources with a public use (see PUBLIC_USES).

        One EXISTS over all uses, so PostgreSQL probes each source's uses by index; an
        EXISTS per use joined by OR would make it hash every published use first."""
        if not PUBLIC_USES:
            return self.none()
        first, *others = [uses(models.OuterRef("pk")) for uses in PUBLIC_USES]
        return self.filter(models.Exists(first.union(*others, all=True) if others else first))

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
class Source(Record):
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
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="When its publisher deleted or disowned it; withdrawn material counts as evidence on neither side.",
    )
    withdrawal_note = models.TextField(
        blank=True, help_text="How the withdrawal is known (an archived copy, a statement…)."
    )
    cites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="cited_by",
        blank=True,
        help_text="Material this source relies on (provenance).",
    )

    objects = SourceQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["published_on"], name="source_published_on_idx")]

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
