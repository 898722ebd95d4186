"""The desk's parts of admin pages: the thread panel under a record's form and the
notification counter beside the user's links."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import urlize
from django.utils.safestring import mark_safe

register = template.Library()

PANEL_MODELS = {
    ("claims", "claim"),
    ("claims", "verdict"),
    ("sources", "source"),
    ("intake", "tip"),
}


@register.inclusion_tag("admin/desk/panel.html", takes_context=True)
def desk_panel(context, original):
    """The comment thread (and a claim's activity stream, due date and watch buttons)
    on the admin page of a claim, a verdict, a source or a tip."""
    from desk.admin import panel_context

    request = context.get("request")
    if (
        original is None
        or original.pk is None
        or request is None
        or (original._meta.app_label, original._meta.model_name) not in PANEL_MODELS
        or not request.user.is_staff
    ):
        return {"shown": False}
    return {
        "shown": True,
        "csrf_token": context.get("csrf_token"),
        **panel_context(request, original),
    }


@register.inclusion_tag("admin/desk/counter.html", takes_context=True)
def desk_counter(context):
    from desk.admin import unread_count

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {"shown": False}
    return {"shown": True, "unread": unread_count(user)}


@register.inclusion_tag("admin/desk/waiting.html", takes_context=True)
def desk_waiting(context):
    """On the admin's home page: the first claims waiting for this user (assigned to
    them; for editors, waiting for review), each one click from its page."""
    from django.utils import timezone

    from claims.roles import can_publish
    from desk.admin import FIRST_ROWS, claims_waiting, overdue_mark

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {"shown": False}
    today = timezone.localdate()
    assigned, review = claims_waiting(user, limit=FIRST_ROWS)
    return {
        "shown": True,
        "assigned": [(claim, overdue_mark(claim, today)) for claim in assigned],
        "review": [(claim, overdue_mark(claim, today)) for claim in review],
        "can_review": can_publish(user),
    }


@register.filter
def comment_text(text: str) -> str:
    """A comment as shown: escaped, links made clickable, line breaks kept (plain text
    in: nothing the writer typed is read as HTML)."""
    # urlize escapes what it does not turn into a link; its result is safe to break.
    return linebreaksbr(mark_safe(urlize(text, nofollow=True, autoescape=True)))
