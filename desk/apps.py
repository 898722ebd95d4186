from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Desk: comments and notifications")

    def ready(self):
        from core.background import register_periodic
        from desk import emails, receivers, services  # noqa: F401  (connects the receivers)

        register_periodic(
            "desk-due-dates", every=timedelta(hours=1), func=services.remind_due_dates
        )
        register_periodic("desk-digests", every=timedelta(minutes=15), func=emails.send_digests)
