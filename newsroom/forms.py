"""The claims list's filters: every state is a plain GET query, so any view of the list
is a URL that can be shared."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from claims import overview
from claims.assessment import EvidenceStatus
from claims.models import Claim, Claimant, Event
from claims.ratings import Rating
from core.date_input import IsoDateInput
from core.keyset import Order
from newsroom.paging import ORDERS

# The first is the default: the best match when searching, the newest statement otherwise.
# Each sort is a keyset order (newsroom/paging.py) with an index behind it.
SORTS = {
    "relevance": _("Best match, or newest"),
    "newest": _("Newest statement first"),
    "oldest": _("Oldest statement first"),
    "checked": _("Recently checked"),
    "updated": _("Recently updated"),
}


class PlainSelect(forms.Widget):
    """A select of ``options`` (value, label) joined in Python rather than rendered one
    template at a time, and taken as given rather than normalised: a list of thousands of
    claimants costs a millisecond, not tens."""

    options: list[tuple[str, str]] = []

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if key == chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.options
        )
        attributes = flatatt({**self.build_attrs(self.attrs, attrs), "name": name})
        return mark_safe(f"<select{attributes}>{options}</select>")  # noqa: S308 (escaped above)


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    verdict = forms.ChoiceField(
        label=_("Verdict"), required=False, choices=[("", _("Any verdict")), *Rating.choices]
    )
    evidence_status = forms.ChoiceField(
        label=_("Evidence status"),
        required=False,
        choices=[("", _("Any evidence status")), *EvidenceStatus.choices],
    )
    # Slugs offered as a select, checked against a set: a ChoiceField would normalise and
    # scan thousands of claimants on every request.
    event = forms.CharField(label=_("Event"), required=False, widget=PlainSelect)
    claimant = forms.CharField(label=_("Claimant"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(
        label=_("Workflow status"),
        required=False,
        choices=[("", _("Any status")), *Claim.Status.choices],
    )
    stated_from = forms.DateField(label=_("Stated from"), required=False, widget=IsoDateInput())
    stated_to = forms.DateField(label=_("Stated until"), required=False, widget=IsoDateInput())
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=list(SORTS.items()),
    )

    def __init__(self, data, *, staff: bool):
        super().__init__(data)
        events, claimants = Event.objects.all(), Claimant.objects.all()
        if not staff:  # those with a published claim, as public() says, from the counts
            events = events.filter(pk__in=overview.with_published_claims("event"))
            claimants = claimants.filter(pk__in=overview.with_published_claims("claimant"))
        self.slugs = {}
        for name, rows, anything in (
            ("event", events, _("Any event")),
            ("claimant", claimants, _("Any claimant")),
        ):
            options = list(rows.order_by("name").values_list("slug", "name"))
            self.fields[name].widget.options = [("", anything), *options]
            self.slugs[name] = {slug for slug, _ in options}
        if not staff:
            del self.fields["status"]

    def clean_event(self):
        return self._offered("event")

    def clean_claimant(self):
        return self._offered("claimant")

    def _offered(self, name: str) -> str:
        value = self.cleaned_data[name]
        if value and value not in self.slugs[name]:
            raise forms.ValidationError(
                _("Select a valid choice. %(value)s is not one of the available choices."),
                params={"value": value},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("stated_from"), cleaned.get("stated_to")
        if start and end and start > end:
            self.add_error("stated_to", _("The end of the date range is before its start."))
        return cleaned

    def filter(self, claims):
        """The claims that match the cleaned filters (the order is ``order()``'s)."""
        data = self.cleaned_data
        exact = {
            "current_verdict__rating": data["verdict"],
            "evidence_status": data["evidence_status"],
            "event__slug": data["event"],
            "claimant__slug": data["claimant"],
            "status": data.get("status"),
            "stated_on__gte": data["stated_from"],
            "stated_on__lte": data["stated_to"],
        }
        claims = claims.filter(**{name: value for name, value in exact.items() if value})
        if data["q"]:  # last: the ranked candidates are drawn from what the filters leave
            claims = claims.search(data["q"])
        return claims

    def in_use(self) -> int:
        """How many filters the reader has set (the order is not a filter): the folded
        filter form says so on its toggle."""
        data = getattr(self, "cleaned_data", {})
        return sum(1 for name, value in data.items() if name != "sort" and value)

    def order(self) -> Order:
        return ORDERS[self.sort_key()]

    def sort_key(self) -> str:
        sort = self.cleaned_data.get("sort") or "relevance"
        return "newest" if sort == "relevance" and not self.cleaned_data.get("q") else sort
