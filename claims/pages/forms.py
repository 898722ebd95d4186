"""The claims list's filters: every state is a plain GET query, so any view of the list
is a URL that can be shared."""

from django import forms
from django.db.models import F

from claims.assessment import EvidenceStatus
from claims.models import Claim, Claimant, Event
from claims.ratings import Rating

# The first is the default: the best match when searching, the newest statement otherwise.
SORTS = {
    "relevance": ("Best match, or newest", ["-search_rank", "-id"]),
    "newest": ("Newest statement first", [F("stated_on").desc(nulls_last=True), "-id"]),
    "oldest": ("Oldest statement first", [F("stated_on").asc(nulls_last=True), "id"]),
    "checked": ("Recently checked", [F("published_at").desc(nulls_last=True), "-id"]),
    "updated": ("Recently updated", ["-updated_at", "-id"]),
}


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    verdict = forms.ChoiceField(
        label="Verdict", required=False, choices=[("", "Any verdict"), *Rating.choices]
    )
    evidence_status = forms.ChoiceField(
        label="Evidence status",
        required=False,
        choices=[("", "Any evidence status"), *EvidenceStatus.choices],
    )
    event = forms.ChoiceField(label="Event", required=False)
    claimant = forms.ChoiceField(label="Claimant", required=False)
    status = forms.ChoiceField(
        label="Workflow status",
        required=False,
        choices=[("", "Any status"), *Claim.Status.choices],
    )
    stated_from = forms.DateField(
        label="Stated from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    stated_to = forms.DateField(
        label="Stated until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def __init__(self, data, *, staff: bool):
        super().__init__(data)
        events = Event.objects.all() if staff else Event.objects.public()
        claimants = Claimant.objects.all() if staff else Claimant.objects.public()
        self.fields["event"].choices = [
            ("", "Any event"),
            *events.order_by("name").values_list("slug", "name"),
        ]
        self.fields["claimant"].choices = [
            ("", "Any claimant"),
            *claimants.order_by("name").values_list("slug", "name"),
        ]
        if not staff:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("stated_from"), cleaned.get("stated_to")
        if start and end and start > end:
            self.add_error("stated_to", "The end of the date range is before its start.")
        return cleaned

    def filter(self, claims):
        """The claims that match the cleaned filters, in the chosen order."""
        data = self.cleaned_data
        if data["q"]:
            claims = claims.search(data["q"])
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
        return claims.order_by(*SORTS[self.sort_key()][1])

    def sort_key(self) -> str:
        sort = self.cleaned_data.get("sort") or "relevance"
        return "newest" if sort == "relevance" and not self.cleaned_data.get("q") else sort
