"""The desk through its services: comments, mentions, replies, edits keeping history,
due dates and their reminders, watching and muting, and emails by the queue."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from claims import workflow
from claims.models import Claim
from core.background import run_pending_tasks
from core.records import Refused
from desk import emails, services
from desk.models import Comment, Deadline, Notification
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Kind = Notification.Kind


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_mention_tells_the_person_and_emails_them(fact_checker, editor):
    claim = factories.ClaimFactory()

    comment = services.post_comment(
        on=claim, by=fact_checker, text=f"@{editor.username} can you look at https://example.org/x?"
    )
    run_pending_tasks()

    assert list(comment.mentions.all()) == [editor]
    assert kinds(editor) == [Kind.MENTIONED]
    assert kinds(fact_checker) == []  # nothing for one's own action
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "can you look at" in mail.outbox[0].body


def test_a_role_mention_tells_everyone_in_the_role(fact_checker, editor, second_editor):
    claim = factories.ClaimFactory()

    services.post_comment(on=claim, by=fact_checker, text="Ready, @editors.")

    assert kinds(editor) == kinds(second_editor) == [Kind.MENTIONED]


def test_an_unknown_mention_is_refused_with_the_name(fact_checker):
    claim = factories.ClaimFactory()

    with pytest.raises(Refused, match="@nobody"):
        services.post_comment(on=claim, by=fact_checker, text="Ask @nobody")
    assert not Comment.objects.exists()


def test_an_email_address_is_not_a_mention(fact_checker):
    claim = factories.ClaimFactory()

    comment = services.post_comment(on=claim, by=fact_checker, text="Write to press@example.org")

    assert comment.mentions.count() == 0


def test_a_reply_tells_the_thread_but_not_its_writer(fact_checker, editor):
    claim = factories.ClaimFactory()
    first = services.post_comment(on=claim, by=fact_checker, text="Which source is this?")

    services.post_comment(on=claim, by=editor, text="The ministry's.", reply_to=first)

    assert kinds(fact_checker) == [Kind.REPLIED]
    assert kinds(editor) == []


def test_only_the_writer_edits_and_the_edit_keeps_the_history(fact_checker, editor):
    claim = factories.ClaimFactory()
    comment = services.post_comment(on=claim, by=fact_checker, text="First words")

    with pytest.raises(Refused):
        services.edit_comment(instance=comment, by=editor, text="Not mine")
    services.edit_comment(instance=comment, by=fact_checker, text="Second words")

    history = apps.get_model("desk", "CommentHistory").objects.filter(pgh_obj_id=comment.pk)
    assert [row.text for row in history.order_by("pgh_id")] == ["First words", "Second words"]
    comment.refresh_from_db()
    assert comment.edited_at is not None and comment.version == 2
    with pytest.raises(Refused):
        services.delete_comment(instance=comment, by=editor)


def test_assignment_and_sending_to_review_notify(fact_checker, editor, second_editor):
    claim = factories.ClaimFactory(status=Claim.Status.RESEARCHING)

    workflow.assign_claim(claim=claim, to=fact_checker, by=editor)
    workflow.move_claim(claim=claim, to=Claim.Status.IN_REVIEW, by=fact_checker)

    assert kinds(fact_checker) == [Kind.ASSIGNED]
    assert kinds(editor) == kinds(second_editor) == [Kind.SENT_TO_REVIEW]


def test_publication_tells_writers_and_watchers_but_not_those_who_muted(
    fact_checker, editor, second_editor
):
    watcher, muter = factories.FactCheckerFactory(), factories.FactCheckerFactory()
    claim = factories.ClaimFactory(status=Claim.Status.IN_REVIEW, assigned_to=fact_checker)
    factories.EvidenceFactory(claim=claim)
    workflow.draft_verdict(claim=claim, by=fact_checker, rating="false", rationale="Because.")
    services.watch_claim(claim=claim, by=watcher)
    services.watch_claim(claim=claim, by=muter, muted=True)

    workflow.publish_claim(claim=claim, by=editor)

    assert kinds(fact_checker) == [Kind.PUBLISHED]
    assert kinds(watcher) == [Kind.PUBLISHED]
    assert kinds(muter) == []
    assert Kind.PUBLISHED not in kinds(editor)


def test_due_dates_remind_once_tomorrow_and_once_when_overdue(fact_checker, editor):
    claim = factories.ClaimFactory(status=Claim.Status.RESEARCHING, assigned_to=fact_checker)
    today = timezone.localdate()
    services.set_due_date(claim=claim, due_on=today + timedelta(days=1), by=editor)

    services.remind_due_dates(today=today)
    services.remind_due_dates(today=today)
    services.remind_due_dates(today=today + timedelta(days=2))
    services.remind_due_dates(today=today + timedelta(days=3))

    assert kinds(fact_checker) == [Kind.DUE_TOMORROW, Kind.OVERDUE]
    assert kinds(editor) == [Kind.DUE_TOMORROW, Kind.OVERDUE]


def test_only_editors_set_due_dates(fact_checker):
    claim = factories.ClaimFactory()

    with pytest.raises(Refused):
        services.set_due_date(claim=claim, due_on=timezone.localdate(), by=fact_checker)
    assert not Deadline.objects.exists()


def test_a_tip_marked_as_checked_by_my_claim_tells_me(fact_checker, editor):
    from intake import services as intake_services
    from intake.models import Tip

    claim = factories.ClaimFactory(assigned_to=fact_checker)
    tip = intake_services.receive_tip(text="Is this true?")
    intake_services.mark_tip_duplicate(tip=Tip.objects.get(pk=tip.pk), claim=claim, by=editor)

    assert kinds(fact_checker) == [Kind.TIP_CLAIMED]


def test_the_daily_digest_gathers_what_was_not_emailed(fact_checker, editor):
    services.save_desk_settings(by=editor, email="digest")
    claim = factories.ClaimFactory()
    services.post_comment(on=claim, by=fact_checker, text=f"@{editor.username} one")
    services.post_comment(on=claim, by=fact_checker, text=f"@{editor.username} two")
    run_pending_tasks()
    assert mail.outbox == []

    assert emails.send_digests() == 1
    assert emails.send_digests() == 0  # not again the same day

    assert len(mail.outbox) == 1
    assert "one" in mail.outbox[0].body and "two" in mail.outbox[0].body
