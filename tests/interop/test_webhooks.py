"""A receiver verifies our deliveries with the standardwebhooks library and finds the
claim's public page (``public_url``) beside its API address."""

import pytest

from claims import workflow
from core.background import run_pending_tasks
from tests.webhooks.conftest import published_claim_with_evidence, verified
from tests.webhooks.test_events import in_review

pytestmark = pytest.mark.django_db


def test_a_verified_delivery_carries_the_public_url(
    receiver, subscribe, fact_checker, editor, publisher, django_capture_on_commit_callbacks
):
    claim = in_review(fact_checker)
    subscription = subscribe(receiver.url, events=["claim.published", "claim.retracted"])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_claim(claim=claim, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.retract_claim(claim=claim, by=editor, reason="The source was a forgery.")
    run_pending_tasks()  # the two deliveries, and the desk's e-mail about the retraction
    assert len(receiver.received) == 2

    published, retracted = (verified(subscription, item) for item in receiver.received)
    public_url = f"https://factcheck.example.org/claims/{claim.pk}/"
    assert published["data"]["claim"]["public_url"] == public_url
    assert published["data"]["claim"]["url"].endswith(f"/api/v1/claims/{claim.pk}/")
    assert retracted["data"]["claim"]["public_url"] == public_url


def test_the_api_gives_the_same_public_url(client, publisher):
    claim = published_claim_with_evidence()

    item = client.get(f"/api/v1/claims/{claim.pk}/").json()
    listed = client.get("/api/v1/claims/").json()["results"][0]

    assert item["public_url"] == listed["public_url"]
    assert item["public_url"] == f"https://factcheck.example.org{claim.get_absolute_url()}"
