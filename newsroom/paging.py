"""Keyset pages for the HTML lists: each page starts after the last row of the one before,
so the thousandth page costs what the first does (one indexed query, no COUNT).

A list is sorted by one non-null key and the id. Nullable dates sort through
``Coalesce`` with a sentinel, so "nulls last" is plain order on an expression that the
matching index (claims.models.Claim.Meta.indexes) covers. The cursor (the ``after``
parameter) is the API's: the sort's name, the last key and id, encoded.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from claims.models import checked_key, stated_key
from core.api.inputs import decode_cursor, encode_cursor

CURSOR_PARAMETER = "after"


class BadCursor(ValueError):
    """The ``after`` parameter is not a cursor this list gave out."""


@dataclass(frozen=True)
class Order:
    """A list's order: ``key`` (a non-null expression), then id, the same direction."""

    name: str
    key: models.Expression
    field: models.Field | None  # reads the key back from a cursor (None: a number)
    descending: bool

    def apply(self, queryset):
        key = models.F("sort_key")
        return queryset.annotate(sort_key=self.key).order_by(
            key.desc() if self.descending else key.asc(),
            "-id" if self.descending else "id",
        )

    def after(self, queryset, value, pk):
        """The rows after (value, pk): a range on the key first, so the index scan starts
        at the position instead of reading the rows before it."""
        if self.descending:
            return queryset.filter(sort_key__lte=value).exclude(sort_key=value, id__gte=pk)
        return queryset.filter(sort_key__gte=value).exclude(sort_key=value, id__lte=pk)


ORDERS = {
    "newest": Order("newest", stated_key(newest=True), models.DateField(), True),
    "oldest": Order("oldest", stated_key(newest=False), models.DateField(), False),
    "checked": Order("checked", checked_key(), models.DateTimeField(), True),
    "updated": Order("updated", models.F("updated_at"), models.DateTimeField(), True),
    "relevance": Order("relevance", models.F("search_rank"), None, True),
    "newest_link": Order("newest_link", models.F("id"), models.BigIntegerField(), True),
}


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None
    is_first: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def keyset_page(request, queryset, order: Order, size: int) -> KeysetPage:
    """The page of ``queryset`` after the request's cursor (the first page without one).
    Raises BadCursor for a cursor this list did not give out."""
    ordered = order.apply(queryset)
    raw = request.GET.get(CURSOR_PARAMETER)
    if raw:
        refusal = BadCursor("This page link is not valid: start again from the first page.")
        try:
            value, pk = decode_cursor(
                raw, name=CURSOR_PARAMETER, ordering=order.name, field=order.field
            )
        except ValidationError:
            raise refusal from None
        if value is None:
            raise refusal
        ordered = order.after(ordered, value, pk)
    rows = list(ordered[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor(order.name, _encoded(last.sort_key), last.pk)
    return KeysetPage(object_list=rows, next_cursor=next_cursor, is_first=not raw)


def _encoded(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
