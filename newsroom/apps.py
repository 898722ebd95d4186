from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Public site")

    def ready(self):
        from newsroom import receivers  # noqa: F401  (purges the shared cache on changes)
