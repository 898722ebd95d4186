from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from factcheck.records import SERVICE_SCOPES
        from webhooks import events, receivers  # noqa: F401  (receivers connect to signals)

        # First in, last out: a service call's events are written after every other
        # scope (the claims' reassessment) has finished, so they carry the stored state.
        if events.collected not in SERVICE_SCOPES:
            SERVICE_SCOPES.insert(0, events.collected)
