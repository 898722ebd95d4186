from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.characters import add_form_errors

HONEYPOT = "website"


class TipForm(forms.Form):
    """A reader's tip. ``website`` is a honeypot: hidden from people, filled by robots."""

    text = forms.CharField(
        label=_("The claim"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was said, as close to the words used as you can."),
    )
    seen_url = forms.URLField(
        label=_("Where you saw it (link)"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("A link to the post, article or video, if there is one."),
    )
    seen_description = forms.CharField(
        label=_("Where you saw or heard it"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a TV channel and the time, a leaflet, a conversation."),
    )
    contact = forms.CharField(
        label=_("How we can reach you (optional)"),
        required=False,
        max_length=300,
        help_text=format_lazy(
            _("Only our editors see it, and we delete it after {days} days."),
            days=settings.TIP_CONTACT_RETENTION_DAYS,
        ),
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(settings.TIP_MAX_LENGTH))
        self.fields["text"].widget.attrs["maxlength"] = settings.TIP_MAX_LENGTH

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if len(text) < 10:
            raise forms.ValidationError(_("Please give the claim in at least a few words."))
        return self.cleaned_data["text"].strip()

    def clean(self):
        cleaned = super().clean()
        add_form_errors(self)
        if not self.errors and not (cleaned.get("seen_url") or cleaned.get("seen_description")):
            self.add_error("seen_url", _("Say where you saw it: a link or a few words."))
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def tip_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("text", "seen_url", "seen_description", "contact")
        }
