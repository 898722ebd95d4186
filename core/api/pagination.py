"""The API's keyset (cursor) pagination (the paging itself is core.keyset's).

The cursor holds the ordering and the last row's (value, id), so a page costs one indexed
query however deep it is. Views declare ``ordering_fields`` (public name -> field or
annotation) and ``default_ordering``.
"""

from django.core.exceptions import FieldDoesNotExist
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.api.conditional import list_etag
from core.api.inputs import whole_number
from core.keyset import BadCursor, after, decode_cursor, encode_cursor

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _value(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def order(self, queryset, request, view):
        """The queryset in the requested order (by the field, then id)."""
        name, field, descending = self.ordering_of(request, view)
        self.ordering, self.field, self.descending = name, field, descending
        return queryset.order_by(*((f"-{field}", "-id") if descending else (field, "id")))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        ordered = self.order(queryset, request, view)
        position = self._decode_cursor(request, queryset, self.ordering, self.field)
        if position is not None:
            nullable = self.field in _nullable_fields(queryset.model)
            ordered = ordered.filter(after(self.field, self.descending, nullable, *position))
        rows = list(ordered[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.rows = rows[: self.page_size]
        return self.rows

    def get_etag(self, keys) -> str:
        """The tag of this page, built from its rows' ``keys`` and its next link."""
        return list_etag(keys, next_link=self.get_next_link())

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_next_link(self):
        if not self.has_next:
            return None
        last = self.rows[-1]
        cursor = encode_cursor(self.ordering, _value(last, self.field), _value(last, "id"))
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, cursor
        )

    def _page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        return whole_number(raw, name=self.page_size_query_param, minimum=1, maximum=MAX_PAGE_SIZE)

    def ordering_of(self, request, view):
        """(requested name, field, descending) of the request's ordering."""
        fields = view.get_ordering_fields()
        requested = (
            request.query_params.get(self.ordering_query_param) or view.get_default_ordering()
        )
        name = requested.removeprefix("-")
        if name not in fields:
            choices = ", ".join(sorted(f"{n}, -{n}" for n in fields))
            raise ValidationError({self.ordering_query_param: [f"Order by one of: {choices}."]})
        return requested, fields[name], requested.startswith("-")

    def _decode_cursor(self, request, queryset, name, field):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        try:
            model_field = queryset.model._meta.get_field(field)
        except FieldDoesNotExist:
            model_field = None  # an annotation, such as the search rank
        try:
            return decode_cursor(raw, ordering=name, field=model_field)
        except BadCursor as invalid:
            raise ValidationError({self.cursor_query_param: [str(invalid)]}) from None

    def get_schema_operation_parameters(self, view):
        fields = view.get_ordering_fields()
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The position to continue from: follow the “next” link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": f"Sort order (default {view.default_ordering}).",
                "schema": {
                    "type": "string",
                    "enum": sorted([*fields, *(f"-{n}" for n in fields)]),
                },
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }


def _nullable_fields(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if f.null}
