"""The desk's API: a claim's comments (staff only; list, create, edit and delete one's
own) and one's notifications (mine only; mark read), with the ETags, cursors and version
protocol of the rest of the API; and the comment.created webhook."""

import pytest
from django.contrib.auth.models import Permission
from knox.models import AuthToken
from rest_framework.test import APIClient

from desk import services
from desk.models import Comment, Notification
from tests import factories
from webhooks import services as webhook_services
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    _, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def claim():
    return factories.published_claim()


def comments_url(claim):
    return f"/api/v1/claims/{claim.pk}/comments/"


def test_anonymous_and_roleless_users_see_no_comments(claim, fact_checker):
    services.post_comment(on=claim, by=fact_checker, text="Staff only")
    reader = token_client(factories.UserFactory(username="reader"))

    assert APIClient().get(comments_url(claim)).status_code in (401, 403)
    assert reader.get(comments_url(claim)).status_code == 403
    assert "Staff only" not in reader.get(comments_url(claim)).content.decode()


def test_a_fact_checker_writes_and_lists_comments_with_etags(claim, fact_checker, editor):
    api = token_client(fact_checker)

    created = api.post(comments_url(claim), {"text": f"@{editor.username} look"}, format="json")
    listed = api.get(comments_url(claim))
    again = api.get(comments_url(claim), HTTP_IF_NONE_MATCH=listed["ETag"])

    assert created.status_code == 201, created.content
    assert created.json()["mentions"] == [editor.username]
    assert [row["text"] for row in listed.json()["results"]] == [f"@{editor.username} look"]
    assert again.status_code == 304
    assert Notification.objects.filter(recipient=editor, kind="mentioned").count() == 1


def test_only_the_writer_edits_a_comment_and_states_the_version(claim, fact_checker, editor):
    comment = services.post_comment(on=claim, by=fact_checker, text="First")
    url = f"{comments_url(claim)}{comment.pk}/"

    theirs = token_client(editor).patch(url, {"text": "Mine now", "version": 1}, format="json")
    unstated = token_client(fact_checker).patch(url, {"text": "Second"}, format="json")
    stale = token_client(fact_checker).patch(url, {"text": "Second", "version": 7}, format="json")
    mine = token_client(fact_checker).patch(url, {"text": "Second", "version": 1}, format="json")

    assert theirs.status_code == 403
    assert unstated.status_code == 428
    assert stale.status_code == 412
    assert mine.status_code == 200 and mine.json()["text"] == "Second"
    assert token_client(editor).delete(url).status_code == 403
    assert token_client(fact_checker).delete(url).status_code == 204
    assert not Comment.objects.exists()


def test_bad_comments_get_field_messages(claim, fact_checker):
    api = token_client(fact_checker)

    empty = api.post(comments_url(claim), {"text": "   "}, format="json")
    unknown = api.post(comments_url(claim), {"text": "Ask @nobody"}, format="json")
    missing = api.post("/api/v1/claims/999999/comments/", {"text": "Hello"}, format="json")

    assert empty.status_code == 400 and "text" in empty.json()
    assert unknown.status_code == 400 and "@nobody" in unknown.json()["text"][0]
    assert missing.status_code == 404
    assert not Comment.objects.exists()


def test_notifications_are_mine_only_and_can_be_marked_read(claim, fact_checker, editor):
    services.post_comment(on=claim, by=fact_checker, text=f"@{editor.username} look")
    notification = Notification.objects.get(recipient=editor)
    editor_api, checker_api = token_client(editor), token_client(fact_checker)

    assert [n["id"] for n in editor_api.get("/api/v1/notifications/").json()["results"]] == [
        notification.pk
    ]
    assert checker_api.get("/api/v1/notifications/").json()["results"] == []
    assert checker_api.post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 404

    read = editor_api.post(f"/api/v1/notifications/{notification.pk}/read/")

    assert read.status_code == 200 and read.json()["read"] is True
    assert editor_api.post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    assert editor_api.post("/api/v1/notifications/", {}, format="json").status_code == 405


def test_comment_created_goes_only_to_subscriptions_a_staff_member_registered(
    claim, fact_checker, editor, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    chat = webhook_services.save_subscription(
        by=editor, url="http://127.0.0.1:9/chat", events=["comment.created"]
    )
    outsider = factories.UserFactory(username="partner")
    outsider.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    partner = webhook_services.save_subscription(
        by=outsider, url="http://127.0.0.1:9/partner", events=["comment.created"]
    )
    published_only = webhook_services.save_subscription(
        by=editor, url="http://127.0.0.1:9/site", events=["claim.published"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(on=claim, by=fact_checker, text="Chat about this")

    delivered_to = set(Delivery.objects.values_list("subscription_id", flat=True))
    assert delivered_to == {chat.pk}
    assert partner.pk not in delivered_to and published_only.pk not in delivered_to
    assert "Chat about this" in Delivery.objects.get().message.body
