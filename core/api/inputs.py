"""Reading what a client puts in a request besides its body: whole numbers (page sizes,
versions), query parameter names, cursors. Every reader here either returns a value of the
expected type and range or raises a ValidationError naming the parameter: no client input
reaches ``int()``, a format string or the database unchecked."""

import base64
import binascii
import math
import re

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework.exceptions import ValidationError

# The largest value PostgreSQL's integer and bigint columns hold.
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
# Parameter names and cursors longer than this are not ours.
MAX_NAME_LENGTH = 100
MAX_CURSOR_LENGTH = 500

_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII only: "²".isdigit() is true, int("²") fails


def whole_number(raw, *, name: str, minimum: int = 0, maximum: int = INTEGER_MAX) -> int:
    """``raw`` (a string of ASCII digits, or a JSON integer) as an int from ``minimum`` to
    ``maximum``; anything else is a 400 on ``name``."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    else:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise ValidationError({name: [f"A whole number from {minimum} to {maximum}."]})
    return value


def check_parameter_names(params, known: set[str]) -> None:
    """Refuse a query parameter the endpoint does not know, so a typo is not silently
    ignored. The name is shown as sent (shortened), never used as a format string."""
    unknown = sorted(set(params) - known)
    if unknown:
        message = f"Unknown parameter. This endpoint accepts: {', '.join(sorted(known))}."
        raise ValidationError({_shorten(name): [message] for name in unknown[:10]})


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_NAME_LENGTH else text[:MAX_NAME_LENGTH] + "…"


def encode_cursor(ordering: str, value, pk: int) -> str:
    token = orjson.dumps([ordering, value, pk])
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode_cursor(raw: str, *, name: str, ordering: str, field: models.Field | None):
    """The (value, pk) a cursor made by ``encode_cursor`` holds for ``ordering``, with the
    value converted for ``field`` (None for an annotation, whose value is a number)."""
    invalid = ValidationError(
        {name: ["This cursor is not valid: follow the “next” link as given."]}
    )
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
    except (DjangoValidationError, TypeError, ValueError, OverflowError):
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
