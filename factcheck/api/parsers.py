"""JSON request bodies, read with orjson and refused with a 400 when they are not JSON,
hold a lone surrogate, NaN or an infinite number, or nest deeper than any record does."""

import orjson
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest body a record needs is an object holding a list of slugs (depth 2); a few
# levels of slack, and nothing a client sends can exhaust the stack of what reads it.
MAX_DEPTH = 8


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


class JsonParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = orjson.loads(stream.read() if stream is not None else b"")
        except orjson.JSONDecodeError as error:
            raise ParseError(f"The body is not valid JSON: {error}") from None
        if depth(data) > MAX_DEPTH:
            raise ParseError(f"The body nests lists and objects deeper than {MAX_DEPTH} levels.")
        return data
