from django.contrib import admin
from django.urls import include, path

from core.admin import keep_to_superusers
from newsroom.feeds import CorrectionsFeed

admin.site.site_header = "Fact-check tracker"
admin.site.site_title = "Fact-check tracker"
admin.site.index_title = "Claims, evidence and verdicts"
admin.site.enable_nav_sidebar = False  # the claim list needs the width
# The machinery other apps register in the admin (raw audit events, the task queue's rows,
# sign-in lockouts, API tokens) is for superusers; the desk sees it where it belongs.
keep_to_superusers(admin.site, {"pghistory", "django_tasks_database", "axes", "knox"})

urlpatterns = [
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("factcheck.api_urls")),
    path("feeds/corrections/", CorrectionsFeed(), name="corrections-feed"),
    path("", include("intake.urls")),
    path("", include("sources.urls")),
    path("", include("newsroom.urls")),
]

# Under /api/ an unknown address or a server error is answered in JSON, like the rest of
# the API; elsewhere with the site's pages (templates/404.html, 500.html).
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
