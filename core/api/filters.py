"""Query filters. Every value is checked: an unknown choice, slug, flag or date, or an
unknown parameter, is a 400 that says what is accepted, never an empty list."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from core.api.inputs import check_parameter_names

PAGING_PARAMETERS = {"cursor", "page_size", "ordering", "format"}


class StrictFilterSet(django_filters.FilterSet):
    """A filter set of the API; the backend refuses the parameters it does not declare."""


class StrictFilterBackend(DjangoFilterBackend):
    """Refuses query parameters the view does not know, so a typo is not silently ignored,
    and builds the filter form only when the request names a filter: plain polling of a
    list (cursor and page size only) skips that work."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        filters = set(filterset_class.base_filters) if filterset_class else set()
        # An action's own options (``{"export": {"excel"}}``), which are not filters.
        options = set(getattr(view, "action_parameters", {}).get(getattr(view, "action", None), ()))
        check_parameter_names(request.query_params, filters | PAGING_PARAMETERS | options)
        if set(request.query_params) <= PAGING_PARAMETERS | options:
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
