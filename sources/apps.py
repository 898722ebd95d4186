from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and outlets"

    def ready(self):
        from core.background import register_periodic
        from sources import tasks

        register_periodic(
            "link-check", every=tasks.LINK_CHECK_SWEEP, func=tasks.enqueue_due_link_checks
        )
