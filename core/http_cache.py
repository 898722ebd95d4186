"""Public responses an HTTP cache or CDN may keep, and telling it when to drop them.

A public view says what its response shows with ``tag(request, *keys)``: surrogate keys
named after records (``claim-12``, ``source-3``, ``outlet-2``) and after collections
(``claims``: every page or API list that shows claims). ``PublicCacheMiddleware`` then
gives an anonymous GET of a tagged response ``Cache-Control: public`` with the configured
lifetimes, an ``ETag`` (a digest of the body when the view set none) answered with 304 on
``If-None-Match``, the keys in ``Surrogate-Key`` and ``xkey``, and no ``Vary: Cookie``
(a cache in front passes every request that carries a session cookie or an
``Authorization`` header, as ``deploy/varnish/default.vcl`` does), nor ``Vary:
Accept-Language``: a page's language is in its address (/ru/..., /kk/...; see
core/languages.py), so each language is its own entry, purged by the same keys. Signed-in
readers get ``private, no-store`` on every page, tagged or not.

Changes purge the keys they affect: ``purge(*keys)`` inside a service call collects them
(``collected``, one of ``settings.SERVICE_SCOPES``) and queues one purge when the call's
transaction commits; the worker sends it to ``CACHE_PURGE_URL`` through a ``Purger``.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.module_loading import import_string

from core.background import TryAgain, background_task, enqueue_on_commit

logger = logging.getLogger(__name__)

CACHEABLE_STATUSES = {200, 203, 301, 304, 410}


def tag(request, *keys: str) -> None:
    """Say that this response shows the records or collections named by ``keys``; only a
    tagged response is offered to a shared cache."""
    existing = getattr(request, "cache_keys", None)
    if existing is None:
        existing = request.cache_keys = []
    existing.extend(key for key in keys if key and key not in existing)


def record_key(instance) -> str:
    return f"{instance._meta.model_name}-{instance.pk}"


def signed_in(request) -> bool:
    """A request that carries credentials: a session cookie or an Authorization header."""
    if request.META.get("HTTP_AUTHORIZATION"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def cache_control_value() -> str:
    return (
        f"public, max-age={settings.HTTP_CACHE_MAX_AGE}, "
        f"s-maxage={settings.HTTP_CACHE_SHARED_MAX_AGE}, "
        f"stale-while-revalidate={settings.HTTP_CACHE_STALE_WHILE_REVALIDATE}"
    )


def _without_cookie_vary(response) -> None:
    if not response.has_header("Vary"):
        return
    kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class PublicCacheMiddleware:
    """Placed above the session and CSRF middleware, so that it sees (and can take back)
    the ``Vary: Cookie`` they add to every response of a request that touched the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if signed_in(request):
            response["Cache-Control"] = "private, no-store"
            return response
        keys = getattr(request, "cache_keys", None)
        if (
            request.method not in ("GET", "HEAD")
            or not keys
            or response.status_code not in CACHEABLE_STATUSES
            or response.cookies
            or response.streaming
        ):
            return response
        response["Cache-Control"] = cache_control_value()
        response["Surrogate-Key"] = " ".join(keys)
        response["xkey"] = " ".join(keys)
        _without_cookie_vary(response)
        if response.status_code == 200 and not response.has_header("ETag"):
            set_response_etag(response)
        if response.status_code == 200:
            conditional = get_conditional_response(request, etag=response.get("ETag"))
            if conditional is not None:
                for header in ("Cache-Control", "Surrogate-Key", "xkey", "Vary"):
                    if response.has_header(header):
                        conditional[header] = response[header]
                return conditional
        return response


# --- Purging ---------------------------------------------------------------------------

_pending: ContextVar[set | None] = ContextVar("cache_keys_to_purge", default=None)


@contextmanager
def collected():
    """Gather the keys that service calls inside the block purge and queue one purge of
    all of them when the outermost block's transaction commits."""
    if _pending.get() is not None:
        yield
        return
    keys: set[str] = set()
    token = _pending.set(keys)
    try:
        yield
    finally:
        _pending.reset(token)
    _queue(keys)


