from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.admin import keep_to_superusers
from newsroom.feeds import CorrectionsFeed

admin.site.site_header = _("Fact-check tracker")
admin.site.site_title = _("Fact-check tracker")
admin.site.index_title = _("Claims, evidence and verdicts")
admin.site.enable_nav_sidebar = False  # the claim list needs the width
# The machinery other apps register in the admin (raw audit events, the task queue's rows,
# sign-in lockouts, API tokens) is for superusers; the desk sees it where it belongs.
keep_to_superusers(admin.site, {"pghistory", "django_tasks_database", "axes", "knox"})

urlpatterns = [
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("factcheck.api_urls")),
]

# Readers' pages: English at these addresses, Russian under /ru/, Kazakh under /kk/
# (core/languages.py decides the language from the address).
urlpatterns += i18n_patterns(
    path("feeds/corrections/", CorrectionsFeed(), name="corrections-feed"),
    path("", include("intake.urls")),
    path("", include("sources.urls")),
    path("", include("newsroom.urls")),
    prefix_default_language=False,
)

# Under /api/ an unknown address or a server error is answered in JSON, like the rest of
# the API; elsewhere with the site's pages (templates/404.html, 500.html).
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
