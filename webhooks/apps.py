from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from datetime import timedelta

        from core.background import register_periodic
        from webhooks import receivers  # noqa: F401  (receivers connect to signals)
        from webhooks.delivery import prune_messages

        register_periodic("prune-webhook-messages", every=timedelta(hours=1), func=prune_messages)
