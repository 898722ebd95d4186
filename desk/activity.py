"""A record's activity stream, oldest first: its comments (with their replies), and for a
claim the workflow's events read from the audit trail (assigned, sent to review,
published, corrected, retracted), interleaved by time. It reads; it never writes.
Comments on a claim's verdicts show in the claim's stream too."""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import pgettext

from claims.models import Claim
from desk.models import Comment


@dataclass
class Item:
    at: datetime
    comment: Comment | None = None
    event: str = ""
    who: str = ""
    replies: list = field(default_factory=list)


def _claim_events(claim: Claim) -> list[Item]:
    """Workflow events from the claim's audit trail: each row compared with the one
    before it (two queries: the rows, and the users they name)."""
    history = apps.get_model("claims", "ClaimHistory")
    rows = list(
        history.objects.filter(pgh_obj_id=claim.pk)
        .order_by("pgh_id")
        .values(
            "pgh_created_at",
            "status",
            "assigned_to_id",
            "current_verdict_id",
            "pgh_context__metadata",
        )
    )
    user_ids = {row["assigned_to_id"] for row in rows}
    user_ids |= {(row["pgh_context__metadata"] or {}).get("user") for row in rows}
    names = dict(
        get_user_model()
        .objects.filter(pk__in=[pk for pk in user_ids if pk])
        .values_list("pk", "username")
    )
    items, before = [], None
    for row in rows:
        who = names.get((row["pgh_context__metadata"] or {}).get("user"), "")
        events = []
        if before is None:
            before = {"status": "draft", "assigned_to_id": None, "current_verdict_id": None}
        if row["assigned_to_id"] != before["assigned_to_id"]:
            events.append(
                pgettext("activity", "assigned to %(username)s")
                % {"username": names[row["assigned_to_id"]]}
                if row["assigned_to_id"]
                else pgettext("activity", "assignment taken back")
            )
        if row["status"] != before["status"]:
            events.append(
                {
                    "in_review": pgettext("activity", "sent to review"),
                    "published": pgettext("activity", "published"),
                    "retracted": pgettext("activity", "retracted"),
                    "researching": pgettext("activity", "back to research")
                    if before["status"] == "in_review"
                    else pgettext("activity", "sent to research"),
                    "draft": pgettext("activity", "back to draft"),
                }[row["status"]]
            )
        elif (
            row["current_verdict_id"] != before["current_verdict_id"]
            and before["current_verdict_id"]
        ):
            events.append(pgettext("activity", "corrected"))
        items += [Item(at=row["pgh_created_at"], event=event, who=who) for event in events]
        before = row
    return items


def stream(target) -> list[Item]:
    """The target's stream: top-level comments (each with its replies) and, for a claim,
    its workflow events and its verdicts' comments."""
    if isinstance(target, Claim):
        comments = Comment.objects.filter(Q(claim=target) | Q(verdict__claim=target))
    else:
        comments = Comment.objects.on(target)
    comments = list(
        comments.select_related("author", "verdict")
        .prefetch_related("mentions")
        .order_by("created_at", "id")
    )
    by_id = {comment.pk: Item(at=comment.created_at, comment=comment) for comment in comments}
    items = []
    for comment in comments:
        parent = by_id.get(comment.reply_to_id)
        if parent is not None:
            parent.replies.append(comment)
        else:
            items.append(by_id[comment.pk])
    if isinstance(target, Claim):
        items += _claim_events(target)
    return sorted(items, key=lambda item: item.at)
