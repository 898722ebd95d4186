"""/api/v1/webhooks/: who may register receivers, the secret shown once, the address rules,
changes with a stated version, the test event and the delivery log."""

import pytest
from django.contrib.auth.models import Permission

from core.background import run_pending_tasks
from tests import factories
from tests.api.conftest import token_client
from tests.webhooks.conftest import verified
from webhooks.models import Subscription

pytestmark = pytest.mark.django_db

PUBLIC_ADDRESS = "https://93.184.215.14/hooks/factcheck"  # a literal address: no DNS needed


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture(autouse=True)
def public_receivers_only(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False


def register(api, url=PUBLIC_ADDRESS, events=("claim.published", "verdict.corrected"), **more):
    return api.post(
        "/api/v1/webhooks/",
        {"url": url, "events": list(events), "description": "Partner CMS", **more},
        format="json",
    )


def test_an_editor_registers_a_receiver_and_the_secret_is_shown_once(editor_api):
    created = register(editor_api)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["events"] == ["claim.published", "verdict.corrected"]
    assert body["active"] is True

    again = editor_api.get(f"/api/v1/webhooks/{body['id']}/")
    listed = editor_api.get("/api/v1/webhooks/")
    assert again.status_code == listed.status_code == 200
    assert "secret" not in again.json()
    assert body["secret"] not in again.content.decode()
    assert body["secret"] not in listed.content.decode()
    assert [item["id"] for item in listed.json()["results"]] == [body["id"]]


def test_the_secret_shown_verifies_what_the_receiver_gets(
    editor_api, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    created = register(editor_api, url=receiver.url).json()
    with django_capture_on_commit_callbacks(execute=True):
        sent = editor_api.post(f"/api/v1/webhooks/{created['id']}/test/")
    assert sent.status_code == 202
    run_pending_tasks()
    [item] = receiver.received
    subscription = Subscription(secret=created["secret"])
    assert verified(subscription, item)["type"] == "webhook.test"

    log = editor_api.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()
    assert log[0]["event"] == "webhook.test"
    assert log[0]["status"] == "delivered"
    assert log[0]["webhook_id"] == item.headers["webhook-id"]
    [attempt] = log[0]["attempt_log"]
    assert attempt["status_code"] == 200
    assert attempt["response_excerpt"] == "ok"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://93.184.215.14/hooks", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("http://127.0.0.1:8000/hooks", "private, loopback"),
        ("http://10.1.2.3/hooks", "private, loopback"),
        ("http://169.254.169.254/latest/meta-data", "private, loopback"),
        ("http://[::1]/hooks", "private, loopback"),
        ("https://user:password@93.184.215.14/hooks", "user name or password"),
        ("https:///hooks", "no host name"),
        ("http://93.184.215.14:99999/hooks", "Not a valid address"),
    ],
)
def test_addresses_deliveries_may_not_go_to_are_refused(editor_api, url, says):
    refused = register(editor_api, url=url)
    assert refused.status_code == 400
    assert says in refused.json()["url"][0]
    assert not Subscription.objects.exists()


def test_private_addresses_are_accepted_when_the_setting_allows(editor_api, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    assert register(editor_api, url="http://127.0.0.1:8000/hooks").status_code == 201


@pytest.mark.parametrize(
    ("events", "field_says"),
    [([], "empty"), (["claim.deleted"], "not a valid choice"), (7, "list")],
)
def test_events_must_be_chosen_from_the_list(editor_api, events, field_says):
    refused = editor_api.post(
        "/api/v1/webhooks/", {"url": PUBLIC_ADDRESS, "events": events}, format="json"
    )
    assert refused.status_code == 400
    assert field_says in str(refused.json()["events"])
    assert not Subscription.objects.exists()


def test_only_users_holding_the_permission_manage_subscriptions(editor_api, fact_checker, client):
    register(editor_api)
    assert client.get("/api/v1/webhooks/").status_code in (401, 403)
    checker = token_client(fact_checker)
    assert checker.get("/api/v1/webhooks/").status_code == 403
    assert register(checker).status_code == 403
    reader = token_client(factories.UserFactory(username="reader"))
    assert reader.get("/api/v1/webhooks/").status_code == 403


def test_a_partner_holding_the_permission_sees_only_its_own(editor_api):
    register(editor_api, description="The newsroom's CMS")
    partner = factories.UserFactory(username="partner")
    partner.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    partner_api = token_client(partner)
    mine = register(partner_api, description="Partner platform").json()

    listed = partner_api.get("/api/v1/webhooks/").json()["results"]
    assert [item["description"] for item in listed] == ["Partner platform"]
    newsroom = Subscription.objects.get(description="The newsroom's CMS")
    assert partner_api.get(f"/api/v1/webhooks/{newsroom.pk}/").status_code == 404
    assert len(editor_api.get("/api/v1/webhooks/").json()["results"]) == 2
    assert mine["secret"].startswith("whsec_")


def test_a_change_states_the_version_it_was_made_from(editor_api):
    created = register(editor_api).json()
    url = f"/api/v1/webhooks/{created['id']}/"
    assert editor_api.patch(url, {"active": False}, format="json").status_code == 428

    etag = editor_api.get(url)["ETag"]
    paused = editor_api.patch(url, {"active": False}, format="json", HTTP_IF_MATCH=etag)
    assert paused.status_code == 200
    assert paused.json()["active"] is False
    assert paused.json()["paused_reason"] == "Paused by editor."
    stale = editor_api.patch(url, {"description": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412

    refused = editor_api.patch(
        url, {"url": "http://10.0.0.1/", "version": paused.json()["version"]}, format="json"
    )
    assert refused.status_code == 400
    assert Subscription.objects.get().url == PUBLIC_ADDRESS


def test_a_subscription_is_removed(editor_api):
    created = register(editor_api).json()
    assert editor_api.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    assert not Subscription.objects.exists()
