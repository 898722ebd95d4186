"""Query filters. Every value is checked: an unknown status, rating, slug, flag or date, or
an unknown parameter, is a 400 that says what is accepted, never an empty list."""

import django_filters
from django import forms

from claims import languages
from claims.assessment import EvidenceStatus
from claims.models import Claim, Claimant, Event, Evidence, Verdict
from claims.ratings import Rating
from core.api.filters import BooleanChoiceFilter, StrictFilterSet


def visible_claimants(request):
    return Claimant.objects.visible_to(request.user)


def visible_events(request):
    return Event.objects.visible_to(request.user)


class ClaimFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices)
    evidence_status = django_filters.ChoiceFilter(choices=EvidenceStatus.choices)
    verdict = django_filters.ChoiceFilter(
        field_name="current_verdict__rating",
        choices=Rating.choices,
        help_text="Rating of the current published verdict.",
    )
    claimant = django_filters.ModelChoiceFilter(
        queryset=visible_claimants, to_field_name="slug", help_text="Claimant slug."
    )
    event = django_filters.ModelChoiceFilter(
        queryset=visible_events, to_field_name="slug", help_text="Event slug."
    )
    checkable = BooleanChoiceFilter()
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="ISO 8601 date and time; claims changed at or after it.",
        error_messages={
            "invalid": "Give an ISO 8601 date and time, e.g. 2022-01-31T12:00:00Z "
            "(in a URL, write the + of an offset as %%2B)."
        },
    )
    language = django_filters.CharFilter(
        method="in_language",
        validators=[languages.validate_language],
        help_text="The language the claim was made in (BCP 47): en also takes en-GB.",
    )
    q = django_filters.CharFilter(
        method="search",
        help_text="Full-text search over text, summary and translations, each in its own language, ranked.",
        widget=forms.TextInput,
        max_length=200,
    )

    class Meta:
        model = Claim
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_language(self, queryset, name, value):
        return queryset.in_language(value)


def visible_claims(request):
    return Claim.objects.visible_to(request.user)


class EvidenceFilter(StrictFilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=visible_claims, help_text="Claim id.")
    stance = django_filters.ChoiceFilter(choices=Evidence.Stance.choices)
    strength = django_filters.ChoiceFilter(choices=Evidence.Strength.choices)

    class Meta:
        model = Evidence
        fields = []


class VerdictFilter(StrictFilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=visible_claims, help_text="Claim id.")
    rating = django_filters.ChoiceFilter(choices=Rating.choices)
    status = django_filters.ChoiceFilter(choices=Verdict.Status.choices)

    class Meta:
        model = Verdict
        fields = []


class ClaimantFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=Claimant.Kind.choices)

    class Meta:
        model = Claimant
        fields = []


class EventFilter(StrictFilterSet):
    class Meta:
        model = Event
        fields = []
