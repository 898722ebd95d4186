"""The desk in the admin: the comment thread and activity stream on the pages of claims,
verdicts, sources and tips (templates/admin/change_form.html renders ``desk_panel``),
the notification counter beside the user's links, the notifications list, "My work",
and the claims list's due dates (a column, and a filter for overdue claims).

Every form here posts to a view of ``DeskAdmin`` and every write goes through
desk/services.py; refusals come back as messages on the page the form was on.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, Verdict
from claims.roles import can_publish
from core.records import Refused
from core.versioning import StaleVersion
from desk import activity, mentions, services
from desk.models import (
    WORKING,
    Comment,
    Deadline,
    DeskSettings,
    EmailChoice,
    Notification,
    Watch,
    is_overdue,
)
from intake.models import Tip
from sources.models import Source

TARGETS = {"claim": Claim, "verdict": Verdict, "source": Source, "tip": Tip}
NOTIFICATIONS_PAGE = 50
MY_WORK_ROWS = 30
# How many of them the admin's home page shows.
FIRST_ROWS = 5


class CommentForm(forms.Form):
    # Named "comment", not "text": the panel sits inside change forms whose own field
    # is "text" (a claim's statement), and the page must name only that one "text".
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "desk-mention"}))


class DueDateForm(forms.Form):
    due_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class EmailForm(forms.Form):
    email = forms.ChoiceField(choices=EmailChoice.choices, widget=forms.RadioSelect)


def _back(request, fallback: str) -> str:
    """Where a form came from (``next``), when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def panel_context(request, target) -> dict:
    """What the thread panel shows on a record's admin page."""
    user = request.user
    context = {
        "target": target,
        "target_name": target._meta.model_name,
        "items": activity.stream(target),
        "can_comment": services.can_comment(user),
        "form": CommentForm(),
        "user": user,
        "next": request.get_full_path(),
    }
    if isinstance(target, Claim):
        deadline = Deadline.objects.filter(claim=target).first()
        watch = Watch.objects.filter(claim=target, user=user).first()
        context |= {
            "deadline": deadline,
            "overdue": deadline is not None and is_overdue(deadline.due_on, target.status),
            "can_set_due": services.can_set_due_dates(user),
            "due_form": DueDateForm(initial={"due_on": deadline.due_on if deadline else None}),
            "watch": watch,
        }
    return context


