"""Languages of claims, quotes and translations: BCP 47 codes (``ru``, ``kk``, ``en-GB``,
``sr-Latn``), checked and named with Babel's locale data, and the language the admin
proposes for a text (py3langid's model, which ships with the package: nothing is
downloaded)."""

import functools

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

MAX_LENGTH = 35
# A claim recorded before claims had a language, or with none given where no text tells.
DEFAULT = "en"
NOT_A_LANGUAGE_CODE = gettext_noop(
    "“%(code)s” is not a language code (BCP 47, e.g. en, ru, kk, en-GB)."
)
# The languages the admin's list filter offers (any other is still accepted).
COMMON = ("en", "ru", "kk")


def normalize(code) -> str:
    """The canonical form of a BCP 47 code: a lower-case language, a title-case script,
    an upper-case region (``EN-gb`` becomes ``en-GB``). ValueError for a code that names
    no language Babel knows."""
    raw = str(code or "").strip()
    if not raw or len(raw) > MAX_LENGTH:
        raise ValueError(gettext(NOT_A_LANGUAGE_CODE) % {"code": raw})
    try:
        locale = Locale.parse(raw, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        locale = None
    # Babel reads "und" (undetermined) and some aliases as another language: the code
    # must name the language it was read as.
    if locale is None or locale.language != raw.split("-")[0].lower():
        raise ValueError(gettext(NOT_A_LANGUAGE_CODE) % {"code": raw})
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def validate_language(code) -> None:
    """The model fields' validator: forms and serializers show the message on the field
    (the code goes in as a parameter: what was typed is never read as a format)."""
    try:
        normalize(code)
    except ValueError as error:
        raise ValidationError(
            gettext(NOT_A_LANGUAGE_CODE),
            code="invalid_language",
            params={"code": str(code or "").strip()[:MAX_LENGTH]},
        ) from error


def of_verdicts() -> str:
    """The language the newsroom writes its verdicts' rationales in: the site's."""
    return normalize(settings.LANGUAGE_CODE.replace("_", "-"))


def primary(code: str) -> str:
    """The language subtag alone: ``kk`` of ``kk-Cyrl-KZ``."""
    return str(code or "").split("-")[0].lower()


@functools.lru_cache(maxsize=256)
def name(code: str, *, in_language: str = "en") -> str:
    """The language's name in ``in_language`` ("Russian", "русский"); the code itself
    when Babel has no name for it."""
    try:
        return Locale.parse(primary(in_language) or "en").languages.get(primary(code), code)
    except (ValueError, UnknownLocaleError):
        return code


def detect(text: str) -> str | None:
    """The language the text is most likely written in (an ISO 639-1 code), or None for
    a text too short to tell. The model is loaded on first use."""
    words = str(text or "").split()
    if len(words) < 2:
        return None
    import py3langid  # loads its model (a few MB) the first time: only where asked

    code, _score = py3langid.classify(" ".join(words))
    return code
