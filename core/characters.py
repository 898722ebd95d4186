"""Characters that XML 1.0 and JSON consumers cannot carry.

XML 1.0 has no way to write the C0 control characters other than tab, newline and
carriage return (``\\x0b`` and ``\\x0c``, which word processors paste, included), nor
U+FFFE and U+FFFF; a lone surrogate is not a character at all and no UTF-8 encoder or
strict JSON parser takes it; PostgreSQL refuses NUL. Text with any of them is refused on
the way in, once, here: ``core.records.write`` checks every value it writes, forms and
serializers check what they are given so the refusal is a field error, and the few
writes that do not pass through ``write`` call ``core.records.refuse_uncarriable``.
What is already stored is made safe on the way out by ``strip_uncarriable`` (feeds,
exports).
"""

import re
import unicodedata

from django.utils.translation import gettext

UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_NAMES = {"\x0b": "vertical tab", "\x0c": "form feed", "\x00": "NUL"}


def _described(character: str) -> str:
    code = f"U+{ord(character):04X}"
    name = _NAMES.get(character) or unicodedata.name(character, "")
    if not name and 0xD800 <= ord(character) <= 0xDFFF:
        name = "a lone surrogate"
    return f"{code} ({name.lower()})" if name else code


def uncarriable_refusal(value) -> str | None:
    """A sentence saying what is wrong with ``value`` (text, or a list of texts), or None
    when every character of it can be carried."""
    texts = value if isinstance(value, list | tuple) else [value]
    for text in texts:
        if isinstance(text, str) and (found := UNCARRIABLE.search(text)):
            return gettext(
                "This text holds %(character)s, an invisible character that "
                "feeds and other tools cannot carry: remove it (pasting the text as plain "
                "text, or retyping the text around it, does)."
            ) % {"character": _described(found.group())}
    return None


def strip_uncarriable(text):
    """``text`` without the characters that cannot be carried (anything else unchanged)."""
    return UNCARRIABLE.sub("", text) if isinstance(text, str) else text


def add_form_errors(form) -> None:
    """Turn every uncarriable text among a form's cleaned values into a field error."""
    for name, value in list(form.cleaned_data.items()):
        if message := uncarriable_refusal(value):
            form.add_error(name if name in form.fields else None, message)
