"""Keyset (cursor) paging, shared by the API (``core.api.pagination``) and the HTML lists
(``newsroom``): each page starts after the last row of the one before, so the thousandth
page costs what the first does (one indexed query, no COUNT), and rows added while a
reader pages through never shift or repeat what they see.

A cursor holds the order's name and the last row's (key, id), encoded; it is only valid
for the order that gave it out. The key is a field of the rows (the API's orderings,
nullable ones included: ``after``) or a non-null expression (``Order``: the HTML lists,
whose nullable dates sort through ``Coalesce`` with a sentinel so that an index covers
them). What each list sorts by is declared where the list is (e.g. newsroom/paging.py).
"""

import base64
import binascii
import datetime
import math
from dataclasses import dataclass

import orjson
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

BIGINT_MAX = 2**63 - 1
MAX_CURSOR_LENGTH = 500  # cursors longer than this are not ours


class BadCursor(ValueError):
    """A cursor this list did not give out."""


def encode_cursor(ordering: str, value, pk: int) -> str:
    token = orjson.dumps([ordering, encoded(value), pk])
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def encoded(value):
    """A key as the cursor holds it: dates and times as ISO 8601 (times in UTC)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def decode_cursor(raw: str, *, ordering: str, field: models.Field | None):
    """The (value, pk) a cursor made by ``encode_cursor`` holds for ``ordering``, with the
    value converted for ``field`` (None for an annotation, whose value is a number).
    Raises BadCursor for anything else."""
    invalid = BadCursor("This cursor is not valid: follow the “next” link as given.")
    if len(raw) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, orjson.JSONDecodeError, ValueError):
        raise invalid from None
    if not isinstance(decoded, list) or len(decoded) != 3:
        raise invalid
    stated_ordering, value, pk = decoded
    if stated_ordering != ordering or not _is_integer(pk) or not 1 <= pk <= BIGINT_MAX:
        raise invalid
    if value is None:
        return None, pk
    try:
        return _cursor_value(value, field), pk
    except (ValidationError, TypeError, ValueError, OverflowError):
        raise invalid from None


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _cursor_value(value, field: models.Field | None):
    if field is None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("an annotation's position is a number")
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    if isinstance(field, models.DateField | models.DateTimeField | models.TimeField):
        if not isinstance(value, str):
            raise TypeError("a date is written as text")
        converted = field.to_python(value)
        if converted is None:
            raise ValueError("not a date")
        return converted
    if isinstance(field, models.IntegerField):
        if not _is_integer(value) or not -BIGINT_MAX <= value <= BIGINT_MAX:
            raise TypeError("not a whole number")
        return value
    if not isinstance(value, str):
        raise TypeError("text expected")
    return field.to_python(value)


def after(field: str, descending: bool, nullable: bool, value, pk) -> Q:
    """Rows after (value, pk) in PostgreSQL's order for (field, id): ascending puts nulls
    last, descending puts them first. The range on ``field`` comes first so that the index
    scan starts at the position instead of reading every row before it."""
    if value is None:
        rest = Q(**{f"{field}__isnull": True, "id__lt" if descending else "id__gt": pk})
        return rest | Q(**{f"{field}__isnull": False}) if descending else rest
    bound = f"{field}__lte" if descending else f"{field}__gte"
    tie = {field: value, "id__gte" if descending else "id__lte": pk}
    rows_after = Q(**{bound: value}) & ~Q(**tie)
    if nullable and not descending:
        rows_after |= Q(**{f"{field}__isnull": True})
    return rows_after


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


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None
    is_first: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def keyset_page(request, queryset, order: Order, size: int, *, parameter="after") -> KeysetPage:
    """The page of ``queryset`` after the cursor in the request's ``parameter`` (the first
    page without one). Raises BadCursor for a cursor this list did not give out."""
    ordered = order.apply(queryset)
    raw = request.GET.get(parameter)
    if raw:
        refusal = BadCursor("This page link is not valid: start again from the first page.")
        try:
            value, pk = decode_cursor(raw, ordering=order.name, field=order.field)
        except BadCursor:
            raise refusal from None
        if value is None:
            raise refusal
        ordered = order.after(ordered, value, pk)
    rows = list(ordered[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor(order.name, last.sort_key, last.pk)
    return KeysetPage(object_list=rows, next_cursor=next_cursor, is_first=not raw)
