"""Signing in to the API with a username and password, under the sign-in limits."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled


class LimitedBasicAuthentication(BasicAuthentication):
    """HTTP Basic under the sign-in limits (django-axes, see settings): once an account or
    an address has failed too often, the answer is 429 and the password is not checked."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise Throttled(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail="Too many failed sign-ins for this account or from this address.",
                ) from None
            raise


class LimitedBasicScheme(OpenApiAuthenticationExtension):
    """The OpenAPI schema shows it as what it is: HTTP Basic."""

    target_class = LimitedBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}
