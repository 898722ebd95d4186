"""The period and event a report is asked for."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Event
from core.date_input import IsoDateInput
from reports import periods
from reports.periods import Period

LONGEST = timedelta(days=366 * 3)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=periods.CHOICES, initial="this_month", label=_("Period"))
    start = forms.DateField(required=False, label=_("Start"), widget=IsoDateInput())
    end = forms.DateField(
        required=False,
        label=_("End (included)"),
        widget=IsoDateInput(),
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.order_by("name"),
        required=False,
        label=_("Event"),
        empty_label=_("All events"),
    )

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if start is None:
            self.add_error("start", _("Give the first day of the period."))
        if end is None:
            self.add_error("end", _("Give the last day of the period."))
        if start and end:
            if end < start:
                self.add_error("end", _("The last day must not be before the first."))
            elif end - start >= LONGEST:
                self.add_error("end", _("A period covers at most three years."))
        return data

    def chosen(self) -> Period:
        """The period asked for (call on a valid form)."""
        data = self.cleaned_data
        if data["period"] == "custom":
            return periods.days(data["start"], data["end"] + timedelta(days=1))
        return periods.named(data["period"], today=timezone.now().date())


def period_form(query) -> PeriodForm:
    """The form bound to the query string, this month when nothing is asked."""
    return PeriodForm(query if "period" in query else {"period": "this_month"})
