"""What links a claim to material: where it appeared (Appearance) and what supports or
contradicts it (Evidence, with what each piece relies on)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims import languages
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

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="appearances",
        verbose_name=_("source"),
    )
    quote = models.TextField(
        blank=True, help_text=_("The words as they appear in this source."), verbose_name=_("quote")
    )
    language = models.CharField(
        max_length=languages.MAX_LENGTH,
        blank=True,
        validators=[languages.validate_language],
        help_text=_(
            "The quote's language (BCP 47), when the source gives it in another than the claim's: e.g. en for a quote the source translated."
        ),
        verbose_name=_("language"),
    )
    appeared_on = models.DateField(null=True, blank=True, verbose_name=_("appeared on"))
    kind = models.CharField(
        max_length=10, choices=AppearanceKind, default=AppearanceKind.STATED, verbose_name=_("kind")
    )
    note = models.TextField(blank=True, verbose_name=_("note"))

    objects = ClaimPartQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
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

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("source"),
    )
    stance = models.CharField(max_length=16, choices=Stance, verbose_name=_("stance"))
    strength = models.CharField(
        max_length=10, choices=Strength, default=Strength.MODERATE, verbose_name=_("strength")
    )
    excerpt = models.TextField(
        blank=True,
        help_text=_("The passage of the source that bears on the claim."),
        verbose_name=_("excerpt"),
    )
    note = models.TextField(
        blank=True,
        help_text=_("The reviewer's note: why this source bears on the claim."),
        verbose_name=_("note"),
    )
    against_interest = models.BooleanField(
        default=False,
        help_text=_(
            "The claimant's own material stating something against the claimant's interest: counts as one independent origin. Say why in the note."
        ),
        verbose_name=_("against interest"),
    )
    against_interest_note = models.TextField(
        blank=True,
        help_text=_("Why this admission goes against the claimant's interest."),
        verbose_name=_("against interest note"),
    )
    relies_on = models.ManyToManyField(
        "sources.Source",
        related_name="relied_on_by",
        blank=True,
        help_text=_(
            "The material this piece relies on for this claim; when empty, what its source cites."
        ),
        verbose_name=_("relies on"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("added by"),
    )

    objects = ClaimPartQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
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
