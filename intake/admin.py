"""The newsroom's side of the intake: the tips queue (with the similar claims beside each
tip and one-click actions), external reviews with an upload of ClaimReview files, and on
the claim's page "Possibly the same claim" (intake/similar.js asks the similarity
endpoint as the fact-checker types; the page lists them too and warns on save)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.admin.claims import ClaimAdmin
from claims.duplicates import merge_duplicate
from claims.models import Claim
from claims.roles import can_merge
from core.admin import ServiceAdmin
from core.records import Refused
from intake import encoders, services
from intake.claimreview_import import import_reviews, records_from_bytes
from intake.models import ExternalReview, RatingWording, Tip
from intake.services import REVIEW_FIELDS
from intake.similarity import similar

SIMILAR_SHOWN = 5


def _where(match) -> str:
    """Whose the similar text is: ours, or the fact-checker that reviewed it."""
    if match.kind == "claim":
        return gettext("our claim")
    return match.publisher or gettext("another fact-checker")


def _similar_list(matches) -> str:
    if not matches:
        return gettext("Nothing similar found.")
    return format_html(
        "<ul class='possibly-same'>{}</ul>",
        format_html_join(
            "",
            "<li><a href='{}'>{}</a> <span class='quiet'>({}, {}{})</span></li>",
            (
                (
                    reverse("admin:claims_claim_change", args=[m.id])
                    if m.kind == "claim"
                    else m.url,
                    m.text[:160],
                    _where(m),
                    gettext("similarity %(score)s") % {"score": f"{m.score:.2f}"},
                    f", {m.rating_label}" if m.rating_label else "",
                )
                for m in matches
            ),
        ),
    )


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "received_at", "where_seen", "claim_link"]
    list_filter = ["status", "via_api"]
    search_fields = ["text", "seen_url", "seen_description"]
    date_hierarchy = "received_at"
    actions = ["turn_into_claim", "mark_declined", "mark_new"]
    readonly_fields = [
        "text",
        "seen_url",
        "seen_description",
        "contact_shown",
        "status",
        "claim_link",
        "received_at",
        "via_api",
        "handled_by",
        "handled_at",
        "possibly_same",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Seen at"))
    def where_seen(self, tip):
        return tip.seen_url or tip.seen_description[:80]

    @admin.display(description=_("Claim"))
    def claim_link(self, tip):
        if tip.claim_id is None:
            return "—"
        url = reverse("admin:claims_claim_change", args=[tip.claim_id])
        return format_html(
            "<a href='{}'>{}</a>", url, gettext("claim %(id)s") % {"id": tip.claim_id}
        )

    @admin.display(description=_("Contact"))
    def contact_shown(self, tip):
        if not self._request.user.has_perm("intake.view_tip_contact"):
            return gettext("Visible to editors only.")
        if tip.contact_erased_at:
            return gettext("Erased on %(date)s.") % {
                "date": formats.date_format(tip.contact_erased_at)
            }
        return tip.contact or "—"

    @admin.display(description=_("Possibly the same claim"))
    def possibly_same(self, tip):
        return _similar_list(similar(tip.text, user=self._request.user, limit=SIMILAR_SHOWN))

    def get_readonly_fields(self, request, obj=None):
        self._request = request
        return super().get_readonly_fields(request, obj)

    def changelist_view(self, request, extra_context=None):
        self._request = request
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Turn the selected tip into a claim"), permissions=["change"])
    def turn_into_claim(self, request, queryset):
        tips = list(queryset[:2])
        if len(tips) != 1:
            self.message_user(
                request, gettext("Choose one tip to turn into a claim."), messages.ERROR
            )
            return None
        try:
            claim = services.tip_to_claim(tip=tips[0], by=request.user)
        except Refused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None
        self.message_user(
            request,
            gettext("The tip is now a draft claim: name the claimant and write the summary."),
            messages.SUCCESS,
        )
        return redirect("admin:claims_claim_change", claim.pk)

    @admin.action(description=_("Decline the selected tips"), permissions=["change"])
    def mark_declined(self, request, queryset):
        for tip in queryset:
            services.decline_tip(tip=tip, by=request.user)

    @admin.action(description=_("Put the selected tips back in the queue"), permissions=["change"])
    def mark_new(self, request, queryset):
        for tip in queryset:
            services.reopen_tip(tip=tip, by=request.user)

    def get_urls(self):
        return [
            path(
                "<int:tip_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="intake_tip_duplicate",
            ),
            *super().get_urls(),
        ]

    def duplicate_view(self, request, tip_id):
        """Mark a tip as already checked by a claim (POST ``claim``: its id)."""
        tip = Tip.objects.filter(pk=tip_id).first()
        if tip is None or not self.has_change_permission(request, tip):
            raise PermissionDenied
        claim = Claim.objects.filter(pk=request.POST.get("claim") or 0).first()
        if request.method != "POST" or claim is None:
            self.message_user(
                request, gettext("Give the id of the claim that checks it."), messages.ERROR
            )
        else:
            services.mark_tip_duplicate(tip=tip, claim=claim, by=request.user)
            self.message_user(
                request, gettext("Marked as already checked by “%(claim)s”.") % {"claim": claim}
            )
        return redirect("admin:intake_tip_change", tip.pk)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("ClaimReview file"),
        help_text=_(
            "A Fact Check Tools claims:search response, ClaimReview JSON-LD, or an HTML page carrying it."
        ),
    )


@admin.register(RatingWording)
class RatingWordingAdmin(ServiceAdmin):
    """Other fact-checkers' rating wordings an editor maps onto our scale; saving one maps
    the reviews already imported with it."""

    list_display = ["wording", "rating", "updated_at"]
    list_filter = ["rating"]
    search_fields = ["wording"]
    fields = ["wording", "rating"]
    save_service = staticmethod(services.save_rating_wording)


@admin.register(ExternalReview)
class ExternalReviewAdmin(ServiceAdmin):
    list_display = ["claim_text", "publisher_name", "rating_text", "rating", "review_date"]
    list_filter = ["rating", "language", "publisher_name", ("rating", admin.EmptyFieldListFilter)]
    search_fields = ["claim_text", "url", "publisher_name"]
    autocomplete_fields = ["confirmed_claim"]
    readonly_fields = ["url", *REVIEW_FIELDS]
    fields = [*readonly_fields, "confirmed_claim"]
    change_list_template = "admin/intake/externalreview/change_list.html"

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.confirm_review(
            review=obj, claim=form.cleaned_data.get("confirmed_claim"), by=request.user
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="intake_externalreview_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not request.user.has_perm("intake.add_externalreview"):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_reviews(records_from_bytes(upload.read(), upload.name), by=request.user)
            self.message_user(
                request,
                gettext("Reviews: %(summary)s.") % {"summary": report.summary()},
                messages.WARNING if report.errors or report.warnings else messages.SUCCESS,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import other fact-checkers' reviews"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/intake/externalreview/import.html", context)


class SimilarClaimAdmin(ClaimAdmin):
    """The claim's admin with "Possibly the same claim": live as the fact-checker types
    (intake/similar.js), listed on the page, warned about on save, and the merge of a
    duplicate."""

    actions = [*(ClaimAdmin.actions or []), "mark_duplicate"]

    class Media:
        js = ["intake/similar.js"]

    def get_readonly_fields(self, request, obj=None):
        self._request = request
        return [*super().get_readonly_fields(request, obj), "possibly_same", "duplicate_of"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(
                1, (_("Possibly the same claim"), {"fields": ["possibly_same", "duplicate_of"]})
            )
        return fieldsets

    @admin.display(description=_("Similar claims and reviews"))
    def possibly_same(self, obj):
        matches = similar(
            obj.text, user=self._request.user, limit=SIMILAR_SHOWN, exclude_claim=obj.pk
        )
        return _similar_list(matches)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        claim = form.instance
        if change and "text" not in form.changed_data:
            return
        close = [
            m
            for m in similar(claim.text, user=request.user, limit=3, exclude_claim=claim.pk)
            if m.score >= self.warn_score
        ]
        for match in close:
            self.message_user(
                request,
                gettext("Possibly the same claim (%(where)s, similarity %(score)s): “%(text)s”")
                % {"where": _where(match), "score": f"{match.score:.2f}", "text": match.text[:160]},
                messages.WARNING,
            )

    @property
    def warn_score(self) -> float:
        return settings.SIMILAR_WARN_SCORE or encoders.current().warn_score

    def has_merge_permission(self, request, obj=None) -> bool:
        """Merging is an editor's step (claims.merge_claim); the service checks it too."""
        return can_merge(request.user)

    @admin.action(
        description=_("Mark the selected claim as a duplicate of…"), permissions=["merge"]
    )
    def mark_duplicate(self, request, queryset):
        claims = list(queryset[:2])
        if len(claims) != 1:
            self.message_user(
                request, gettext("Choose one claim to mark as a duplicate."), messages.ERROR
            )
            return None
        return redirect("admin:claims_claim_merge", claims[0].pk)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="claims_claim_merge",
            ),
            *super().get_urls(),
        ]

    def merge_view(self, request, object_id):
        duplicate = Claim.objects.filter(pk=object_id).first()
        if duplicate is None or not self.has_merge_permission(request, duplicate):
            raise PermissionDenied
        form = MergeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                merge_duplicate(
                    duplicate=duplicate, kept=form.cleaned_data["kept"], by=request.user
                )
            except Refused as refusal:
                form.add_error("kept", str(refusal))
            else:
                self.message_user(
                    request,
                    gettext("Merged into “%(claim)s”.") % {"claim": form.cleaned_data["kept"]},
                    messages.SUCCESS,
                )
                return redirect("admin:claims_claim_change", form.cleaned_data["kept"].pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Mark “%(claim)s” as a duplicate") % {"claim": duplicate},
            "form": form,
            "duplicate": duplicate,
            "opts": self.model._meta,
            "matches": similar(
                duplicate.text,
                user=request.user,
                limit=SIMILAR_SHOWN,
                exclude_claim=duplicate.pk,
                include_reviews=False,
            ),
        }
        return TemplateResponse(request, "admin/claims/claim/merge.html", context)


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        queryset=Claim.objects.filter(duplicate_of__isnull=True),
        widget=forms.NumberInput,
        label=_("Id of the claim to keep"),
        help_text=_(
            "Its appearances and evidence gain the duplicate's; the duplicate's page redirects to it."
        ),
    )


admin.site.unregister(Claim)
admin.site.register(Claim, SimilarClaimAdmin)
