"""Who makes claims (Claimant, with the outlets it is affiliated with) and what claims are
about (Event)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from claims.assessment import EvidenceStatus
from claims.models.status import ClaimStatus
from claims.ratings import DENYING
from core.models import Record, VisibleQuerySet, tracked, tracked_links


def published_claims(queryset):
    """The published claims of the model ``queryset`` lists (claimants and events reach
    their claims through the reverse relation ``claims``; claim.py imports this module)."""
    return queryset.model._meta.get_field("claims").related_model.objects.published()


class ClaimantQuerySet(VisibleQuerySet):
    def public(self):
        """Claimants with at least one published claim."""
        return self.filter(
            models.Exists(published_claims(self).filter(claimant=models.OuterRef("pk")))
        )

    def ranked_by_false_or_contradicted(self):
        """Claimants by their published claims rated false or mostly false, or contradicted
        by the evidence, most first (the number annotated as ``false_or_contradicted``)."""
        refuted = models.Q(claims__status=ClaimStatus.PUBLISHED) & (
            models.Q(claims__current_verdict__rating__in=DENYING)
            | models.Q(claims__evidence_status=EvidenceStatus.CONTRADICTED)
        )
        return (
            self.annotate(false_or_contradicted=models.Count("claims", filter=refuted))
            .filter(false_or_contradicted__gt=0)
            .order_by("-false_or_contradicted", "name")
        )


class ClaimantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    MEDIA = "media", _("Media outlet")


@tracked("ClaimantHistory")
class Claimant(Record):
    Kind = ClaimantKind

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    kind = models.CharField(
        max_length=20, choices=Kind, default=Kind.PERSON, verbose_name=_("kind")
    )
    role = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Office or position when the claims were made."),
        verbose_name=_("role"),
    )
    country = CountryField(blank=True, verbose_name=_("country"))
    state_actor = models.BooleanField(
        default=False,
        help_text=_(
            "Speaks for a state: material from that country's state-affiliated outlets (government bodies, state media) is its own."
        ),
        verbose_name=_("state actor"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    affiliations = models.ManyToManyField(
        "sources.Outlet",
        related_name="affiliated_claimants",
        blank=True,
        help_text=_(
            "Outlets whose material is the claimant's own and never independent evidence for its claims."
        ),
        verbose_name=_("affiliations"),
    )

    objects = ClaimantQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("claimant")
        verbose_name_plural = _("claimants")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ClaimantKind.values), name="claimant_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name

    def get_absolute_url(self):
        return reverse("claimant-detail", kwargs={"slug": self.slug})


@tracked_links("affiliations", "AffiliationHistory")
class Affiliation(Claimant.affiliations.through):
    class Meta:
        proxy = True


class EventQuerySet(VisibleQuerySet):
    def public(self):
        """Events with at least one published claim."""
        return self.filter(
            models.Exists(published_claims(self).filter(event=models.OuterRef("pk")))
        )


@tracked("EventHistory")
class Event(Record):
    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    country = models.CharField(max_length=100, blank=True, verbose_name=_("country"))
    interested_countries = CountryField(
        multiple=True,
        blank=True,
        help_text=_(
            "States with a stake in what happened: their state media are not independent evidence for the event's claims."
        ),
        verbose_name=_("interested countries"),
    )
    starts_on = models.DateField(null=True, blank=True, verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))

    objects = EventQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"slug": self.slug})
