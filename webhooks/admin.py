"""Webhooks in the admin, for editors: register receivers (the secret is shown once, on
the page that follows), pause and resume them, send a test event; every delivery with
each of its attempts, and "send again". Every change goes through
``webhooks.services``; who may do it is ``services.can_manage``."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin import ReadOnlyAdmin, ServiceAdmin, VersionedForm
from core.records import Refused
from webhooks import services
from webhooks.models import Attempt, Delivery, EventType, Subscription


class ManagedByEditors:
    """Who may see and change webhooks: one permission, for every admin page of the app."""

    def has_module_permission(self, request):
        return services.can_manage(request.user)

    def has_view_permission(self, request, obj=None):
        return services.can_manage(request.user)

    def has_manage_permission(self, request):
        return services.can_manage(request.user)


class SubscriptionForm(VersionedForm):
    events = forms.MultipleChoiceField(
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
        help_text=_("The events this receiver is told about."),
    )

    class Meta:
        model = Subscription
        fields = ["url", "events", "description", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        problem = services.url_problem(url)
        if problem:
            raise ValidationError(problem)
        return url


@admin.register(Subscription)
class SubscriptionAdmin(ManagedByEditors, ServiceAdmin):
    form = SubscriptionForm
    change_form_template = "admin/webhooks/subscription/change_form.html"
    save_service = staticmethod(services.save_subscription)
    delete_service = staticmethod(services.delete_subscription)
    list_display = ["__str__", "url", "event_list", "state", "failures_in_a_row", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    readonly_fields = [
        "state",
        "failures_in_a_row",
        "delivery_counts",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["send_test_event", "pause", "resume"]

    def has_add_permission(self, request):
        return services.can_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return services.can_manage(request.user)

    def has_delete_permission(self, request, obj=None):
        return services.can_manage(request.user)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description=_("events"))
    def event_list(self, obj):
        return ", ".join(obj.events)

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.active:
            return gettext("Active")
        if obj.paused_reason:
            return gettext("Paused: %(reason)s") % {"reason": obj.paused_reason}
        return gettext("Paused")

    @admin.display(description=_("deliveries"))
    def delivery_counts(self, obj):
        counts = obj.deliveries.aggregate(
            **{status: Count("pk", filter=Q(status=status)) for status in Delivery.Status.values}
        )
        url = reverse("admin:webhooks_delivery_changelist") + f"?subscription__id__exact={obj.pk}"
        return format_html(
            '<a href="{url}">{counts}</a>',
            url=url,
            counts=gettext("%(delivered)s delivered, %(pending)s pending, %(failed)s failed")
            % counts,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self.message_user(
                request,
                format_html(
                    gettext(
                        "The signing secret of this subscription is <code>{secret}</code>. Copy "
                        "it to the receiver now: it is not shown again."
                    ),
                    secret=obj.secret,
                ),
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/send-test/",
                self.admin_site.admin_view(require_POST(self.send_test_view)),
                name="webhooks_subscription_send_test",
            ),
            *super().get_urls(),
        ]

    def send_test_view(self, request, object_id):
        if not self.has_manage_permission(request):
            raise PermissionDenied
        subscription = get_object_or_404(Subscription, pk=object_id)
        self._send_tests(request, [subscription])
        return HttpResponseRedirect(reverse("admin:webhooks_subscription_change", args=[object_id]))

    def _send_tests(self, request, chosen):
        for subscription in chosen:
            services.send_test_event(subscription=subscription, by=request.user)
        self.message_user(
            request,
            ngettext(
                "A test event is on its way to %(count)s receiver; "
                "its delivery and every attempt are under Deliveries.",
                "A test event is on its way to %(count)s receivers; "
                "its delivery and every attempt are under Deliveries.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )

    @admin.action(description=_("Send a test event"), permissions=["manage"])
    def send_test_event(self, request, queryset):
        self._send_tests(request, list(queryset))

    @admin.action(description=_("Pause the selected subscriptions"), permissions=["manage"])
    def pause(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("Resume the selected subscriptions"), permissions=["manage"])
    def resume(self, request, queryset):
        self._set_active(request, queryset, True)

    def _set_active(self, request, queryset, active: bool):
        changed = 0
        for subscription in queryset.filter(active=not active):
            try:
                services.save_subscription(instance=subscription, by=request.user, active=active)
                changed += 1
            except Refused as refusal:
                self.message_user(
                    request,
                    gettext("%(subscription)s: %(refusal)s")
                    % {"subscription": subscription, "refusal": refusal},
                    messages.ERROR,
                )
        if active:
            done = ngettext(
                "Resumed %(count)s subscription.", "Resumed %(count)s subscriptions.", changed
            )
        else:
            done = ngettext(
                "Paused %(count)s subscription.", "Paused %(count)s subscriptions.", changed
            )
        self.message_user(request, done % {"count": changed})


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = [
        "number",
        "attempted_at",
        "status_code",
        "duration_ms",
        "error",
        "response_excerpt",
        "will_retry",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return services.can_manage(request.user)


@admin.register(Delivery)
class DeliveryAdmin(ManagedByEditors, ReadOnlyAdmin):
    change_form_template = "admin/webhooks/delivery/change_form.html"
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "message__type", "subscription"]
    list_select_related = ["message", "subscription"]
    fields = [
        "event",
        "webhook_id",
        "subscription",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
        "created_at",
        "body",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["send_again"]

    @admin.display(description=_("event"), ordering="message__type")
    def event(self, obj):
        return obj.message.type

    @admin.display(description=_("webhook-id"))
    def webhook_id(self, obj):
        return obj.message.id

    @admin.display(description=_("body sent"))
    def body(self, obj):
        return format_html(
            "<pre>{}</pre>", json.dumps(json.loads(obj.message.body), indent=2, ensure_ascii=False)
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/send-again/",
                self.admin_site.admin_view(require_POST(self.send_again_view)),
                name="webhooks_delivery_send_again",
            ),
            *super().get_urls(),
        ]

    def send_again_view(self, request, object_id):
        if not self.has_manage_permission(request):
            raise PermissionDenied
        delivery = get_object_or_404(Delivery, pk=object_id)
        self._send_again(request, [delivery])
        return HttpResponseRedirect(reverse("admin:webhooks_delivery_change", args=[object_id]))

    def _send_again(self, request, chosen):
        for delivery in chosen:
            services.send_again(delivery=delivery, by=request.user)
        paused = sum(1 for delivery in chosen if not delivery.subscription.active)
        message = ngettext(
            "Sending %(count)s delivery again.", "Sending %(count)s deliveries again.", len(chosen)
        ) % {"count": len(chosen)}
        if paused:
            message += " " + gettext("Those to a paused subscription go out when it is resumed.")
        self.message_user(request, message)

    @admin.action(description=_("Send again"), permissions=["manage"])
    def send_again(self, request, queryset):
        self._send_again(request, list(queryset.select_related("subscription")))
