"""Query filters. Every value is checked: an unknown choice, slug, flag or date, or an
unknown parameter, is a 400 that says what is accepted, never an empty list."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

PAGING_PARAMETERS = {"cursor", "page_size", "ordering", "format"}


class StrictFilterSet(django_filters.FilterSet):
    """Refuses query parameters it does not know, so a typo is not silently ignored."""

    def is_valid(self):
        for name in sorted(set(self.data) - set(self.filters) - PAGING_PARAMETERS):
            self.form.add_error(None, f"Unknown parameter “{name}”.")
        return super().is_valid()


class StrictFilterBackend(DjangoFilterBackend):
    """Builds the filter form only when the request names a filter: plain polling of a
    list (cursor and page size only) skips that work."""

    def filter_queryset(self, request, queryset, view):
        if set(request.query_params) <= PAGING_PARAMETERS:
            return queryset
        return super().filter_queryset(request, queryset, view)


class BooleanChoiceFilter(django_filters.TypedChoiceFilter):
    """``true`` or ``false``, and nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            choices=[("true", "true"), ("false", "false")],
            coerce=lambda value: value == "true",
            **kwargs,
        )
