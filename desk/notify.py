"""Who is told what. Each function here writes the notifications of one kind of event in
the caller's transaction and queues their emails for when it commits; the rules of who
hears of what live here and nowhere else:

- nobody is told of their own action;
- a muted claim sends its muter none of its news (publication, correction, review,
  replies, tips), but mentions, assignments and due dates still reach them;
- each person is told once per event, whatever the number of reasons.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator

from claims.models import Claim, Verdict
from claims.roles import EDITORS, assignable_users
from core.background import enqueue_on_commit
from desk.emails import send_notification_email
from desk.models import Comment, DeskSettings, EmailChoice, Notification, Watch

Kind = Notification.Kind
# Kinds that go to a person whatever they muted.
PERSONAL = {Kind.MENTIONED, Kind.ASSIGNED, Kind.DUE_TOMORROW, Kind.OVERDUE}
EXCERPT = 140


def claim_link(claim_id: int, anchor: str = "") -> str:
    return reverse("admin:claims_claim_change", args=[claim_id]) + anchor


def comment_link(comment: Comment) -> str:
    target = comment.target
    opts = target._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
    return f"{url}#comment-{comment.pk}"


def send(
    kind: str,
    *,
    recipients,
    actor=None,
    claim_id: int | None = None,
    comment: Comment | None = None,
    message: str,
    link: str = "",
) -> list[Notification]:
    """Tell ``recipients`` (users) of one event, following the rules above."""
    wanted = {user.pk: user for user in recipients if user is not None and user.is_active}
    if actor is not None:
        wanted.pop(actor.pk, None)
    if claim_id is not None and kind not in PERSONAL and wanted:
        muted = Watch.objects.filter(claim_id=claim_id, muted=True, user__in=list(wanted))
        for user_id in muted.values_list("user_id", flat=True):
            wanted.pop(user_id, None)
    if not wanted:
        return []
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            actor=actor,
            claim_id=claim_id,
            comment=comment,
            message=Truncator(message).chars(500),
            link=link,
        )
        for user_id in sorted(wanted)
    )
    _queue_emails(created)
    return created


def _queue_emails(notifications: list[Notification]) -> None:
    digest_or_none = set(
        DeskSettings.objects.filter(
            user__in=[n.recipient_id for n in notifications],
            email__in=[EmailChoice.DIGEST, EmailChoice.NONE],
        ).values_list("user_id", flat=True)
    )
    for notification in notifications:
        if notification.recipient_id not in digest_or_none:
            enqueue_on_commit(send_notification_email, notification.pk)


def _name(user) -> str:
    return user.get_username() if user is not None else "Someone"


def _about(comment: Comment) -> str:
    target = comment.target
    label = {
        "claim": "the claim",
        "verdict": "the draft verdict of",
        "source": "the source",
        "tip": "the tip",
    }[comment.target_name]
    title = target.claim.summary if comment.target_name == "verdict" else str(target)
    return f"{label} “{Truncator(title).chars(80)}”"


def comment_written(comment: Comment, *, newly_mentioned, replying: bool) -> None:
    """A comment was written (or edited to mention someone new): the people it mentions,
    and, for a reply, everyone already in the thread."""
    claim_id = comment.about_claim_id()
    excerpt = Truncator(comment.text).chars(EXCERPT)
    author, link = comment.author, comment_link(comment)
    mentioned = send(
        Kind.MENTIONED,
        recipients=newly_mentioned,
        actor=author,
        claim_id=claim_id,
        comment=comment,
        message=f"{_name(author)} mentioned you on {_about(comment)}: {excerpt}",
        link=link,
    )
    if not replying or comment.reply_to_id is None:
        return
    told = {n.recipient_id for n in mentioned}
    root = comment.reply_to
    thread = Comment.objects.filter(Q(pk=root.pk) | Q(reply_to=root)).select_related("author")
    in_thread = [c.author for c in thread if c.author_id not in told]
    send(
        Kind.REPLIED,
        recipients=in_thread,
        actor=author,
        claim_id=claim_id,
        comment=comment,
        message=f"{_name(author)} replied on {_about(comment)}: {excerpt}",
        link=link,
    )


def claim_writers(claim: Claim) -> list:
    """Who worked on the claim: who recorded it, its assignee, who wrote its verdicts."""
    writers = [claim.created_by, claim.assigned_to]
    writers += [
        user
        for verdict in Verdict.objects.filter(claim=claim).prefetch_related("written_by")
        for user in verdict.written_by.all()
    ]
    return writers


def watchers(claim_id: int) -> list:
    return [
        watch.user
        for watch in Watch.objects.filter(claim_id=claim_id, muted=False).select_related("user")
    ]


def assigned(claim: Claim, *, assignee, by) -> None:
    if assignee is None:
        return
    send(
        Kind.ASSIGNED,
        recipients=[assignee],
        actor=by,
        claim_id=claim.pk,
        message=f"{_name(by)} assigned you “{Truncator(claim.summary).chars(100)}”.",
        link=claim_link(claim.pk),
    )


def sent_to_review(claim: Claim, *, by) -> None:
    editors = assignable_users().filter(groups__name=EDITORS).distinct()
    send(
        Kind.SENT_TO_REVIEW,
        recipients=list(editors),
        actor=by,
        claim_id=claim.pk,
        message=f"{_name(by)} sent “{Truncator(claim.summary).chars(100)}” to review.",
        link=claim_link(claim.pk),
    )


def published(claim: Claim, *, corrected: bool) -> None:
    by = claim.updated_by
    kind = Kind.CORRECTED if corrected else Kind.PUBLISHED
    verb = "corrected the verdict of" if corrected else "published the verdict of"
    send(
        kind,
        recipients=claim_writers(claim) + watchers(claim.pk),
        actor=by,
        claim_id=claim.pk,
        message=f"{_name(by)} {verb} “{Truncator(claim.summary).chars(100)}”.",
        link=claim_link(claim.pk),
    )


def tip_linked(tip, *, claim: Claim, by) -> None:
    send(
        Kind.TIP_CLAIMED,
        recipients=[claim.assigned_to, claim.created_by] + watchers(claim.pk),
        actor=by,
        claim_id=claim.pk,
        message=(
            f"{_name(by)} linked a reader's tip to “{Truncator(claim.summary).chars(100)}”: "
            f"{Truncator(tip.text).chars(EXCERPT)}"
        ),
        link=claim_link(claim.pk),
    )


def due(deadline, *, kind: str) -> list[Notification]:
    """A reminder of a due date (tomorrow, or passed) to the assignee and to who set it."""
    claim = deadline.claim
    when = "tomorrow" if kind == Kind.DUE_TOMORROW else f"on {formats.date_format(deadline.due_on)}"
    state = "is due" if kind == Kind.DUE_TOMORROW else "was due"
    return send(
        kind,
        recipients=[claim.assigned_to, deadline.set_by],
        claim_id=claim.pk,
        message=f"“{Truncator(claim.summary).chars(100)}” {state} {when}.",
        link=claim_link(claim.pk),
    )
