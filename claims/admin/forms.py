"""Admin forms that never lose an edit, and the small forms of the workflow pages.

A versioned form carries the ``version`` of the record as it was when the page was
loaded. On save it locks the record's row (the admin wraps each save in a transaction, so
the lock holds until the save commits) and compares: if someone saved in between, the
save is refused with who changed what, the user's input stays in the form, and the form
now carries the current version, so saving again knowingly replaces the other change.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from claims import audit, workflow
from claims.models import Verdict
from core.versioning import locked_version


class VersionedForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def saves_row(self) -> bool:
        """Whether submitting this form writes the record's row."""
        return True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.saves_row():
            return cleaned
        current = locked_version(self.instance)
        if current is None:
            raise ValidationError(
                f"This {self.instance._meta.verbose_name} was deleted by someone else since you opened it."
            )
        loaded = cleaned.get("loaded_version")
        if loaded != current:
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            raise ValidationError(self._stale_message(loaded))
        return cleaned

    def _stale_message(self, loaded):
        name = self.instance._meta.verbose_name
        changes = audit.entries(audit.events_since(self.instance, version=loaded or 0))
        return format_html(
            "Not saved: this {} was changed by someone else since you opened it.{}"
            " Your input is still in the form: check it against their changes, then save "
            "again to replace them, or reload the page to start from the current version.",
            name,
            format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((e.sentence(),) for e in changes)),
            )
            if changes
            else "",
        )


class InlineVersionedForm(VersionedForm):
    """An evidence or appearance row is only written when it was edited or deleted.

    Its choice and record fields were checked by the form itself (a valid stance, an
    existing source), and the formset checks that no source is listed twice, so the
    model's validation skips them rather than asking the database again for every row;
    the database's constraints still hold.
    """

    def saves_row(self) -> bool:
        return any(name != "loaded_version" for name in self.changed_data)

    def _get_validation_exclusions(self):
        checked = {
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        }
        return super()._get_validation_exclusions() | checked


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
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Shown to readers on the claim's page and in the API.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("A retraction needs a public reason.")
        return reason


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody (unassign)",
        help_text="The fact-checker who works on the selected claims.",
    )

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
