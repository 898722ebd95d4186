"""A date box that shows and takes YYYY-MM-DD whatever the browser's language.

A browser draws ``<input type="date">`` in its own locale (mm/dd/yyyy in an American
Chromium), so the pages' date filters use a text box in the ISO form instead; the form
field still accepts the language's own input formats as well (Django adds ISO to them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                # Translators: the form of a date typed as year-month-day, e.g. 2022-01-09.
                "placeholder": _("YYYY-MM-DD"),
                "pattern": r"\d{4}-\d{2}-\d{2}",
                "inputmode": "numeric",
                "size": 10,
                "autocomplete": "off",
                **(attrs or {}),
            },
            format=ISO_DATE,
        )
