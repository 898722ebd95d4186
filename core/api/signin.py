"""Signing in to the API with a username and password, under the sign-in limits."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import (
    AuthenticationFailed,
    NotAuthenticated,
    Throttled,
    ValidationError,
)


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


class PasswordBodyAuthentication(LimitedBasicAuthentication):
    """A username and password sent in the request's body (JSON, or a form), under the
    same sign-in limits as HTTP Basic. A body that names one without the other is a 400
    naming the missing field."""

    FIELDS = ("username", "password")

    def authenticate(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        given = {name: data.get(name) for name in self.FIELDS if data.get(name) not in (None, "")}
        if not given:
            return None
        missing = [name for name in self.FIELDS if name not in given]
        if missing:
            raise ValidationError({name: ["This field is required."] for name in missing})
        if not all(isinstance(value, str) for value in given.values()):
            raise ValidationError({"username": ["Send the username and password as text."]})
        return self.authenticate_credentials(given["username"], given["password"], request)

    def authenticate_header(self, request):
        return None


# What the token sign-in says when it was given no credentials at all.
SIGN_IN_EXPECTS = (
    'Send your username and password as JSON ({"username": "…", "password": "…"}) '
    "or with HTTP Basic authentication."
)


def no_credentials() -> NotAuthenticated:
    return NotAuthenticated(detail=SIGN_IN_EXPECTS)


class LimitedBasicScheme(OpenApiAuthenticationExtension):
    """The OpenAPI schema shows it as what it is: HTTP Basic."""

    target_class = LimitedBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}


class PasswordBodyScheme(OpenApiAuthenticationExtension):
    """A username and password in the body are the sign-in's request body (documented on
    the view), not a security scheme of their own."""

    target_class = PasswordBodyAuthentication
    name: list = []

    def get_security_requirement(self, auto_schema):
        return None

    def get_security_definition(self, auto_schema):
        return []
