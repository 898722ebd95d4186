"""Verdict drafts in the admin: written through claims.workflow.draft_verdict, which
records everyone who wrote part of a draft; published verdicts are read-only."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import services, workflow
from claims.admin import steps
from claims.admin.forms import TranslationFormSet, TranslationRowForm, VerdictForm
from claims.models import Claim, Verdict, VerdictTranslation
from core.admin import ServiceAdmin


class VerdictTranslationInline(admin.TabularInline):
    """The rationale in other languages; readers see it once the verdict is published."""

    model = VerdictTranslation
    form = TranslationRowForm
    formset = TranslationFormSet
    extra = 0
    fields = ["language", "rationale", "machine", "loaded_version"]


@admin.register(Verdict)
class VerdictAdmin(ServiceAdmin):
    """Fact-checkers draft verdicts here; editors publish them from the claim's page."""

    list_display = ["claim", "rating", "status", "author", "published_at", "is_correction"]
    list_filter = ["status", "rating"]
    list_select_related = ["claim", "author"]
    search_fields = ["claim__summary", "rationale", "correction_note"]
    autocomplete_fields = ["claim"]
    form = VerdictForm
    change_form_template = "admin/claims/verdict/change_form.html"
    readonly_fields = ["status", "corrects", "writers", "published_by", "published_at"]
    inlines = [VerdictTranslationInline]
    delete_service = staticmethod(workflow.discard_draft)

    def get_fields(self, request, obj=None):
        """A draft asks for what a draft needs: the correction's fields only when it
        corrects a published verdict, and who wrote and published it once there is
        something to say."""
        claim = obj.claim if obj is not None else self._claim_asked_for(request)
        correcting = (obj is not None and obj.corrects_id) or (
            claim is not None and claim.current_verdict_id
        )
        fields = ["claim", "rating", "rationale"]
        if correcting:
            fields.append("correction_note")
        fields.append("holds_as_of")
        if obj is not None:
            fields += ["status", *(["corrects"] if correcting else []), "writers"]
            if obj.status == Verdict.Status.PUBLISHED:
                fields += ["published_by", "published_at"]
        return fields

    @staticmethod
    def _claim_asked_for(request):
        """The claim a new draft is for, as the link (?claim=) or the form submitted it."""
        pk = request.POST.get("claim") or request.GET.get("claim")
        if not str(pk or "").isdigit():
            return None
        return Claim.objects.filter(pk=pk).only("pk", "current_verdict_id", "status").first()

    @admin.display(boolean=True, description=_("Correction"))
    def is_correction(self, obj):
        return obj.is_correction

    @admin.display(description=_("Written by"))
    def writers(self, obj):
        if obj.pk is None:
            return "—"
        return ", ".join(user.get_username() for user in obj.written_by.all()) or "—"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == Verdict.Status.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Verdict.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "claim"] if obj is not None else readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The draft's page offers the claim's workflow steps (publish, for editors) and
        "Save and send to review" while the claim is still being worked on; never "Save
        and add another" (a claim has one draft)."""
        verdict = self.get_object(request, unquote(object_id)) if object_id else None
        claim = verdict.claim if verdict is not None else self._claim_asked_for(request)
        user = request.user
        offers = claim is not None and "_popup" not in request.GET
        extra_context = {
            **(extra_context or {}),
            "show_save_and_add_another": False,
            "workflow_steps": steps.workflow_steps(claim=claim, user=user)
            if offers and verdict is not None and verdict.status == Verdict.Status.DRAFT
            else [],
            "offer_send_to_review": offers and steps.can_send_to_review(claim=claim, user=user),
            "claim": claim,
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_claim(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._back_to_claim(request, obj) or super().response_change(request, obj)

    def _back_to_claim(self, request, obj):
        """A saved draft takes the writer back to the claim's page, where the evidence and
        the workflow buttons are (unless they asked to keep editing)."""
        if {"_continue", "_addanother", "_popup"} & set(request.POST):
            return None
        self.message_user(request, gettext("The draft verdict is saved."), messages.SUCCESS)
        if "_send_to_review" in request.POST:
            try:
                workflow.send_to_review(claim=obj.claim, by=request.user)
            except workflow.WorkflowError as refusal:
                self.message_user(
                    request,
                    gettext("Not sent to review: %(reason)s") % {"reason": refusal},
                    messages.ERROR,
                )
            else:
                self.message_user(request, gettext("The claim is now in review."), messages.SUCCESS)
        return redirect("admin:claims_claim_change", obj.claim_id)

    def save_model(self, request, obj, form, change):
        """The draft is written by the workflow; a save that changes its content makes
        the user one of its writers, who may not publish it."""
        drafted = workflow.draft_verdict(
            claim=obj.claim,
            by=request.user,
            rating=form.cleaned_data["rating"],
            rationale=form.cleaned_data["rationale"],
            correction_note=form.cleaned_data.get("correction_note", ""),
            holds_as_of=form.cleaned_data.get("holds_as_of"),
            expected_version=form.cleaned_data.get("loaded_version") if change else None,
        )
        if set(form.changed_data) & set(workflow.DRAFT_CONTENT) and change:
            messages.info(
                request, gettext("You wrote part of this draft, so another editor publishes it.")
            )
        obj.pk = drafted.pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """The rationale's translations, row by row through the claims' service (the audit
        trail records them; the admin's log notes the verdict's fields)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        verdict = formset.instance
        for row_form in formset.forms:
            row = row_form.instance if row_form.instance.pk is not None else None
            version = row_form.cleaned_data.get("loaded_version")
            if row is not None and row_form in formset.deleted_forms:
                services.remove_verdict_translation(
                    instance=row, by=request.user, expected_version=version
                )
            elif row_form.has_changed():
                values = self.submitted(row_form, change=row is not None)
                values.pop("verdict", None)
                services.save_verdict_translation(
                    instance=row,
                    verdict=verdict,
                    by=request.user,
                    expected_version=version,
                    **values,
                )
