"""Run by tests/core/test_replicas.py in a process of its own, configured with
DATABASE_URL (a primary) and DATABASE_REPLICA_URLS (its streaming replica): it drives the
app through Django's test client and prints, as JSON, where each request read from."""

import json
import os
import sys
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import Claim  # noqa: E402
from core.replicas import replica_states, usable_replicas  # noqa: E402
from tests import factories  # noqa: E402

REPLICA = "replica_0"


def served(client, path, **kwargs):
    """The response, and which database its queries read from (the lag probe aside)."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(path, **kwargs)
    on_replica = [q for q in replica.captured_queries if "pg_is_in_recovery" not in q["sql"]]
    response.primary_queries = [q["sql"][:200] for q in primary.captured_queries]
    where = {(True, False): "primary", (False, True): "replica"}.get(
        (bool(primary.captured_queries), bool(on_replica)), "both"
    )
    return response, where


def on_replica(claim_id) -> bool:
    """Whether the replica has replayed the claim as published (a factory's claim is
    written in several transactions: the first alone would not do)."""
    return Claim.objects.using(REPLICA).published().filter(pk=claim_id).exists()


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def summaries(response) -> list[str]:
    return [item["summary"] for item in response.json()["results"]]


def replica_sql(statement):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(statement)


results = {}
first = factories.published_claim(summary="First published claim")
# Replayed, and the replica measured as keeping up (a write that has just arrived makes a
# replica look behind by the time since the one before it, for a moment).
# A loaded machine may take a while to start the replica's replay.
results["replicated"] = wait_for(
    lambda: on_replica(first.pk) and bool(usable_replicas()), seconds=120
)
results["first_on_replica"] = on_replica(first.pk)
results["replica_states"] = replica_states()

response, results["anonymous_read"] = served(Client(), "/api/v1/claims/")
results["anonymous_read_on_primary"] = response.primary_queries
results["anonymous_sees_first"] = "First published claim" in summaries(response)

staff = Client()
staff.force_login(factories.FactCheckerFactory(username="checker"))
_, results["staff_read"] = served(staff, "/claims/")

# The replica stops replaying: what the primary writes now waits in its WAL.
replica_sql("SELECT pg_wal_replay_pause()")
second = factories.published_claim(summary="Second published claim")
writer = Client()
answer = writer.post(
    "/tips/new/",
    {
        "text": "The mayor said the bridge would reopen in May",
        "seen_description": "Radio news at noon",
        "website": "",
    },
)
results["write_status"] = answer.status_code
results["write_answer"] = answer.content.decode()[-2000:] if answer.status_code != 302 else ""
results["sticky_cookie"] = "fc_primary" in answer.cookies
response, results["writer_read"] = served(writer, "/api/v1/claims/")
results["writer_sees_second"] = "Second published claim" in summaries(response)

time.sleep(float(os.environ["REPLICA_MAX_LAG_SECONDS"]) + 0.5)
response, results["read_while_lagging"] = served(Client(), "/api/v1/claims/")
results["lagging_read_sees_second"] = "Second published claim" in summaries(response)
results["health_while_lagging"] = Client().get("/healthz").json().get("replicas")

replica_sql("SELECT pg_wal_replay_resume()")
results["caught_up"] = wait_for(lambda: on_replica(second.pk) and bool(usable_replicas()))
response, results["read_after_catching_up"] = served(Client(), "/api/v1/claims/")
results["caught_up_read_sees_second"] = "Second published claim" in summaries(response)

print("RESULTS " + json.dumps(results))
