"""Read replicas: anonymous reads go to a streaming replica, everything else to the primary.

With ``DATABASE_REPLICA_URLS`` set, settings add one database alias per replica
(``replica_0``, ``replica_1``, …) and this router. ``ReplicaRoutingMiddleware`` decides per
request: a GET or HEAD without credentials (no session cookie, no ``Authorization``) and
without the read-your-writes cookie may read from a replica; every other request reads and
writes on the primary, and so does the rest of a request once it has written anything.
A request that wrote answers with a short-lived cookie (``REPLICA_STICKY_COOKIE``, for
``REPLICA_STICKY_SECONDS``) so the client's next reads see its own write even before the
replicas replay it. Outside a request (commands, the worker) everything uses the primary.

Each replica's lag is measured at most every ``REPLICA_LAG_CHECK_SECONDS`` per process
(``pg_last_xact_replay_timestamp`` when WAL is waiting to be replayed, 0 when it has all
been replayed); a replica lagging more than ``REPLICA_MAX_LAG_SECONDS``, or not answering,
is skipped until it catches up. ``/healthz`` shows each replica's state.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from core.http_cache import signed_in

logger = logging.getLogger(__name__)

REPLICA_PREFIX = "replica_"
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""

# None: not in a request that may use a replica (commands, workers, writes, staff).
_request_may_use_replica: ContextVar[bool] = ContextVar("may_use_replica", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@dataclass
class Lag:
    seconds: float | None  # None: the replica did not answer, or is not a replica
    measured_at: float


_lags: dict[str, Lag] = {}


def measure_lag(alias: str) -> float | None:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            (seconds,) = cursor.fetchone()
    except Exception:
        logger.warning("Replica %s does not answer; reads go elsewhere.", alias, exc_info=True)
        connections[alias].close()
        return None
    return None if seconds is None else float(seconds)


def lag_of(alias: str, *, now: float | None = None) -> float | None:
    now = time.monotonic() if now is None else now
    known = _lags.get(alias)
    if known is None or now - known.measured_at >= settings.REPLICA_LAG_CHECK_SECONDS:
        known = _lags[alias] = Lag(measure_lag(alias), now)
    return known.seconds


def usable_replicas() -> list[str]:
    limit = settings.REPLICA_MAX_LAG_SECONDS
    return [
        alias for alias in replica_aliases() if (lag := lag_of(alias)) is not None and lag <= limit
    ]


def replica_states() -> dict[str, dict]:
    """For /healthz: each replica's lag and whether reads use it."""
    states = {}
    for alias in replica_aliases():
        lag = lag_of(alias)
        if lag is None:
            state = "unavailable"
        elif lag > settings.REPLICA_MAX_LAG_SECONDS:
            state = "lagging"
        else:
            state = "ok"
        states[alias] = {"status": state, "lag_seconds": None if lag is None else round(lag, 3)}
    return states


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _request_may_use_replica.get():
            return DEFAULT_DB_ALIAS
        usable = usable_replicas()
        return random.choice(usable) if usable else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # From the first write on, the rest of the request reads its own writes.
        _request_may_use_replica.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaRoutingMiddleware:
    SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        may_use = (
            bool(replica_aliases())
            and request.method in self.SAFE_METHODS
            and not signed_in(request)
            and settings.REPLICA_STICKY_COOKIE not in request.COOKIES
        )
        token = _request_may_use_replica.set(may_use)
        try:
            response = self.get_response(request)
        finally:
            _request_may_use_replica.reset(token)
        wrote = request.method not in self.SAFE_METHODS and response.status_code < 400
        if wrote and replica_aliases():
            response.set_cookie(
                settings.REPLICA_STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
