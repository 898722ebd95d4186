from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from claims import workflow
from claims.models import SUMMARY_SEARCH_CUTOFF, Appearance, Claim, Claimant, Event, Evidence, Verdict
from claims.roles import can_publish


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
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("source", "stance", "strength"), "excerpt", "note", "added_by"]
    readonly_fields = ["added_by"]
    classes = ["evidence-inline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet", "added_by")


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "appeared_on", "quote", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet")


class VerdictHistoryInline(admin.TabularInline):
    """The claim's verdicts, newest first. Verdicts are written and published through the
    workflow (the Verdicts admin and the claim's actions), never edited here."""

    model = Verdict
    extra = 0
    can_delete = False
    verbose_name_plural = "verdict history"
    fields = ["rating", "status", "rationale", "correction_note", "author", "published_by", "published_at"]
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
    list_display = ["summary", "claimant", "status", "evidence_status_column", "verdict", "updated_at"]
    list_filter = [
        "status", "evidence_status", "verdict_disagrees", "current_verdict__rating",
        "event", "claimant", "checkable", "kind",
    ]
    list_select_related = ["claimant", "event", "current_verdict"]
    search_fields = ["text", "summary", "ref"]
    search_help_text = "Search the claim's text and summary."
    autocomplete_fields = ["claimant", "event", "assigned_to"]
    date_hierarchy = "stated_on"
    inlines = [EvidenceInline, AppearanceInline, VerdictHistoryInline]
    readonly_fields = [
        "evidence_status", "evidence_counts", "assessment", "verdict_disagrees",
        "status", "current_verdict", "published_at", "retraction_reason",
        "version", "created_at", "created_by", "updated_at", "updated_by",
    ]
    fieldsets = [
        (None, {"fields": ["summary", "text", "claimant", "event", "stated_on", "kind", "checkable", "ref"]}),
        ("Evidence assessment", {
            "fields": ["evidence_status", "evidence_counts", "assessment", "verdict_disagrees"],
            "description": "Derived from the evidence below and recomputed on every save; see the methodology page for the rules.",
        }),
        ("Workflow", {"fields": ["status", "assigned_to", "current_verdict", "published_at", "retraction_reason"]}),
        ("Record", {"fields": ["version", "created_at", "created_by", "updated_at", "updated_by"], "classes": ["collapse"]}),
    ]
    actions = ["publish_draft_verdicts"]

    @admin.display(description="Evidence", ordering="evidence_status")
    def evidence_status_column(self, obj):
        label = obj.get_evidence_status_display()
        if obj.verdict_disagrees:
            return format_html('{} <strong title="{}">⚠ disagrees with verdict</strong>', label,
                               "The published verdict and the evidence point different ways.")
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
        form.base_fields["summary"].help_text = (
            f"A neutral one-line summary. Fact-check search tools cut it past about "
            f"{SUMMARY_SEARCH_CUTOFF} characters."
        )
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
                    len(obj.summary), SUMMARY_SEARCH_CUTOFF,
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

    @admin.action(description="Publish the draft verdict of the selected claims", permissions=["publish"])
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


class VerdictForm(forms.ModelForm):
    class Meta:
        model = Verdict
        fields = ["claim", "rating", "rationale", "correction_note"]

    def clean(self):
        cleaned = super().clean()
        claim = cleaned.get("claim")
        if claim is None or self.instance.pk is not None:
            return cleaned
        if claim.status == Claim.Status.RETRACTED:
            self.add_error("claim", "A retracted claim takes no new verdicts.")
        elif claim.current_verdict_id and not cleaned.get("correction_note", "").strip():
            self.add_error(
                "correction_note",
                "This claim already has a published verdict: say publicly what this correction changes and why.",
            )
        return cleaned


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    """Fact-checkers draft verdicts here; editors publish them from the claim list."""

    list_display = ["claim", "rating", "status", "author", "published_at", "is_correction"]
    list_filter = ["status", "rating"]
    list_select_related = ["claim", "author"]
    search_fields = ["claim__summary", "rationale", "correction_note"]
    autocomplete_fields = ["claim"]
    form = VerdictForm
    fields = ["claim", "rating", "rationale", "correction_note", "status", "corrects", "author", "published_by", "published_at"]
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

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        drafted = workflow.draft_verdict(
            claim=obj.claim, by=request.user, rating=obj.rating,
            rationale=obj.rationale, correction_note=obj.correction_note,
        )
        obj.pk = drafted.pk
        obj.refresh_from_db()
