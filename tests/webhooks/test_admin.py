"""Webhooks in the admin: editors register receivers (the secret shown once), bad
addresses are form errors, every delivery attempt is visible, send again, test events."""

import pytest
from django.test import Client

from claims import services
from core.background import run_pending_tasks
from tests.admin_payloads import resubmitted
from tests.webhooks.conftest import Answer, published_claim_with_evidence
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db

ADD = "/admin/webhooks/subscription/add/"


def add_form(url, **more):
    return {
        "url": url,
        "events": ["claim.published", "verdict.corrected"],
        "description": "Newsroom CMS",
        "active": "on",
        "loaded_version": "",
        **more,
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_editor_registers_a_receiver_and_sees_the_secret_once(editor_client, receiver):
    added = editor_client.post(ADD, add_form(receiver.url), follow=True)
    assert added.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.events == ["claim.published", "verdict.corrected"]
    assert subscription.created_by.username == "editor"
    [shown] = [m for m in messages_of(added) if "secret" in m]
    assert subscription.secret in shown
    assert "not shown again" in shown

    change = editor_client.get(f"/admin/webhooks/subscription/{subscription.pk}/change/")
    listed = editor_client.get("/admin/webhooks/subscription/")
    assert change.status_code == listed.status_code == 200
    assert subscription.secret not in change.content.decode()
    assert subscription.secret not in listed.content.decode()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:8000/hooks", "loopback"),
        ("http://192.168.1.20/hooks", "private"),
        ("ftp://93.184.215.14/hooks", "Only http and https"),
    ],
)
def test_an_address_deliveries_may_not_go_to_is_a_form_error(editor_client, settings, url, says):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    response = editor_client.post(ADD, add_form(url))
    assert response.status_code == 200
    assert says in str(response.context["adminform"].form.errors["url"])
    assert not Subscription.objects.exists()


def test_no_event_chosen_is_a_form_error(editor_client, receiver):
    response = editor_client.post(ADD, add_form(receiver.url, events=[]))
    assert "events" in response.context["adminform"].form.errors
    assert not Subscription.objects.exists()


def test_fact_checkers_do_not_manage_webhooks(checker_client):
    assert checker_client.get("/admin/webhooks/subscription/").status_code == 403
    assert checker_client.get(ADD).status_code == 403
    assert checker_client.get("/admin/webhooks/delivery/").status_code == 403


def test_every_attempt_is_shown_and_a_delivery_can_be_sent_again(
    editor_client, editor, receiver, subscribe, django_capture_on_commit_callbacks
):
    receiver.answer(Answer(status=410, body=b"This receiver moved"))
    claim = published_claim_with_evidence()
    subscription = subscribe(receiver.url, events=["claim.updated"])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_claim(instance=claim, by=editor, summary="Changed")
    run_pending_tasks()
    delivery = Delivery.objects.get()

    listed = editor_client.get("/admin/webhooks/delivery/?status__exact=failed").content.decode()
    assert "claim.updated" in listed
    assert "410" in listed
    page = editor_client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/").content.decode()
    assert "This receiver moved" in page
    assert delivery.message.id in page
    assert "Send again" in page

    with django_capture_on_commit_callbacks(execute=True):
        sent = editor_client.post(
            f"/admin/webhooks/delivery/{delivery.pk}/send-again/", follow=True
        )
    assert "Sending 1 delivery again." in messages_of(sent)
    run_pending_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    page = editor_client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/").content.decode()
    assert page.count('<td class="field-status_code">') == 2
    summary = editor_client.get(f"/admin/webhooks/subscription/{subscription.pk}/change/")
    assert "1 delivered, 0 pending, 0 failed" in summary.content.decode()


def test_send_a_test_event_from_the_subscription_page(
    editor_client, receiver, subscribe, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url, events=["claim.published"])
    page = editor_client.get(f"/admin/webhooks/subscription/{subscription.pk}/change/")
    assert "Send a test event" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/webhooks/subscription/{subscription.pk}/send-test/")
    run_pending_tasks()
    assert receiver.types() == ["webhook.test"]


def test_a_paused_subscription_shows_why(
    editor_client, receiver, subscribe, settings, editor, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 1
    receiver.answer(Answer(status=500))
    claim = published_claim_with_evidence()
    subscribe(receiver.url, events=["claim.updated"])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_claim(instance=claim, by=editor, summary="Changed")
    run_pending_tasks()
    listed = editor_client.get("/admin/webhooks/subscription/").content.decode()
    assert "Paused: Paused automatically" in listed
    assert "500 Internal Server Error" in listed


def test_pause_and_resume_actions(editor_client, receiver, subscribe):
    subscription = subscribe(receiver.url)
    editor_client.post(
        "/admin/webhooks/subscription/",
        {"action": "pause", "_selected_action": [subscription.pk]},
    )
    subscription.refresh_from_db()
    assert not subscription.active
    editor_client.post(
        "/admin/webhooks/subscription/",
        {"action": "resume", "_selected_action": [subscription.pk]},
    )
    subscription.refresh_from_db()
    assert subscription.active
    assert subscription.paused_reason == ""


def test_a_stale_subscription_save_is_refused_and_keeps_its_input(
    editor_client, second_editor, subscribe, receiver
):
    subscription = subscribe(receiver.url)
    url = f"/admin/webhooks/subscription/{subscription.pk}/change/"
    page = editor_client.get(url)
    other = Client()
    other.force_login(second_editor)
    other.post(url, resubmitted(other.get(url)) | {"description": "Paused for the migration"})

    refused = editor_client.post(url, resubmitted(page) | {"description": "Newsroom CMS (new)"})
    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "changed by someone else since you opened it" in errors
    assert "Newsroom CMS (new)" in refused.content.decode()
    assert Subscription.objects.get().description == "Paused for the migration"
