"""Translations: a claim's text and summary in another language than the one it was
made in, and a verdict's rationale. The original stays as said; a translation says who
made it (a person, or software) and is searched in its own language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims import languages
from claims.models.claim import Claim
from claims.models.verdict import Verdict
from core.models import Record, VisibleQuerySet, tracked


class ClaimTranslationQuerySet(VisibleQuerySet):
    def public(self):
        return self.filter(claim__status=Claim.Status.PUBLISHED)


@tracked("ClaimTranslationHistory")
class ClaimTranslation(Record):
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="translations", verbose_name=_("claim")
    )
    language = models.CharField(
        max_length=languages.MAX_LENGTH,
        validators=[languages.validate_language],
        help_text=_("The translation's language (BCP 47: en, ru, kk); not the claim's own."),
        verbose_name=_("language"),
    )
    text = models.TextField(help_text=_("The statement in this language."), verbose_name=_("text"))
    summary = models.CharField(max_length=300, blank=True, verbose_name=_("summary"))
    machine = models.BooleanField(
        default=False,
        help_text=_("Translated by software, not by a person."),
        verbose_name=_("machine"),
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("The person who translated it (none for a machine translation)."),
        verbose_name=_("translated by"),
    )
    note = models.TextField(
        blank=True,
        help_text=_("What the translation leaves out or renders freely."),
        verbose_name=_("note"),
    )

    objects = ClaimTranslationQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("claim translation")
        verbose_name_plural = _("claim translations")
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "language"], name="claim_translation_one_per_language"
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="claim_translation_text_not_empty"
            ),
            models.CheckConstraint(
                condition=~models.Q(machine=True, translated_by__isnull=False),
                name="claim_translation_machine_has_no_translator",
            ),
        ]

    def __str__(self):
        return f"{self.claim} ({self.language})"

    @property
    def translator(self) -> str | None:
        """ "machine", the translator's user name, or None when unknown."""
        if self.machine:
            return "machine"
        return self.translated_by.get_username() if self.translated_by_id else None


class VerdictTranslationQuerySet(VisibleQuerySet):
    def public(self):
        """Translations of public verdicts only: a draft's is never shown."""
        return self.filter(
            verdict__status=Verdict.Status.PUBLISHED, verdict__claim__status=Claim.Status.PUBLISHED
        )


@tracked("VerdictTranslationHistory")
class VerdictTranslation(Record):
    """A verdict's rationale in another language; readers see it with the verdict, once
    the verdict is published."""

    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, related_name="translations", verbose_name=_("verdict")
    )
    language = models.CharField(
        max_length=languages.MAX_LENGTH,
        validators=[languages.validate_language],
        help_text=_("The translation's language (BCP 47: en, ru, kk)."),
        verbose_name=_("language"),
    )
    rationale = models.TextField(verbose_name=_("rationale"))
    machine = models.BooleanField(
        default=False,
        help_text=_("Translated by software, not by a person."),
        verbose_name=_("machine"),
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("translated by"),
    )

    objects = VerdictTranslationQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("verdict translation")
        verbose_name_plural = _("verdict translations")
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "language"], name="verdict_translation_one_per_language"
            ),
            models.CheckConstraint(
                condition=~models.Q(rationale=""), name="verdict_translation_rationale_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.verdict} ({self.language})"
