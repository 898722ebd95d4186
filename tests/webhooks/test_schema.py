"""The OpenAPI schema documents the subscription endpoints and the body deliveries carry,
field for field."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from claims import workflow
from core.background import run_pending_tasks
from tests import factories
from tests.webhooks.conftest import published_claim_with_evidence

pytestmark = pytest.mark.django_db


def test_the_documented_payload_is_what_deliveries_carry(
    receiver, subscribe, fact_checker, editor, django_capture_on_commit_callbacks
):
    claim = published_claim_with_evidence()
    factories.draft_correction(claim, by=fact_checker)
    subscribe(receiver.url, events=["verdict.corrected", "claim.retracted"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_claim(claim=claim, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.retract_claim(claim=claim, by=editor, reason="Withdrawn.")
    run_pending_tasks()
    corrected, retracted = (item.json for item in receiver.received)

    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        name: set(c.get("properties", {})) for name, c in schema["components"]["schemas"].items()
    }
    assert set(corrected) == documented["WebhookEvent"]
    assert set(corrected["data"]["claim"]) == documented["Claim"]
    assert set(corrected["data"]["correction"]) == documented["CorrectionNote"]
    assert set(retracted["data"]["claim"]) == documented["WithdrawnClaim"]
    assert set(corrected["data"]) <= documented["WebhookData"]

    create = schema["paths"]["/api/v1/webhooks/"]["post"]
    assert "delivery" in create["callbacks"]
    assert "secret" in documented["SubscriptionCreated"]
    assert "secret" not in documented["Subscription"]
    for path in (
        "/api/v1/webhooks/{id}/",
        "/api/v1/webhooks/{id}/test/",
        "/api/v1/webhooks/{id}/deliveries/",
        "/api/v1/webhooks/{id}/deliveries/{delivery_id}/send-again/",
    ):
        assert path in schema["paths"]