def purge(*keys: str) -> None:
    """Drop what the shared cache holds under ``keys``: with the rest of the service call,
    or (outside one) when the current transaction commits."""
    pending = _pending.get()
    if pending is None:
        _queue(set(keys))
    else:
        pending.update(keys)


def _queue(keys: set[str]) -> None:
    keys.discard("")
    if keys and settings.CACHE_PURGE_URL:
        enqueue_on_commit(purge_keys, sorted(keys))


class Purger:
    """Sends a purge of surrogate keys to one kind of cache."""

    def __init__(self, url: str):
        self.url = url

    def request(self, keys: list[str]) -> httpx.Request:
        raise NotImplementedError

    def send(self, keys: list[str]) -> None:
        with httpx.Client(timeout=settings.CACHE_PURGE_TIMEOUT_SECONDS) as client:
            response = client.send(self.request(keys))
        if response.status_code >= 500 or response.status_code == 429:
            raise TryAgain(f"The cache answered {response.status_code} to a purge.")
        if response.status_code >= 400:
            logger.error("The cache refused a purge (%s): %s", response.status_code, keys)


class VarnishPurger(Purger):
    """Varnish with vmod xkey (``deploy/varnish/default.vcl``): ``PURGE`` with the keys in
    ``xkey-purge``. ``varnish+http://host:port/``."""

    def request(self, keys):
        url = self.url.removeprefix("varnish+")
        return httpx.Request("PURGE", url, headers={"xkey-purge": " ".join(keys)})


class SurrogateKeyPurger(Purger):
    """A generic HTTP cache that purges by surrogate key: ``PURGE`` of ``CACHE_PURGE_URL``
    with the keys in ``Surrogate-Key``."""

    def request(self, keys):
        return httpx.Request("PURGE", self.url, headers={"Surrogate-Key": " ".join(keys)})


class FastlyPurger(Purger):
    """Fastly: ``fastly://SERVICE_ID``, with the API token in ``CACHE_PURGE_TOKEN``."""

    def request(self, keys):
        service = urlsplit(self.url).netloc
        return httpx.Request(
            "POST",
            f"https://api.fastly.com/service/{service}/purge",
            headers={"Fastly-Key": settings.CACHE_PURGE_TOKEN, "Surrogate-Key": " ".join(keys)},
        )


class CloudflarePurger(Purger):
    """Cloudflare (cache tags, from the ``Cache-Tag`` header a worker or origin rule copies
    from ``Surrogate-Key``): ``cloudflare://ZONE_ID``, the token in ``CACHE_PURGE_TOKEN``."""

    def request(self, keys):
        zone = urlsplit(self.url).netloc
        return httpx.Request(
            "POST",
            f"https://api.cloudflare.com/client/v4/zones/{zone}/purge_cache",
            headers={"Authorization": f"Bearer {settings.CACHE_PURGE_TOKEN}"},
            json={"tags": keys},
        )


PURGERS = {
    "varnish+http": VarnishPurger,
    "varnish+https": VarnishPurger,
    "http": SurrogateKeyPurger,
    "https": SurrogateKeyPurger,
    "fastly": FastlyPurger,
    "cloudflare": CloudflarePurger,
}


def purger() -> Purger | None:
    url = settings.CACHE_PURGE_URL
    if not url:
        return None
    if settings.CACHE_PURGER:
        return import_string(settings.CACHE_PURGER)(url)
    return PURGERS[urlsplit(url).scheme](url)


# Ahead of archiving and link checks in the queue: a stale page is waiting for it.
PURGE_PRIORITY = 50


@background_task(priority=PURGE_PRIORITY)
def purge_keys(keys: list[str], *, attempt: int = 1) -> None:
    client = purger()
    if client is None:
        return
    try:
        client.send(keys)
    except httpx.HTTPError as error:
        raise TryAgain(f"The cache could not be reached for a purge: {error}") from error
