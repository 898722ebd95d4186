"""JSON rendered with orjson: the API's default output."""

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import JSONRenderer


def _encode_other(value):
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"Cannot encode {type(value).__name__} as JSON.")


class OrjsonRenderer(JSONRenderer):
    """Dates and times come out as ISO 8601 with ``Z`` for UTC, like DRF's own fields."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        # Non-string keys: DRF reports errors of a list's items by their index.
        option = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS
        compact = orjson.dumps(data, default=_encode_other, option=option)
        # Indented when asked (``; indent=`` in Accept, or the browsable API, for a person
        # reading it), by two spaces whatever the number asked. Rows may arrive already
        # encoded (orjson fragments), so the whole is read back and written again.
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return orjson.dumps(orjson.loads(compact), option=orjson.OPT_INDENT_2)
        return compact
