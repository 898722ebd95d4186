from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = "Figures over time"

    def ready(self):
        from claims.seeding import register_following_seed
        from figures import api  # noqa: F401  (adds the figures to the claim's API detail)
        from figures.seeding import load_default_figures

        register_following_seed(load_default_figures)
