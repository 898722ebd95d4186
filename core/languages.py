"""Which language a request is answered in, and where the same page is in the others.

Readers' pages carry their language in the address: English (the default) at the
unprefixed address, Russian under /ru/, Kazakh under /kk/. The address alone decides, so a
shared cache keeps one copy per address and never needs ``Vary: Accept-Language``. The
admin has no prefixed addresses: it follows the language cookie, then the browser's
``Accept-Language``. The API answers in the default language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

ADMIN_PREFIX = "/admin/"


def split_prefix(path: str) -> tuple[str | None, str]:
    """The language a path is prefixed with (None for the default) and the path without it."""
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return code, path[len(prefix) - 1 :]
    return None, path


def language_path(path: str, code: str) -> str:
    """``path`` (with or without a language prefix) in the language ``code``."""
    _current, bare = split_prefix(path)
    if code == settings.LANGUAGE_CODE:
        return bare
    return f"/{code}{bare}"


class LanguageMiddleware:
    """Activates the request's language (see the module's docstring) and says which it is
    in ``Content-Language``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_browser = request.path_info.startswith(ADMIN_PREFIX)
        if from_browser:
            language = translation.get_language_from_request(request)
        else:
            language = split_prefix(request.path_info)[0] or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if from_browser:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response


def alternates(request) -> dict:
    """Template context: the page in every language, for the language switcher and the
    ``hreflang`` links (absolute, on the public site's address)."""
    site = settings.FACTCHECK_SITE_URL.rstrip("/")
    query = request.META.get("QUERY_STRING", "")
    script = request.path.removesuffix(request.path_info)
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    languages = []
    for code, name in settings.LANGUAGES:
        path = language_path(request.path_info, code)
        languages.append(
            {
                "code": code,
                "name": name,
                "current": code == current,
                "href": script + (f"{path}?{query}" if query else path),
                "absolute": site + path,
            }
        )
    default = language_path(request.path_info, settings.LANGUAGE_CODE)
    return {"page_languages": languages, "default_language_url": site + default}
