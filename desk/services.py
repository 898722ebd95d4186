"""Every write of the desk goes through here (the admin, the API and the periodic jobs
call these functions): comments, due dates, watching and muting, notifications read or
unread, email settings, and the due-date reminders. Each is a service
(``core.records.service``): one transaction, the acting user in the audit trail.

Comments are staff-only: writing one needs ``desk.add_comment`` (both roles have it);
a comment is changed or deleted only by the person who wrote it.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from claims.models import Claim, Verdict
from claims.roles import ASSIGN_PERMISSION
from core.records import Refused, lock, service, write
from desk import mentions, notify
from desk.models import Comment, Deadline, DeskSettings, EmailChoice, Notification, Watch
from desk.signals import comment_created
from intake.models import Tip
from sources.models import Source

COMMENT_PERMISSION = "desk.add_comment"
MAX_COMMENT_LENGTH = 10_000
TARGET_FIELDS = {Claim: "claim", Verdict: "verdict", Source: "source", Tip: "tip"}


def can_comment(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_staff and user.has_perm(COMMENT_PERMISSION)
    )


def can_set_due_dates(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(ASSIGN_PERMISSION))


def _clean_text(text) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise Refused(gettext("Write something."), field="text")
    if len(text) > MAX_COMMENT_LENGTH:
        raise Refused(
            gettext("A comment holds at most %(count)s characters.")
            % {"count": f"{MAX_COMMENT_LENGTH:,}"},
            field="text",
        )
    if "\x00" in text:
        raise Refused(gettext("The text holds a character that cannot be stored."), field="text")
    return text


def _own(comment: Comment, by) -> None:
    if by is None or comment.author_id != by.pk:
        raise Refused(gettext("Only the person who wrote a comment may change or delete it."))


@service
def post_comment(*, on, by, text: str, reply_to: Comment | None = None) -> Comment:
    """Write a comment on a claim, a verdict, a source or a tip (``on``), or a reply to
    one of its comments; tell the people it mentions and, for a reply, the thread."""
    if not can_comment(by):
        raise Refused(gettext("Only the newsroom's fact-checkers and editors may comment."))
    field = TARGET_FIELDS.get(type(on))
    if field is None or on.pk is None:
        raise Refused(gettext("Comments go on a claim, a verdict, a source or a tip."))
    text = _clean_text(text)
    if reply_to is not None:
        if getattr(reply_to, f"{field}_id") != on.pk:
            raise Refused(
                gettext("A reply goes on the same record as its comment."), field="reply_to"
            )
        reply_to = reply_to.reply_to or reply_to  # threads are one level deep
    users, roles = mentions.resolve(text)
    comment = Comment(author=by, reply_to=reply_to, **{field: on})
    write(comment, values={"text": text, "mentioned_roles": roles}, links={"mentions": users})
    notify.comment_written(comment, newly_mentioned=users, replying=True)
    transaction.on_commit(lambda: comment_created.send(sender=Comment, comment=comment))
    return comment


@service
def edit_comment(
    *, instance: Comment, by, text: str, expected_version: int | None = None
) -> Comment:
    """Change one's own comment. The audit trail keeps what it said before; whoever it
    now mentions for the first time is told."""
    _own(instance, by)
    text = _clean_text(text)
    users, roles = mentions.resolve(text)
    before = set(instance.mentions.values_list("pk", flat=True))
    changed = write(
        instance,
        values={"text": text, "mentioned_roles": roles},
        links={"mentions": users},
        stamp={"edited_at": timezone.now()},
        expected_version=expected_version,
    )
    if "text" in changed:
        new = [user for user in users if user.pk not in before]
        notify.comment_written(instance, newly_mentioned=new, replying=False)
    return instance


@service
def delete_comment(*, instance: Comment, by, expected_version: int | None = None) -> None:
    """Delete one's own comment (the audit trail keeps it); its replies stay."""
    _own(instance, by)
    lock(instance, expected_version=expected_version)
    instance.delete()


@service
def set_due_date(*, claim: Claim, due_on: date | None, by) -> Deadline | None:
    """Give the claim's assignment a due date (None: no due date). Editors only, like
    assigning."""
    if not can_set_due_dates(by):
        raise Refused(gettext("Only editors can set due dates."), field="due_on")
    deadline = Deadline.objects.select_for_update().filter(claim=claim).first()
    if due_on is None:
        if deadline is not None:
            deadline.delete()
        return None
    if deadline is None:
        return Deadline.objects.create(claim=claim, due_on=due_on, set_by=by)
    write(deadline, values={"due_on": due_on}, stamp={"set_by": by})
    return deadline


@service
def watch_claim(*, claim: Claim, by, muted: bool = False) -> Watch:
    """Follow a claim (``muted`` False) or mute it (True)."""
    watch, _ = Watch.objects.update_or_create(claim=claim, user=by, defaults={"muted": muted})
    return watch


@service
def unwatch_claim(*, claim: Claim, by) -> None:
    """Neither follow nor mute the claim: back to what one is told by default."""
    Watch.objects.filter(claim=claim, user=by).delete()


@service
def mark_read(*, notifications, by, read: bool = True) -> int:
    """Mark some of one's own notifications read (or unread again); returns how many."""
    mine = Notification.objects.filter(pk__in=[n.pk for n in notifications], recipient=by).filter(
        read_at__isnull=read
    )
    return mine.update(read_at=timezone.now() if read else None)


@service
def mark_all_read(*, by) -> int:
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())


@service
def save_desk_settings(*, by, email: str) -> DeskSettings:
    if email not in EmailChoice.values:
        raise Refused(
            gettext("“%(choice)s” is not an email choice.") % {"choice": email}, field="email"
        )
    row, _ = DeskSettings.objects.update_or_create(user=by, defaults={"email": email})
    return row


@service
def remind_due_dates(*, today: date | None = None) -> int:
    """Tell assignees (and who set the date) of claims due tomorrow and of claims whose
    due date has passed, once per due date; returns how many were told. Safe on several
    workers at once (the deadlines are claimed with SKIP LOCKED)."""
    today = today or timezone.localdate()
    told = 0
    tomorrow = (
        Deadline.objects.open()
        .filter(due_on=today + timedelta(days=1))
        .exclude(reminded_on=today + timedelta(days=1))
    )
    for deadline in tomorrow.select_for_update(skip_locked=True, of=("self",)).select_related(
        "claim__assigned_to", "set_by"
    ):
        told += len(notify.due(deadline, kind=Notification.Kind.DUE_TOMORROW))
        Deadline.objects.filter(pk=deadline.pk).update(reminded_on=deadline.due_on)
    late = Deadline.objects.overdue(today).exclude(overdue_notified_on=F("due_on"))
    for deadline in late.select_for_update(skip_locked=True, of=("self",)).select_related(
        "claim__assigned_to", "set_by"
    ):
        told += len(notify.due(deadline, kind=Notification.Kind.OVERDUE))
        Deadline.objects.filter(pk=deadline.pk).update(overdue_notified_on=deadline.due_on)
    return told
