"""The claim's and the verdict's admin forms, the rows of their translations, and the
small forms of the workflow pages (the versioned forms every admin of a record uses are
core.admin's)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import languages, services, workflow
from claims.models import Claim, Verdict
from core.admin import InlineVersionedForm, VersionedForm
from core.records import Refused


class ClaimForm(VersionedForm):
    """The claim's form: the language may be left empty, and is then the one its text is
    detected to be in (py3langid, on this machine); a claim's page says what it detects."""

    class Meta:
        model = Claim
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("language")
        if field is None:
            return
        field.required = False
        field.widget.attrs.setdefault("size", 10)
        detected = languages.detect(self.instance.text) if self.instance.pk else None
        if detected:
            field.help_text = gettext(
                "Detected from the text: %(language)s (%(code)s). BCP 47: en, ru, kk, en-GB."
            ) % {
                "language": languages.name(detected, in_language=translation.get_language()),
                "code": detected,
            }
        else:
            field.help_text = gettext(
                "Leave empty to use the language detected from the text. BCP 47: en, ru, kk, en-GB."
            )

    def clean(self):
        cleaned = super().clean()
        if "language" not in self.fields or "language" in self.errors:
            return cleaned
        if cleaned.get("language"):
            try:
                cleaned["language"] = languages.normalize(cleaned["language"])
            except ValueError as error:
                self.add_error("language", str(error))
            return cleaned
        detected = languages.detect(cleaned.get("text") or self.instance.text)
        if detected is None:
            self.add_error(
                "language",
                _("Say which language the claim was made in: its text is too short to tell."),
            )
        else:
            cleaned["language"] = detected
        return cleaned


class TranslationFormSet(forms.BaseInlineFormSet):
    """Gives each row the record it translates, as the page is submitted (a new claim's
    language included), so that a row in the original's own language is a form error."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "original": self.instance}


class TranslationRowForm(InlineVersionedForm):
    """A translation beside its original, refused on its field in the original's own
    language: a claim's, or for a verdict's rationale the site's, in which it is written."""

    def __init__(self, *args, original=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = original

    def clean(self):
        cleaned = super().clean()
        if isinstance(self.original, Verdict):
            return self._clean_verdict_translation(cleaned)
        claim = self.original
        language = cleaned.get("language")
        if claim is None or not getattr(claim, "language", "") or not language:
            return cleaned
        try:
            cleaned["language"] = languages.normalize(language)
        except ValueError as error:
            self.add_error("language", str(error))
            return cleaned
        if languages.primary(language) == languages.primary(claim.language):
            self.add_error(
                "language",
                gettext("The claim is in %(language)s: a translation is into another language.")
                % {
                    "language": languages.name(
                        claim.language, in_language=translation.get_language()
                    )
                },
            )
        return cleaned

    def _clean_verdict_translation(self, cleaned):
        if cleaned.get("language"):
            try:
                cleaned["language"] = services.verdict_translation_language(cleaned["language"])
            except Refused as refusal:
                self.add_error("language", str(refusal))
        return cleaned


class VerdictForm(VersionedForm):
    """A draft verdict; the workflow says what stops it being written."""

    class Meta:
        model = Verdict
        fields = ["claim", "rating", "rationale", "correction_note", "holds_as_of"]

    def clean(self):
        cleaned = super().clean()
        claim = cleaned.get("claim") or getattr(self.instance, "claim", None)
        if claim is None or "rating" not in cleaned:
            return cleaned
        problems = workflow.draft_problems(
            claim=claim,
            rating=cleaned["rating"],
            rationale=cleaned.get("rationale", ""),
            correction_note=cleaned.get("correction_note", ""),
        )
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class RetractForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Shown to readers on the claim's page and in the API."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(gettext("A retraction needs a public reason."))
        return reason


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Assignee"),
        empty_label=_("Nobody (unassign)"),
        help_text=_("The fact-checker who works on the selected claims."),
    )

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
