"""The project's URLs plus the plain DRF peer, for the benchmark only."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.peer import PeerClaimViewSet
from factcheck import urls as project

router = SimpleRouter()
router.register("claims", PeerClaimViewSet, basename="peer-claim")

# The project's patterns themselves, not included: its readers' pages carry a language
# prefix (i18n_patterns), which Django allows only in the root URLconf.
urlpatterns = [path("bench/peer/", include(router.urls)), *project.urlpatterns]
