"""Rates for the public intake: tips per address, similar-claim lookups per user or address
(counted like every other limit, see core/throttles.py)."""

from rest_framework.throttling import SimpleRateThrottle

from core.clients import client_address


class _PerClient(SimpleRateThrottle):
    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user.is_authenticated else client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TipThrottle(SimpleRateThrottle):
    """Tips sent from one address, by the page and the API together."""

    scope = "tips"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class SimilarThrottle(_PerClient):
    scope = "similar"
