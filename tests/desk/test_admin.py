"""The desk in the admin without JavaScript: the thread on a claim's page, a mention typed
by hand, editing one's own comment, due dates, the claims list's overdue filter and mark,
the counter, the notifications list and My work."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from claims.models import Claim
from desk import services
from desk.models import Comment, Deadline, Notification
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return factories.ClaimFactory(summary="Troops were invited", status=Claim.Status.RESEARCHING)


def write_url(claim):
    return f"/admin/desk/notification/comment/claim/{claim.pk}/"


def test_a_typed_mention_without_javascript_tells_the_editor(
    checker_client, claim, editor, fact_checker
):
    page = f"/admin/claims/claim/{claim.pk}/change/"

    answer = checker_client.post(
        write_url(claim), {"comment": f"Over to you @{editor.username}", "next": page}
    )

    comment = Comment.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"{page}#comment-{comment.pk}"
    assert Notification.objects.get().recipient == editor
    shown = checker_client.get(page).content.decode()
    assert "Over to you @" in shown and "Activity and comments" in shown


def test_a_refused_comment_is_a_message_and_writes_nothing(checker_client, claim):
    page = f"/admin/claims/claim/{claim.pk}/change/"

    answer = checker_client.post(
        write_url(claim), {"comment": "Ask @nobody", "next": page}, follow=True
    )

    assert "No member of the newsroom is called @nobody" in answer.content.decode()
    assert not Comment.objects.exists()


def test_links_become_links_and_html_stays_text(checker_client, claim, fact_checker):
    services.post_comment(
        on=claim, by=fact_checker, text="See https://example.org/a <script>alert(1)</script>"
    )

    shown = checker_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()

    assert 'href="https://example.org/a"' in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_editing_ones_comment_keeps_its_earlier_version(checker_client, claim, fact_checker):
    comment = services.post_comment(on=claim, by=fact_checker, text="Before the edit")
    url = f"/admin/desk/notification/comment/{comment.pk}/edit/"

    checker_client.post(url, {"comment": "After the edit", "version": comment.version})

    comment.refresh_from_db()
    assert comment.text == "After the edit"
    assert "Before the edit" in checker_client.get(url).content.decode()


def test_nobody_edits_or_deletes_anothers_comment(editor_client, claim, fact_checker):
    comment = services.post_comment(on=claim, by=fact_checker, text="Mine")

    edited = editor_client.post(
        f"/admin/desk/notification/comment/{comment.pk}/edit/", {"comment": "Theirs"}
    )
    deleted = editor_client.post(f"/admin/desk/notification/comment/{comment.pk}/delete/")

    assert edited.status_code == deleted.status_code == 403
    assert Comment.objects.get().text == "Mine"


def test_an_editor_sets_a_due_date_and_the_list_marks_it_overdue(
    editor_client, claim, fact_checker
):
    yesterday = timezone.localdate() - timedelta(days=1)

    editor_client.post(f"/admin/desk/notification/claim/{claim.pk}/due/", {"due_on": yesterday})
    overdue = editor_client.get("/admin/claims/claim/?due=overdue").content.decode()
    other = factories.ClaimFactory(summary="Nothing due here")

    assert Deadline.objects.get().due_on == yesterday
    assert "Troops were invited" in overdue and "⚠ overdue" in overdue
    assert other.summary not in overdue


def test_a_fact_checker_may_not_set_due_dates(checker_client, claim):
    checker_client.post(
        f"/admin/desk/notification/claim/{claim.pk}/due/", {"due_on": timezone.localdate()}
    )

    assert not Deadline.objects.exists()


def test_the_counter_the_list_and_my_work(checker_client, claim, fact_checker, editor):
    services.post_comment(on=claim, by=editor, text=f"@{fact_checker.username} please check")
    Claim.objects.filter(pk=claim.pk).update(assigned_to=fact_checker)
    services.watch_claim(claim=factories.ClaimFactory(summary="Watched one"), by=fact_checker)

    index = checker_client.get("/admin/").content.decode()
    inbox = checker_client.get("/admin/desk/notification/").content.decode()
    my_work = checker_client.get("/admin/desk/notification/my-work/").content.decode()
    notification = Notification.objects.get(recipient=fact_checker)
    opened = checker_client.get(f"/admin/desk/notification/{notification.pk}/open/")

    assert 'data-unread="1"' in index
    assert "mentioned you" in inbox
    assert "Troops were invited" in my_work and "please check" in my_work
    assert "Watched one" in my_work
    assert opened.status_code == 302
    notification.refresh_from_db()
    assert notification.is_read
    someone_else = Client()
    someone_else.force_login(editor)
    assert someone_else.get(f"/admin/desk/notification/{notification.pk}/open/").status_code == 404


def test_mention_suggestions_offer_roles_and_staff(checker_client, editor):
    found = checker_client.get("/admin/desk/notification/mentionable/?q=ed").json()["results"]

    assert [row["value"] for row in found] == ["editors", editor.username]
