"""Request rates, counted in the default cache (shared by every app server when
``CACHE_URL`` names one) and keyed by ``client_address`` for anonymous clients."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from core.clients import client_address


class AnonThrottle(AnonRateThrottle):
    def get_ident(self, request):
        return client_address(request)


class UserThrottle(UserRateThrottle):
    def get_ident(self, request):
        return client_address(request)


class SearchThrottle(SimpleRateThrottle):
    """Full-text searches of the public claims page, per signed-in user or per address."""

    scope = "search"

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user.is_authenticated else client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
