from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Figures over time")

    def ready(self):
        from claims.demo_data import register_following_generator
        from claims.seeding import register_following_seed
        from figures import api  # noqa: F401  (adds the figures to the claim's API detail)
        from figures.seeding import load_default_figures

        register_following_seed(load_default_figures)
        register_following_generator(demo_figures)


def demo_figures(*, seed: int) -> str:
    from figures.demo_data import generate_figures

    return f"Generated {generate_figures(seed=seed)} demo figures."
