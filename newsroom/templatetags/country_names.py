"""Country names in the page's language: django-countries names them in English and
Russian, CLDR (through Babel) in Kazakh too."""

from babel import Locale, UnknownLocaleError
from django import template
from django.conf import settings
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def country_name(country) -> str:
    """The name of a django-countries ``Country`` as readers of this page write it."""
    language = get_language() or settings.LANGUAGE_CODE
    if not country or language == settings.LANGUAGE_CODE:
        return country.name if country else ""
    try:
        names = Locale.parse(to_locale(language)).territories
    except (UnknownLocaleError, ValueError):
        return country.name
    return names.get(country.code, country.name)
