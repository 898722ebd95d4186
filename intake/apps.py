from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Tips and other fact-checkers' reviews"

    def ready(self):
        from intake import receivers  # noqa: F401  (embeds claims when they are saved)
