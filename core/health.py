"""``/healthz`` for load balancers: 200 when the database and the cache answer, 503 naming
the one that does not. It says nothing else (no versions, no settings, no errors' text).

The shared cache is optional at run time (limits are then counted per process, see
core/throttles.py), so a cache that does not answer makes the answer 200 with status
"degraded", unless ``HEALTHZ_REQUIRE_CACHE`` is on: a load balancer does not take every app
server out at once because their common cache restarts.

It is answered by the first middleware, before host validation and the HTTPS redirect,
so a load balancer may probe an app server by its own address over plain HTTP.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from core import replicas

PATH = "/healthz"
log = logging.getLogger(__name__)


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache() -> bool:
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    return cache.get(key) == value


def check() -> dict[str, bool]:
    results = {}
    for name, probe in (("database", _database), ("cache", _cache)):
        try:
            results[name] = probe()
        except Exception:
            log.exception("Health check: the %s does not answer.", name)
            results[name] = False
    return results


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in (PATH, PATH + "/"):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"detail": "Use GET."}, status=405, headers={"Allow": "GET, HEAD"})
        results = check()
        if all(results.values()):
            status = "ok"
        elif results["database"] and not settings.HEALTHZ_REQUIRE_CACHE:
            status = "degraded"
        else:
            status = "unavailable"
        body = {
            "status": status,
            **{name: "ok" if up else "unavailable" for name, up in results.items()},
        }
        if replicas.replica_aliases():
            # A lagging or missing replica is skipped by the router, not a reason to take
            # this app server out of the load balancer.
            body["replicas"] = replicas.replica_states()
        response = JsonResponse(body, status=503 if status == "unavailable" else 200)
        response["Cache-Control"] = "no-store"
        return response
