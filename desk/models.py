"""The desk's records: what the newsroom says about its work, and who is told.

Everything here is for staff only; no public page, feed, export, ClaimReview or webhook
(other than ``comment.created``, opt-in) ever reads it.

- ``Comment``: plain text (links allowed) on a claim, a verdict draft, a source or a tip,
  optionally a reply to another comment; versioned and in the audit trail, so an edit
  keeps what it replaced.
- ``Deadline``: the due date of a claim's assignment (the assignee is on the claim).
- ``Watch``: a user following a claim, or muting it.
- ``Notification``: one thing a user is told, read or unread, and whether it was emailed.
- ``DeskSettings``: how a user wants to be emailed.
"""

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.models import Record, tracked

TARGETS = ("claim", "verdict", "source", "tip")
# The workflow states in which a claim is still being worked on (a due date can pass).
WORKING = ("draft", "researching", "in_review")


def is_overdue(due_on, status: str, today=None) -> bool:
    """Whether a claim with this due date and workflow status is overdue."""
    return due_on is not None and status in WORKING and due_on < (today or timezone.localdate())


class CommentQuerySet(models.QuerySet):
    def on(self, target):
        """The comments on one claim, verdict, source or tip, oldest first."""
        return self.filter(**{target._meta.model_name: target}).order_by("created_at", "id")


@tracked("CommentHistory")
class Comment(Record):
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    verdict = models.ForeignKey(
        "claims.Verdict", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    tip = models.ForeignKey(
        "intake.Tip", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="desk_comments"
    )
    text = models.TextField(help_text="Plain text; links are shown as links.")
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="desk_mentions"
    )
    mentioned_roles = models.JSONField(default=list, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        claim__isnull=False,
                        verdict__isnull=True,
                        source__isnull=True,
                        tip__isnull=True,
                    )
                    | models.Q(
                        claim__isnull=True,
                        verdict__isnull=False,
                        source__isnull=True,
                        tip__isnull=True,
                    )
                    | models.Q(
                        claim__isnull=True,
                        verdict__isnull=True,
                        source__isnull=False,
                        tip__isnull=True,
                    )
                    | models.Q(
                        claim__isnull=True,
                        verdict__isnull=True,
                        source__isnull=True,
                        tip__isnull=False,
                    )
                ),
                name="desk_comment_on_one_record",
            ),  # fmt: skip
            models.CheckConstraint(condition=~models.Q(text=""), name="desk_comment_not_empty"),
        ]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="desk_comment_claim_idx"),
            models.Index(fields=["verdict", "created_at"], name="desk_comment_verdict_idx"),
            models.Index(fields=["source", "created_at"], name="desk_comment_source_idx"),
            models.Index(fields=["tip", "created_at"], name="desk_comment_tip_idx"),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.target}"

    @property
    def target(self):
        for name in TARGETS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def target_name(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id"))

    def about_claim_id(self) -> int | None:
        """The claim this comment is about (a verdict's claim for a comment on a verdict)."""
        if self.claim_id:
            return self.claim_id
        if self.verdict_id:
            return self.verdict.claim_id
        if self.tip_id:
            return self.tip.claim_id
        return None


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        """Deadlines of claims still being worked on (not published, not retracted)."""
        return self.filter(claim__status__in=WORKING)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


@tracked("DeadlineHistory")
class Deadline(Record):
    claim = models.OneToOneField(
        "claims.Claim", primary_key=True, on_delete=models.CASCADE, related_name="deadline"
    )
    due_on = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The reminders already sent for this due date (a new due date sends them again).
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)

    objects = DeadlineQuerySet.as_manager()

    class Meta(Record.Meta):
        indexes = [models.Index(fields=["due_on"], name="desk_deadline_due_idx")]

    def __str__(self):
        return f"Due {formats.date_format(self.due_on)}"

    def is_overdue(self, today=None) -> bool:
        return is_overdue(self.due_on, self.claim.status, today)


class Watch(models.Model):
    """``muted`` False: the user follows the claim; True: the claim's news is not sent
    to them (mentions, assignments and due dates still are)."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_watches"
    )
    muted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "user"], name="desk_watch_one_per_user"),
        ]
        indexes = [models.Index(fields=["user", "muted"], name="desk_watch_user_idx")]

    def __str__(self):
        return f"{self.user} {'mutes' if self.muted else 'watches'} {self.claim_id}"


class NotificationKind(models.TextChoices):
    MENTIONED = "mentioned", _("mentioned you")
    REPLIED = "replied", _("replied in your thread")
    ASSIGNED = "assigned", _("assigned you a claim")
    DUE_TOMORROW = "due_tomorrow", _("a claim of yours is due tomorrow")
    OVERDUE = "overdue", _("a claim of yours is overdue")
    SENT_TO_REVIEW = "sent_to_review", _("sent a claim to review")
    PUBLISHED = "published", _("published a verdict")
    CORRECTED = "corrected", _("corrected a verdict")
    TIP_CLAIMED = "tip_claimed", _("linked a tip to your claim")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user) if user and user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(Record):
    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(max_length=20, choices=Kind, verbose_name=_("kind"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("claim"),
    )
    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("comment"),
    )
    message = models.CharField(max_length=500, verbose_name=_("message"))
    link = models.CharField(max_length=500, blank=True, verbose_name=_("link"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    emailed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("emailed at")
    )

    objects = NotificationQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values),
                name="desk_notification_kind_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="desk_notification_inbox_idx"
            ),
            models.Index(
                fields=["recipient"],
                name="desk_notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["recipient"],
                name="desk_notification_unsent_idx",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailChoice(models.TextChoices):
    EACH = "each", _("An email for each notification")
    DIGEST = "digest", _("One email a day (digest)")
    NONE = "none", _("No email")


class DeskSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="desk_settings",
    )
    email = models.CharField(max_length=10, choices=EmailChoice, default=EmailChoice.EACH)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "desk settings"

    def __str__(self):
        return f"Desk settings of {self.user}"
