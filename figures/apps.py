from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = "Figures over time"

    def ready(self):
        from figures import api  # noqa: F401  (adds the figures to the claim's API detail)
