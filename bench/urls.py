"""The project's URLs plus the plain DRF peer, for the benchmark only."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.peer import PeerClaimViewSet

router = SimpleRouter()
router.register("claims", PeerClaimViewSet, basename="peer-claim")

urlpatterns = [
    path("bench/peer/", include(router.urls)),
    path("", include("factcheck.urls")),
]
