"""Request bodies: JSON read with orjson and refused with a 400 when it is not strict JSON,
holds a lone surrogate, NaN or an infinite number, or nests deeper than any record does;
and in every format, a NUL character, which no text column can store, is refused with a
400 naming the field before anything looks it up or saves it."""

import orjson
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

# The deepest body a record needs is an object holding a list of slugs (depth 2); a few
# levels of slack, and nothing a client sends can exhaust the stack of what reads it.
MAX_DEPTH = 8
NUL_MESSAGE = "Null characters are not allowed."


def depth(value) -> int:
    """How deeply lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level) for child in children)
    return deepest


def _holds_nul(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def refuse_nul(fields) -> None:
    """A 400 naming each top-level field whose name or value holds a NUL character."""
    if isinstance(fields, dict) or hasattr(fields, "lists"):
        items = fields.lists() if hasattr(fields, "lists") else fields.items()
        refused = {
            name.replace("\x00", "\\0"): [NUL_MESSAGE]
            for name, value in items
            if _holds_nul(name) or _holds_nul(value)
        }
        if refused:
            raise ValidationError(refused)
    elif _holds_nul(fields):
        raise ValidationError({"detail": [NUL_MESSAGE]})


class JsonParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = orjson.loads(stream.read() if stream is not None else b"")
        except orjson.JSONDecodeError as error:
            raise ParseError(f"The body is not valid JSON: {error}") from None
        if depth(data) > MAX_DEPTH:
            raise ParseError(f"The body nests lists and objects deeper than {MAX_DEPTH} levels.")
        refuse_nul(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_nul(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_nul(parsed.data)
        return parsed
