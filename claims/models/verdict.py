"""Verdicts: a rating with its rationale, a history per claim; a published verdict is never
edited in place."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.claim import Claim
from claims.ratings import Rating
from core.models import Record, VisibleQuerySet, tracked, tracked_links


class VerdictQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=Verdict.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Verdict.Status.DRAFT)

    def public(self):
        """Published verdicts of published claims: what anonymous visitors may see."""
        return self.published().filter(claim__status=Claim.Status.PUBLISHED)

    def with_translations(self):
        """With the translations of their rationales and who made them, in one query more:
        a translation reaches whoever may see its verdict, and no one else (a draft's
        stays with those who may see the draft)."""
        translations = self.model._meta.get_field("translations").related_model
        return self.prefetch_related(
            models.Prefetch(
                "translations", queryset=translations.objects.select_related("translated_by")
            )
        )

    def public_corrections(self):
        """Public verdicts that replaced an earlier one, newest first, with what the
        corrections list, feed and API show of them."""
        return (
            self.public()
            .filter(corrects__isnull=False)
            .select_related("claim", "corrects")
            .order_by("-published_at", "-pk")
        )


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


@tracked("VerdictHistory")
class Verdict(Record):
    """A rating with its rationale. Published verdicts are never changed or deleted: a
    database trigger refuses it. A change is a new verdict that corrects the old one."""

    Status = VerdictStatus

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="verdicts", verbose_name=_("claim")
    )
    rating = models.CharField(max_length=20, choices=Rating, verbose_name=_("rating"))
    rationale = models.TextField(verbose_name=_("rationale"))
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        editable=False,
        verbose_name=_("status"),
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        help_text=_("The published verdict this one replaces."),
        verbose_name=_("corrects"),
    )
    correction_note = models.TextField(
        blank=True,
        help_text=_("Public note explaining what changed and why (required for a correction)."),
        verbose_name=_("correction note"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("Who started the draft."),
        verbose_name=_("author"),
    )
    written_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        editable=False,
        help_text=_(
            "Everyone who wrote any of the rating, rationale or correction note; none of them may publish it."
        ),
        verbose_name=_("written by"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("published at")
    )
    holds_as_of = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The date of the evidence the verdict rests on; empty: the day it is published."
        ),
        verbose_name=_("holds as of"),
    )

    objects = VerdictQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values), name="verdict_rating_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VerdictStatus.values), name="verdict_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(correction_note=""),
                name="verdict_correction_has_note",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="verdict_published_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(rationale=""), name="verdict_rationale_not_empty"
            ),
        ]
        indexes = [
            models.Index(
                fields=["claim", "status", "published_at"], name="verdict_claim_status_idx"
            ),
            models.Index(fields=["rating"], name="verdict_rating_idx"),
            models.Index(
                fields=["published_at"],
                name="verdict_corrections_idx",
                condition=models.Q(corrects__isnull=False),
            ),
            models.Index(
                fields=["-published_at"],
                name="verdict_latest_published_idx",
                condition=models.Q(status="published"),
            ),
        ]
        permissions = [("publish_verdict", "Can publish and correct verdicts")]
        triggers = [
            *Record.Meta.triggers,
            pgtrigger.Protect(
                name="protect_published_verdict",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="published"),
            ),
        ]

    def __str__(self):
        return f"{self.get_rating_display()}: {self.claim}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    @property
    def as_of(self):
        """The date the verdict holds as of: the one an editor set, else its publication day."""
        if self.holds_as_of is not None or self.published_at is None:
            return self.holds_as_of
        return timezone.localdate(self.published_at)


@tracked_links("written_by", "VerdictWriterHistory")
class VerdictWriter(Verdict.written_by.through):
    """Who wrote part of a draft verdict, tracked like every other change."""

    class Meta:
        proxy = True