class DueDateFilter(admin.SimpleListFilter):
    title = _("due date")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("week", _("Due within a week")),
            ("none", _("No due date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "overdue":
                return queryset.filter(deadline__due_on__lt=today, status__in=WORKING)
            case "week":
                return queryset.filter(
                    deadline__due_on__gte=today,
                    deadline__due_on__lte=today + timezone.timedelta(days=7),
                )
            case "none":
                return queryset.filter(deadline__isnull=True)
        return queryset


def overdue_mark(claim, today) -> str:
    deadline = getattr(claim, "deadline", None)
    if deadline is None:
        return "—"
    if is_overdue(deadline.due_on, claim.status, today):
        return format_html(
            '<strong class="desk-overdue">⚠ {} · {}</strong>',
            gettext("overdue"),
            formats.date_format(deadline.due_on),
        )
    return formats.date_format(deadline.due_on)


# The claims admin with due dates: a column and a filter. The registered claim admin
# (claims', extended by intake) is extended again here, as intake does.
_ClaimAdmin = type(admin.site.get_model_admin(Claim))


def claims_waiting(user, *, limit: int) -> tuple[list, list]:
    """The claims assigned to ``user`` that are still being worked on, soonest due first,
    and (for editors) the claims waiting for review, longest waiting first."""
    claims = Claim.objects.select_related("claimant", "deadline")
    assigned = list(
        claims.filter(assigned_to=user, status__in=WORKING).order_by(
            "deadline__due_on", "updated_at"
        )[:limit]
    )
    review = []
    if can_publish(user):
        review = list(claims.awaiting_review().order_by("updated_at")[:limit])
    return assigned, review


class DeskClaimAdmin(_ClaimAdmin):
    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [*columns[:-1], "due", columns[-1]] if columns else ["due"]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return [filters[0], DueDateFilter, *filters[1:]] if filters else [DueDateFilter]

    # Joined through list_select_related, not get_queryset: a select_related() in
    # get_queryset would make the changelist skip the columns' own joins (an N+1).
    list_select_related = [*_ClaimAdmin.list_select_related, "deadline"]

    @admin.display(description=_("Due"), ordering="deadline__due_on")
    def due(self, obj):
        return overdue_mark(obj, timezone.localdate())


admin.site.unregister(Claim)
admin.site.register(Claim, DeskClaimAdmin)


@admin.register(Notification)
class DeskAdmin(admin.ModelAdmin):
    """Notifications (the user's own, never anyone else's) and the desk's views."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("my-work/", view(self.my_work_view), name="desk_my_work"),
            path("read/", view(self.read_view), name="desk_read"),
            path("<int:notification_id>/open/", view(self.open_view), name="desk_open"),
            path("email/", view(self.email_view), name="desk_email"),
            path("mentionable/", view(self.mentionable_view), name="desk_mentionable"),
            path(
                "comment/<str:target>/<int:target_id>/",
                view(self.comment_view),
                name="desk_comment_write",
            ),
            path("comment/<int:comment_id>/edit/", view(self.edit_view), name="desk_comment_edit"),
            path(
                "comment/<int:comment_id>/delete/",
                view(self.delete_comment_view),
                name="desk_comment_delete",
            ),
            path("claim/<int:claim_id>/due/", view(self.due_view), name="desk_due"),
            path("claim/<int:claim_id>/watch/", view(self.watch_view), name="desk_watch"),
            path("", view(self.changelist_view), name="desk_notification_changelist"),
        ]

    def _page(self, request, template, context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.opts, **context},
        )

    def changelist_view(self, request, extra_context=None):
        """The user's notifications, newest first, unread ones marked."""
        rows = Notification.objects.for_user(request.user).select_related("actor")
        if request.GET.get("unread"):
            rows = rows.unread()
        page = Paginator(rows.order_by("-created_at", "-id"), NOTIFICATIONS_PAGE).get_page(
            request.GET.get("p")
        )
        choice = DeskSettings.objects.filter(user=request.user).first()
        return self._page(
            request,
            "admin/desk/notifications.html",
            {
                "title": _("Notifications"),
                "page": page,
                "unread_only": bool(request.GET.get("unread")),
                "unread_count": Notification.objects.for_user(request.user).unread().count(),
                "email_form": EmailForm(
                    initial={"email": choice.email if choice else EmailChoice.EACH}
                ),
            },
        )

    def my_work_view(self, request):
        user, today = request.user, timezone.localdate()
        claims = Claim.objects.select_related("claimant", "deadline")
        assigned, review = claims_waiting(user, limit=MY_WORK_ROWS)
        watched = list(
            claims.filter(watches__user=user, watches__muted=False).order_by("-updated_at")[
                :MY_WORK_ROWS
            ]
        )
        mentioning = list(
            Comment.objects.filter(mentions=user)
            .select_related("author", "claim", "verdict__claim", "source", "tip")
            .order_by("-created_at")[:MY_WORK_ROWS]
        )
        rows = lambda found: [(claim, overdue_mark(claim, today)) for claim in found]  # noqa: E731
        return self._page(
            request,
            "admin/desk/my_work.html",
            {
                "title": _("My work"),
                "assigned": rows(assigned),
                "review": rows(review),
                "can_review": can_publish(user),
                "watched": rows(watched),
                "mentioning": mentioning,
            },
        )

    def read_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if request.POST.get("all"):
            services.mark_all_read(by=request.user)
        else:
            ids = [int(pk) for pk in request.POST.getlist("notification") if pk.isdigit()]
            services.mark_read(
                notifications=Notification.objects.for_user(request.user).filter(pk__in=ids),
                by=request.user,
                read=request.POST.get("read", "1") == "1",
            )
        return redirect(_back(request, reverse("admin:desk_notification_changelist")))

    def open_view(self, request, notification_id):
        notification = get_object_or_404(
            Notification.objects.for_user(request.user), pk=notification_id
        )
        services.mark_read(notifications=[notification], by=request.user)
        return redirect(notification.link or reverse("admin:desk_notification_changelist"))

    def email_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = EmailForm(request.POST)
        if form.is_valid():
            services.save_desk_settings(by=request.user, email=form.cleaned_data["email"])
            self.message_user(request, gettext("Your email choice is saved."), messages.SUCCESS)
        else:
            self.message_user(request, gettext("Choose how to be emailed."), messages.ERROR)
        return redirect(reverse("admin:desk_notification_changelist"))

    def mentionable_view(self, request):
        """Suggestions for the mention being typed (the admin's small script asks)."""
        if not services.can_comment(request.user):
            raise PermissionDenied
        return JsonResponse({"results": mentions.suggestions(request.GET.get("q", "")[:150])})

    def _refusal(self, request, refusal) -> None:
        self.message_user(
            request, gettext("Not saved: %(reason)s") % {"reason": refusal}, messages.ERROR
        )

    def comment_view(self, request, target, target_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        model = TARGETS.get(target)
        if model is None:
            raise Http404
        on = get_object_or_404(model, pk=target_id)
        opts = on._meta
        back = _back(
            request, reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[on.pk])
        )
        reply_to = None
        if request.POST.get("reply_to", "").isdigit():
            reply_to = Comment.objects.filter(pk=request.POST["reply_to"]).first()
        form = CommentForm(request.POST)
        if not form.is_valid():
            self._refusal(request, gettext("write something."))
            return redirect(back)
        try:
            comment = services.post_comment(
                on=on, by=request.user, text=form.cleaned_data["comment"], reply_to=reply_to
            )
        except Refused as refusal:
            self._refusal(request, refusal)
            return redirect(back)
        return redirect(f"{back.split('#')[0]}#comment-{comment.pk}")

    def _own_comment(self, request, comment_id) -> Comment:
        comment = get_object_or_404(Comment, pk=comment_id)
        if comment.author_id != request.user.pk:
            raise PermissionDenied
        return comment

    def edit_view(self, request, comment_id):
        comment = self._own_comment(request, comment_id)
        opts = comment.target._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[comment.target.pk])
        form = CommentForm(request.POST or None, initial={"comment": comment.text})
        if request.method == "POST" and form.is_valid():
            version = request.POST.get("version", "")
            try:
                services.edit_comment(
                    instance=comment,
                    by=request.user,
                    text=form.cleaned_data["comment"],
                    expected_version=int(version) if version.isdigit() else None,
                )
            except (Refused, StaleVersion) as refusal:
                self._refusal(request, refusal)
            else:
                return redirect(f"{back}#comment-{comment.pk}")
        history = (
            apps.get_model("desk", "CommentHistory")
            .objects.filter(pgh_obj_id=comment.pk)
            .order_by("-pgh_id")
            .values("pgh_created_at", "text", "pgh_label")
        )
        return self._page(
            request,
            "admin/desk/comment_edit.html",
            {"title": _("Edit your comment"), "comment": comment, "form": form, "back": back,
             "history": list(history)},
        )  # fmt: skip

    def delete_comment_view(self, request, comment_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._own_comment(request, comment_id)
        opts = comment.target._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[comment.target.pk])
        try:
            services.delete_comment(instance=comment, by=request.user)
        except Refused as refusal:
            self._refusal(request, refusal)
        else:
            self.message_user(request, gettext("Your comment is deleted."), messages.SUCCESS)
        return redirect(back)

    def due_view(self, request, claim_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = get_object_or_404(Claim, pk=claim_id)
        back = _back(request, reverse("admin:claims_claim_change", args=[claim.pk]))
        form = DueDateForm(request.POST)
        if not form.is_valid():
            self._refusal(request, gettext("give a date as YYYY-MM-DD."))
            return redirect(back)
        try:
            services.set_due_date(claim=claim, due_on=form.cleaned_data["due_on"], by=request.user)
        except Refused as refusal:
            self._refusal(request, refusal)
        else:
            self.message_user(request, gettext("The due date is saved."), messages.SUCCESS)
        return redirect(back)

    def watch_view(self, request, claim_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = get_object_or_404(Claim, pk=claim_id)
        choice = request.POST.get("watch")
        if choice == "watch":
            services.watch_claim(claim=claim, by=request.user)
        elif choice == "mute":
            services.watch_claim(claim=claim, by=request.user, muted=True)
        else:
            services.unwatch_claim(claim=claim, by=request.user)
        return redirect(_back(request, reverse("admin:claims_claim_change", args=[claim.pk])))


def unread_count(user) -> int:
    if not (user.is_authenticated and user.is_staff):
        return 0
    return Notification.objects.filter(Q(recipient=user) & Q(read_at__isnull=True)).count()
