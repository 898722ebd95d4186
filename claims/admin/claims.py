from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from claims import audit, workflow
from claims.admin.filters import WorkQueueFilter
from claims.admin.forms import (
    AssignForm,
    InlineVersionedForm,
    RetractForm,
    VerdictForm,
    VersionedForm,
)
from claims.models import (
    SUMMARY_SEARCH_CUTOFF,
    Appearance,
    Claim,
    Claimant,
    Event,
    Evidence,
    Verdict,
)
from claims.roles import ASSIGN_PERMISSION, can_publish, can_see_audit_trail

Status = Claim.Status
HISTORY_PAGE_SIZE = 100


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "kind", "country", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliations"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "starts_on", "ends_on"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "created_at", "updated_at"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    form = InlineVersionedForm
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("source", "stance", "strength"), "excerpt", "note", "added_by", "loaded_version"]
    readonly_fields = ["added_by"]
    classes = ["evidence-inline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet", "added_by")


class AppearanceInline(admin.TabularInline):
    model = Appearance
    form = InlineVersionedForm
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "appeared_on", "quote", "note", "loaded_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet")


class VerdictHistoryInline(admin.TabularInline):
    """The claim's verdicts, newest first. Verdicts are written and published through the
    workflow (the Verdicts admin and the claim's actions), never edited here."""

    model = Verdict
    extra = 0
    can_delete = False
    verbose_name_plural = "verdict history"
    fields = [
        "rating",
        "status",
        "rationale",
        "correction_note",
        "author",
        "published_by",
        "published_at",
    ]
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "published_by")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "summary",
        "claimant_name",
        "status",
        "evidence_status_column",
        "verdict",
        "updated_at",
    ]
    list_filter = [
        WorkQueueFilter,
        "status",
        "evidence_status",
        "current_verdict__rating",
        "event",
        "claimant",
        "checkable",
        "kind",
    ]
    list_select_related = ["claimant", "event", "current_verdict"]
    search_fields = ["text", "summary", "ref"]
    search_help_text = "Search the claim's text and summary."
    autocomplete_fields = ["claimant", "event"]
    date_hierarchy = "stated_on"
    form = VersionedForm
    inlines = [EvidenceInline, AppearanceInline, VerdictHistoryInline]
    readonly_fields = [
        "evidence_status",
        "evidence_counts",
        "assessment",
        "verdict_disagrees",
        "status",
        "current_verdict",
        "published_at",
        "retraction_reason",
        "version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "summary",
                    "text",
                    "claimant",
                    "event",
                    "stated_on",
                    "kind",
                    "checkable",
                    "ref",
                ]
            },
        ),
        (
            "Evidence assessment",
            {
                "fields": ["evidence_status", "evidence_counts", "assessment", "verdict_disagrees"],
                "description": "Derived from the evidence below and recomputed on every save; see the methodology page for the rules.",
            },
        ),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "assigned_to",
                    "current_verdict",
                    "published_at",
                    "retraction_reason",
                ]
            },
        ),
        (
            "Record",
            {
                "fields": ["version", "created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
    actions = [
        "send_to_research",
        "send_to_review",
        "back_to_research",
        "back_to_draft",
        "publish_draft_verdicts",
        "retract_claims",
        "assign_claims",
    ]
    # The buttons on a claim's page: (from, to) -> label.
    STEP_LABELS = {
        (Status.DRAFT, Status.RESEARCHING): "Send to research",
        (Status.RESEARCHING, Status.IN_REVIEW): "Send to review",
        (Status.RESEARCHING, Status.DRAFT): "Back to draft",
        (Status.IN_REVIEW, Status.RESEARCHING): "Back to research",
        (Status.IN_REVIEW, Status.PUBLISHED): "Publish verdict",
        (Status.PUBLISHED, Status.PUBLISHED): "Publish correction",
        (Status.PUBLISHED, Status.RETRACTED): "Retract…",
    }

    @admin.display(description="Claimant", ordering="claimant__name")
    def claimant_name(self, obj):
        return obj.claimant.name

    @admin.display(description="Evidence", ordering="evidence_status")
    def evidence_status_column(self, obj):
        label = obj.get_evidence_status_display()
        if obj.verdict_disagrees:
            return format_html(
                '{} <strong title="{}">⚠ disagrees with verdict</strong>',
                label,
                "The published verdict and the evidence point different ways.",
            )
        return label

    @admin.display(description="Evidence counts")
    def evidence_counts(self, obj):
        return (
            f"{obj.supporting_count} supporting, {obj.contradicting_count} contradicting, "
            f"{obj.context_count} context; independent origins: "
            f"{obj.independent_supporting_count} supporting, "
            f"{obj.independent_contradicting_count} contradicting"
        )

    @admin.display(description="Verdict", ordering="current_verdict__rating")
    def verdict(self, obj):
        if obj.current_verdict is None:
            return "—"
        return obj.current_verdict.get_rating_display()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["summary"].widget.attrs["size"] = SUMMARY_SEARCH_CUTOFF + 10
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if len(obj.summary) > SUMMARY_SEARCH_CUTOFF:
            messages.warning(
                request,
                format_html(
                    "The summary is {} characters long; search tools cut it past about {}.",
                    len(obj.summary),
                    SUMMARY_SEARCH_CUTOFF,
                ),
            )

    def save_formset(self, request, form, formset, change):
        for evidence in formset.save(commit=False):
            if isinstance(evidence, Evidence) and evidence.added_by_id is None:
                evidence.added_by = request.user
            evidence.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_assign_permission(self, request):
        return request.user.has_perm(ASSIGN_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_assign_permission(request):
            readonly.append("assigned_to")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = self.assignees()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def assignees():
        return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")

    # Workflow: every step goes through claims.workflow; refusals become messages.

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/step/<str:to>/",
                self.admin_site.admin_view(self.step_view),
                name=f"{opts.app_label}_{opts.model_name}_step",
            ),
            path(
                "<path:object_id>/retract/",
                self.admin_site.admin_view(self.retract_view),
                name=f"{opts.app_label}_{opts.model_name}_retract",
            ),
            *super().get_urls(),
        ]

    def workflow_steps(self, request, claim):
        """The buttons for the steps this user may take on this claim now."""
        moves = workflow.available_moves(claim=claim, by=request.user)
        if claim.status == Status.PUBLISHED and can_publish(request.user):
            moves.insert(0, Status.PUBLISHED)
        if Status.PUBLISHED in moves and not claim.verdicts.drafts().exists():
            moves.remove(Status.PUBLISHED)
        steps = []
        for to in moves:
            if to == Status.RETRACTED:
                url = reverse("admin:claims_claim_retract", args=[claim.pk])
            else:
                url = reverse("admin:claims_claim_step", args=[claim.pk, to])
            steps.append(
                {
                    "label": self.STEP_LABELS[claim.status, to],
                    "url": url,
                    "confirm": to == Status.RETRACTED,
                }
            )
        return steps

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_see_audit_trail": can_see_audit_trail(request.user),
            "workflow_steps": self.workflow_steps(request, claim)
            if claim is not None and self.has_change_permission(request, claim)
            else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _claim_or_redirect(self, request, object_id):
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        return claim, None

    def step_view(self, request, object_id, to):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim, refused = self._claim_or_redirect(request, object_id)
        if refused:
            return refused
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        try:
            if to == Status.PUBLISHED:
                verdict = workflow.publish_claim(claim=claim, by=request.user)
                done = f"Published the verdict “{verdict.get_rating_display()}”."
            else:
                workflow.move_claim(claim=claim, to=to, by=request.user)
                done = f"The claim is now {claim.get_status_display().lower()}."
        except workflow.WorkflowError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect(change_url)

    def retract_view(self, request, object_id):
        claim, refused = self._claim_or_redirect(request, object_id)
        if refused:
            return refused
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        form = RetractForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                workflow.retract_claim(
                    claim=claim, by=request.user, reason=form.cleaned_data["reason"]
                )
            except workflow.WorkflowError as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, "The claim is retracted.", messages.SUCCESS)
            return redirect(change_url)
        return self.step_page(
            request,
            form=form,
            claims=[claim],
            cancel_url=change_url,
            title="Retract a claim",
            submit_label="Retract",
            intro="Retracting withdraws the claim and its verdict from publication. Readers see the reason.",
        )

    def step_page(
        self, request, *, form, claims, cancel_url, title, submit_label, intro, action=""
    ):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "intro": intro,
            "form": form,
            "claims": claims,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/claim/step_form.html", context)

    def _move_each(self, request, queryset, *, frm, to):
        moved = 0
        for claim in queryset:
            if claim.status != frm:
                self.message_user(
                    request,
                    f"“{claim}” is {claim.get_status_display().lower()}, not {Status(frm).label.lower()}.",
                    messages.ERROR,
                )
                continue
            try:
                workflow.move_claim(claim=claim, to=to, by=request.user)
            except workflow.WorkflowError as refusal:
                self.message_user(request, f"“{claim}”: {refusal}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(
                request, f"{moved} claim(s) now {Status(to).label.lower()}.", messages.SUCCESS
            )

    @admin.action(description="Send the selected draft claims to research", permissions=["change"])
    def send_to_research(self, request, queryset):
        self._move_each(request, queryset, frm=Status.DRAFT, to=Status.RESEARCHING)

    @admin.action(description="Send the selected claims to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._move_each(request, queryset, frm=Status.RESEARCHING, to=Status.IN_REVIEW)

    @admin.action(
        description="Send the selected claims back from review to research", permissions=["change"]
    )
    def back_to_research(self, request, queryset):
        self._move_each(request, queryset, frm=Status.IN_REVIEW, to=Status.RESEARCHING)

    @admin.action(
        description="Send the selected claims back from research to draft", permissions=["change"]
    )
    def back_to_draft(self, request, queryset):
        self._move_each(request, queryset, frm=Status.RESEARCHING, to=Status.DRAFT)

    @admin.action(description="Retract the selected claims…", permissions=["publish"])
    def retract_claims(self, request, queryset):
        form = RetractForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.step_page(
                request,
                form=form,
                claims=list(queryset),
                action="retract_claims",
                cancel_url=reverse("admin:claims_claim_changelist"),
                title="Retract claims",
                submit_label="Retract",
                intro="Retracting withdraws these claims and their verdicts from publication. Readers see the reason.",
            )
        retracted = 0
        for claim in queryset:
            try:
                workflow.retract_claim(
                    claim=claim, by=request.user, reason=form.cleaned_data["reason"]
                )
            except workflow.WorkflowError as refusal:
                self.message_user(request, f"“{claim}”: {refusal}", messages.ERROR)
            else:
                retracted += 1
        if retracted:
            self.message_user(request, f"Retracted {retracted} claim(s).", messages.SUCCESS)
        return None

    @admin.action(description="Assign the selected claims…", permissions=["assign"])
    def assign_claims(self, request, queryset):
        form = AssignForm(
            request.POST if "apply" in request.POST else None, assignees=self.assignees()
        )
        if not form.is_valid():
            return self.step_page(
                request,
                form=form,
                claims=list(queryset),
                action="assign_claims",
                cancel_url=reverse("admin:claims_claim_changelist"),
                title="Assign claims",
                submit_label="Assign",
                intro="The fact-checker finds these claims under the “Assigned to me” queue.",
            )
        assignee = form.cleaned_data["assignee"]
        for claim in queryset:
            workflow.assign_claim(claim=claim, to=assignee, by=request.user)
        who = assignee.get_username() if assignee else "nobody"
        self.message_user(request, f"Assigned {len(queryset)} claim(s) to {who}.", messages.SUCCESS)
        return None

    def history_view(self, request, object_id, extra_context=None):
        """Editors' view of the audit trail: every change to the claim and what belongs to
        it, with who made it and each field before and after."""
        if not can_see_audit_trail(request.user):
            raise PermissionDenied
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        page = Paginator(audit.events_about(claim), HISTORY_PAGE_SIZE).get_page(
            request.GET.get("p")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {claim}",
            "object": claim,
            "opts": self.opts,
            "page": page,
            "entries": audit.entries(page),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/claim/audit_history.html", context)

    @admin.action(
        description="Publish the draft verdict of the selected claims", permissions=["publish"]
    )
    def publish_draft_verdicts(self, request, queryset):
        published = 0
        for claim in queryset:
            try:
                workflow.publish_claim(claim=claim, by=request.user)
            except workflow.WorkflowError as refusal:
                self.message_user(request, f"“{claim}”: {refusal}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(request, f"Published {published} verdict(s).", messages.SUCCESS)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["claim", "source", "stance", "strength", "added_by", "updated_at"]
    list_filter = ["stance", "strength", "source__outlet__reliability"]
    list_select_related = ["claim", "source__outlet", "added_by"]
    search_fields = ["claim__summary", "source__title", "excerpt", "note"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = ["added_by", "version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if obj.added_by_id is None:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["claim", "source", "appeared_on"]
    list_select_related = ["claim", "source__outlet"]
    search_fields = ["claim__summary", "source__title", "quote"]
    autocomplete_fields = ["claim", "source"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    """Fact-checkers draft verdicts here; editors publish them from the claim list."""

    list_display = ["claim", "rating", "status", "author", "published_at", "is_correction"]
    list_filter = ["status", "rating"]
    list_select_related = ["claim", "author"]
    search_fields = ["claim__summary", "rationale", "correction_note"]
    autocomplete_fields = ["claim"]
    form = VerdictForm
    change_form_template = "admin/versioned_change_form.html"
    fields = [
        "claim",
        "rating",
        "rationale",
        "correction_note",
        "status",
        "corrects",
        "author",
        "published_by",
        "published_at",
    ]
    readonly_fields = ["status", "corrects", "author", "published_by", "published_at"]

    @admin.display(boolean=True, description="Correction")
    def is_correction(self, obj):
        return obj.is_correction

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

    def save_model(self, request, obj, form, change):
        """Whoever writes or rewrites a draft becomes its author, so the second-eye rule
        holds for what is actually published."""
        earlier_author = obj.author_id
        drafted = workflow.draft_verdict(
            claim=obj.claim,
            by=request.user,
            rating=obj.rating,
            rationale=obj.rationale,
            correction_note=obj.correction_note,
        )
        if change and earlier_author not in (None, request.user.pk):
            messages.info(
                request, "You rewrote this draft, so it is now yours: another editor publishes it."
            )
        obj.pk = drafted.pk
        obj.refresh_from_db()
