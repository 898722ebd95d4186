from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator

from core.characters import add_form_errors

HONEYPOT = "website"


class TipForm(forms.Form):
    """A reader's tip. ``website`` is a honeypot: hidden from people, filled by robots."""

    text = forms.CharField(
        label="The claim",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was said, as close to the words used as you can.",
    )
    seen_url = forms.URLField(
        label="Where you saw it (link)",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="A link to the post, article or video, if there is one.",
    )
    seen_description = forms.CharField(
        label="Where you saw or heard it",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: a TV channel and the time, a leaflet, a conversation.",
    )
    contact = forms.CharField(
        label="How we can reach you (optional)",
        required=False,
        max_length=300,
        help_text="Only our editors see it, and we delete it after "
        f"{settings.TIP_CONTACT_RETENTION_DAYS} days.",
    )
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(settings.TIP_MAX_LENGTH))
        self.fields["text"].widget.attrs["maxlength"] = settings.TIP_MAX_LENGTH

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if len(text) < 10:
            raise forms.ValidationError("Please give the claim in at least a few words.")
        return self.cleaned_data["text"].strip()

    def clean(self):
        cleaned = super().clean()
        add_form_errors(self)
        if not self.errors and not (cleaned.get("seen_url") or cleaned.get("seen_description")):
            self.add_error("seen_url", "Say where you saw it: a link or a few words.")
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def tip_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("text", "seen_url", "seen_description", "contact")
        }
