"""Rates for the public intake: tips per address, similar-claim lookups per user or address
(counted like every other limit, see core/throttles.py)."""

from rest_framework.throttling import SimpleRateThrottle

from core.clients import client_address
from core.throttles import PerClientThrottle, throttle_cache


class TipThrottle(SimpleRateThrottle):
    """Tips sent from one address, by the page and the API together."""

    scope = "tips"
    cache = throttle_cache

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class SimilarThrottle(PerClientThrottle):
    scope = "similar"
