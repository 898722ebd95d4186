from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def shared_cache(app_configs, **kwargs):
    """Throttles count in the default cache: a per-process cache lets a client through
    once per process."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [
            Warning(
                "Request throttles count per process: with several app server processes "
                "a client gets that many times the configured rates.",
                hint="Set CACHE_URL to a cache all of them share, e.g. rediscache://host:6379/1.",
                id="accounts.W001",
            )
        ]
    return []
