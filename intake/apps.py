from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Tips and other fact-checkers' reviews")

    def ready(self):
        from intake import receivers  # noqa: F401  (embeds claims when they are saved)
