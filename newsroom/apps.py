from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Public site"

    def ready(self):
        from newsroom import receivers  # noqa: F401  (purges the shared cache on changes)
