"""What links a claim to material: where it appeared (Appearance) and what supports or
contradicts it (Evidence, with what each piece relies on)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.models.claim import Claim
from core.models import Record, VisibleQuerySet, tracked, tracked_links


class AppearanceKind(models.TextChoices):
    STATED = "stated", _("Stated")
    REPEATED = "repeated", _("Repeated")
    REVISED = "revised", _("Revised by the claimant")
    RETRACTED = "retracted", _("Retracted by the claimant")


class ClaimPartQuerySet(VisibleQuerySet):
    """Rows that belong to a claim (appearances, evidence): public with their claim."""

    def public(self):
        return self.filter(claim__status=Claim.Status.PUBLISHED)


@tracked("AppearanceHistory")
class Appearance(Record):
    """A source in which the claim was made or repeated, or in which the claimant revised
    or retracted it (``kind``)."""

    Kind = AppearanceKind

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="appearances"
    )
    quote = models.TextField(blank=True, help_text="The words as they appear in this source.")
    appeared_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=AppearanceKind, default=AppearanceKind.STATED)
    note = models.TextField(blank=True)

    objects = ClaimPartQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["appeared_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="appearance_one_per_claim_source"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AppearanceKind.values), name="appearance_kind_valid"
            ),
        ]

    def __str__(self):
        when = f" on {self.appeared_on:%d %b %Y}" if self.appeared_on else ""
        return f"“{self.claim}” in {self.source.title}{when}"


class Strength(models.TextChoices):
    STRONG = "strong", _("Strong")
    MODERATE = "moderate", _("Moderate")
    WEAK = "weak", _("Weak")


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    CONTRADICTS = "contradicts", _("Contradicts")
    CONTEXT = "context", _("Context")
    NOTES_ABSENCE = "notes_absence", _("Notes no evidence was offered")


@tracked("EvidenceHistory")
class Evidence(Record):
    Stance = Stance

    Strength = Strength

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=16, choices=Stance)
    strength = models.CharField(max_length=10, choices=Strength, default=Strength.MODERATE)
    excerpt = models.TextField(
        blank=True, help_text="The passage of the source that bears on the claim."
    )
    note = models.TextField(
        blank=True, help_text="The reviewer's note: why this source bears on the claim."
    )
    against_interest = models.BooleanField(
        default=False,
        help_text="The claimant's own material stating something against the claimant's interest: counts as one independent origin. Say why in the note.",
    )
    against_interest_note = models.TextField(
        blank=True, help_text="Why this admission goes against the claimant's interest."
    )
    relies_on = models.ManyToManyField(
        "sources.Source",
        related_name="relied_on_by",
        blank=True,
        help_text="The material this piece relies on for this claim; when empty, what its source cites.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ClaimPartQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name_plural = "evidence"
        ordering = ["stance", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="evidence_one_per_claim_source"
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=Stance.values), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(strength__in=Strength.values), name="evidence_strength_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(against_interest=False) | ~models.Q(against_interest_note=""),
                name="evidence_against_interest_has_note",
            ),
        ]

    def __str__(self):
        return f"{self.source.title} {self.get_stance_display().lower()} “{self.claim}”"


@tracked_links("relies_on", "ReliesOnHistory")
class ReliesOn(Evidence.relies_on.through):
    """What a piece of evidence relies on, tracked like every other change."""

    class Meta:
        proxy = True
