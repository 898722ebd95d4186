"""Reading what a client puts in a request besides its body: whole numbers (page sizes,
versions), query parameter names (cursors: core.keyset). Every reader here either returns a value of the
expected type and range or raises a ValidationError naming the parameter: no client input
reaches ``int()``, a format string or the database unchecked."""

import re

from rest_framework.exceptions import ValidationError

# The largest value PostgreSQL's integer and bigint columns hold.
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
# Parameter names longer than this are not ours.
MAX_NAME_LENGTH = 100

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
