"""Request rates, counted in the default cache (shared by every app server when
``CACHE_URL`` names one) and keyed by ``client_address`` for anonymous clients.

The shared cache is optional at run time: while it does not answer, each process counts
on its own (``FallbackCache``), so a limit is still kept per process (a client gets at most
N times its rate across N processes) and nobody sees an error. A warning is logged at most
once a minute, and the shared cache is tried again every ``CACHE_RETRY_SECONDS``. Sign-in
limits do not depend on it: django-axes keeps its counts in the database.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from core.clients import client_address

logger = logging.getLogger(__name__)
WARN_EVERY = 60.0

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is installed with the project
    RedisError = OSError

CACHE_ERRORS = (OSError, RedisError)


class FallbackCache:
    """The shared cache, or a per-process one while the shared cache does not answer."""

    def __init__(self):
        self.local = LocMemCache("throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
        self.down_until = 0.0
        self.warned_at = 0.0

    @property
    def degraded(self) -> bool:
        return time.monotonic() < self.down_until

    def _call(self, method: str, *args, **kwargs):
        if not self.degraded:
            try:
                return getattr(shared_cache, method)(*args, **kwargs)
            except CACHE_ERRORS as error:
                self._went_down(error)
        return getattr(self.local, method)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        now = time.monotonic()
        self.down_until = now + settings.CACHE_RETRY_SECONDS
        if now - self.warned_at >= WARN_EVERY or not self.warned_at:
            self.warned_at = now
            logger.warning(
                "The shared cache does not answer (%s): rate limits are counted per process "
                "until it is back.",
                type(error).__name__,
            )

    def get(self, key, default=None):
        return self._call("get", key, default)

    def set(self, key, value, timeout=None):
        return self._call("set", key, value, timeout)


throttle_cache = FallbackCache()


class AnonThrottle(AnonRateThrottle):
    cache = throttle_cache

    def get_ident(self, request):
        return client_address(request)


class UserThrottle(UserRateThrottle):
    """Signed-in clients' rate. Anonymous ones are left to ``AnonThrottle``: DRF's user
    throttle counts them by address as well, which cost every anonymous read two more
    round trips to the shared cache for a limit that could never bind first."""

    cache = throttle_cache

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class PerClientThrottle(SimpleRateThrottle):
    """A rate per signed-in user, or per address for anonymous clients."""

    cache = throttle_cache

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user.is_authenticated else client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SearchThrottle(PerClientThrottle):
    """Full-text searches of the public claims page, per signed-in user or per address."""

    scope = "search"
