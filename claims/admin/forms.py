"""The verdict's admin form and the small forms of the workflow pages (the versioned
forms every admin of a record uses are core.admin's)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from claims import workflow
from claims.models import Verdict
from core.admin import VersionedForm


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
