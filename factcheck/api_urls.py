"""The REST API: version 1 under /api/v1/, token sign-in under /api/auth/, the OpenAPI
schema at /api/schema/ and its interactive docs at /api/docs/ (assets served locally)."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from knox import views as knox_views
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from claims.api.viewsets import (
    ClaimantViewSet,
    ClaimReviewFeedViewSet,
    ClaimViewSet,
    CorrectionViewSet,
    EventViewSet,
    EvidenceViewSet,
    VerdictViewSet,
)
from core.api.signin import (
    LimitedBasicAuthentication,
    PasswordBodyAuthentication,
    no_credentials,
)
from desk.api.viewsets import CommentViewSet, NotificationViewSet
from figures.api import FigureViewSet, QuantityViewSet
from intake.api import ExternalReviewViewSet, SimilarView, TipViewSet
from sources.api.viewsets import OutletViewSet, SourceViewSet
from webhooks.api.viewsets import SubscriptionViewSet

app_name = "api"


class APIRoot(DefaultRouter.APIRootView):
    """The fact-check tracker's API: claims, evidence and verdicts, open to read."""

    permission_classes = [AllowAny]


# One address per resource: the representation is chosen with Accept (or ?format=), not
# with a .json suffix on the path.
router = DefaultRouter()
router.include_format_suffixes = False
router.APIRootView = APIRoot
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("sources", SourceViewSet, basename="source")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("claimants", ClaimantViewSet, basename="claimant")
router.register("events", EventViewSet, basename="event")
router.register("verdicts", VerdictViewSet, basename="verdict")
router.register("quantities", QuantityViewSet, basename="quantity")
router.register("figures", FigureViewSet, basename="figure")
router.register("corrections", CorrectionViewSet, basename="correction")
router.register("claimreview", ClaimReviewFeedViewSet, basename="claimreview")
router.register("webhooks", SubscriptionViewSet, basename="webhook")
router.register("tips", TipViewSet, basename="tip")
router.register("external-reviews", ExternalReviewViewSet, basename="external-review")
router.register(
    r"claims/(?P<claim_id>[0-9]{1,19})/comments", CommentViewSet, basename="claim-comment"
)
router.register("notifications", NotificationViewSet, basename="notification")


class TokenLoginView(knox_views.LoginView):
    """Exchange a username and password (a JSON body, or HTTP Basic) or a signed-in
    session for a token."""

    authentication_classes = [
        LimitedBasicAuthentication,
        PasswordBodyAuthentication,
        SessionAuthentication,
    ]

    def permission_denied(self, request, message=None, code=None):
        if not request.successful_authenticator:
            raise no_credentials()
        super().permission_denied(request, message, code)

    @extend_schema(
        request=inline_serializer(
            "SignIn",
            {
                "username": serializers.CharField(required=False),
                "password": serializers.CharField(required=False),
            },
        ),
        responses=inline_serializer(
            "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
        ),
    )
    def post(self, request, format=None):
        return super().post(request, format=format)


class TokenLogoutView(knox_views.LogoutView):
    """Revoke the token this request is signed with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)


class TokenLogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the signed-in user."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)


urlpatterns = [
    path("v1/claims/similar/", SimilarView.as_view(), name="claim-similar"),
    path("v1/", include(router.urls)),
    path("auth/login/", TokenLoginView.as_view(), name="token-login"),
    path("auth/logout/", TokenLogoutView.as_view(), name="token-logout"),
    path("auth/logoutall/", TokenLogoutAllView.as_view(), name="token-logout-all"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs' start-up script is served as a file of its own (?script), not inline, so
    # the Content-Security-Policy needs no exception for it.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
