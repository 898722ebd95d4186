"""Query filters of the sources endpoints."""

import django_filters

from core.api.filters import BooleanChoiceFilter, StrictFilterSet
from sources.models import Outlet, Source


def visible_outlets(request):
    return Outlet.objects.visible_to(request.user)


class OutletFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=Outlet.Kind.choices)
    reliability = django_filters.ChoiceFilter(choices=Outlet.Reliability.choices)
    state_affiliated = BooleanChoiceFilter()

    class Meta:
        model = Outlet
        fields = []


class SourceFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    outlet = django_filters.ModelChoiceFilter(
        queryset=visible_outlets, to_field_name="slug", help_text="Outlet slug."
    )

    class Meta:
        model = Source
        fields = []
