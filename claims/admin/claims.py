"""The claim's page and list in the admin: the claim with its evidence and appearances
saved in one service call (claims.services.save_claim), the workflow buttons the service
layer offers this user, the verdict history and the editors' audit trail."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import construct_change_message, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import services, workflow
from claims.admin import actions, steps
from claims.admin.counts import CappedCountPaginator
from claims.admin.filters import ClaimantFilter, LanguageFilter, WorkQueueFilter
from claims.admin.forms import ClaimForm, RetractForm, TranslationFormSet, TranslationRowForm
from claims.models import (
    SUMMARY_SEARCH_CUTOFF,
    Appearance,
    Claim,
    ClaimTranslation,
    Evidence,
    Verdict,
)
from claims.roles import ASSIGN_PERMISSION, assignable_users, can_publish, can_see_audit_trail
from core import audit
from core.admin import InlineVersionedForm, ServiceAdmin

Status = Claim.Status
HISTORY_PAGE_SIZE = 100


class CompactRowForm(InlineVersionedForm):
    """A row of a compact inline table: long texts take one line until they are edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update({"rows": 1, "class": "expanding"})


class EvidenceRowForm(CompactRowForm):
    def clean(self):
        cleaned = super().clean()
        note = str(cleaned.get("against_interest_note") or "").strip()
        if cleaned.get("against_interest") and not note:
            self.add_error(
                "against_interest_note",
                gettext("Say why this goes against the claimant's interest."),
            )
        return cleaned


class EvidenceInline(admin.TabularInline):
    """Evidence as a compact table: source, stance, strength, what it relies on, and the
    excerpt and note, which open up when edited."""

    model = Evidence
    form = EvidenceRowForm
    extra = 0
    autocomplete_fields = ["source", "relies_on"]
    fields = [
        "source",
        "stance",
        "strength",
        "relies_on",
        "excerpt",
        "note",
        "against_interest",
        "against_interest_note",
        "loaded_version",
    ]
    classes = ["evidence-inline", "compact-inline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet", "added_by")

    def get_extra(self, request, obj=None, **kwargs):
        """A new claim opens with one empty evidence row (left empty, it is not saved)."""
        return 1 if obj is None else 0


class AppearanceInline(admin.TabularInline):
    model = Appearance
    form = CompactRowForm
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "appeared_on", "kind", "quote", "language", "note", "loaded_version"]
    classes = ["compact-inline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet")


class TranslationRowFormForClaim(TranslationRowForm, CompactRowForm):
    pass


class ClaimTranslationInline(admin.TabularInline):
    """The claim's text and summary in other languages; the original stays as said."""

    model = ClaimTranslation
    form = TranslationRowFormForClaim
    formset = TranslationFormSet
    extra = 0
    fields = ["language", "summary", "text", "machine", "note", "translator", "loaded_version"]
    readonly_fields = ["translator"]
    classes = ["compact-inline"]

    @admin.display(description=_("Translated by"))
    def translator(self, obj):
        return (obj.translator or "—") if obj.pk else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("translated_by")


class VerdictHistoryInline(admin.TabularInline):
    """The claim's verdicts, newest first. Verdicts are written and published through the
    workflow (the Verdicts admin and the claim's actions), never edited here."""

    model = Verdict
    extra = 0
    can_delete = False
    verbose_name_plural = _("verdict history")
    fields = [
        "rating",
        "status",
        "rationale",
        "correction_note",
        "writers",
        "published_by",
        "published_at",
    ]
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Written by"))
    def writers(self, obj):
        return ", ".join(user.get_username() for user in obj.written_by.all()) or "—"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("published_by")
            .prefetch_related("written_by")
        )


@admin.register(Claim)
class ClaimAdmin(ServiceAdmin):
    form = ClaimForm
    list_display = [
        "summary",
        "language",
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
        ClaimantFilter,
        LanguageFilter,
        "checkable",
        "kind",
        "stated_on",
    ]
    list_select_related = ["claimant", "event", "current_verdict"]
    # At a million claims: no full count (the paginator counts up to a cap), no date
    # hierarchy (its MIN/MAX and DISTINCT dates read the table; "stated on" is a filter),
    # the claimant picked by autocomplete rather than listed, 50 rows a page, and search through the
    # full-text engine (get_search_results).
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    search_fields = ["summary"]
    search_help_text = _(
        "Search the claim's text, summary and translations in every language (words, \"a "
        'phrase", -word, or), or a ref.'
    )
    autocomplete_fields = ["claimant", "event"]
    change_form_template = "admin/claims/claim/change_form.html"
    inlines = [ClaimTranslationInline, EvidenceInline, AppearanceInline, VerdictHistoryInline]
    readonly_fields = [
        "evidence_status",
        "evidence_counts",
        "assessment",
        "verdict_check",
        "draft_verdict",
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
    CLAIM_FIELDS = [
        "summary",
        "text",
        "language",
        "claimant",
        "event",
        "stated_on",
        "stated_on_precision",
        "interested_countries",
        "kind",
        "checkable",
    ]

    @property
    def media(self):
        """The claim page's styles, and on the list the claimant filter's autocomplete."""
        claimant = AutocompleteSelect(Claim._meta.get_field("claimant"), self.admin_site)
        return (
            super().media
            + claimant.media
            + forms.Media(
                css={"all": ["admin/claim_page.css"]}, js=["admin/autocomplete_filter.js"]
            )
        )

    def get_fieldsets(self, request, obj=None):
        """A new claim's page asks only for what can be filled in; a claim's page shows,
        in the order a fact-checker works, the claim, how the evidence stands, the draft
        verdict, then (below) the evidence and appearances, and the workflow. Internal
        keys (ref) are for superusers."""
        claim_fields = self.CLAIM_FIELDS + (["ref"] if request.user.is_superuser else [])
        if obj is None:
            return [(None, {"fields": claim_fields})]
        return [
            (None, {"fields": claim_fields}),
            (
                _("Evidence assessment"),
                {
                    "fields": ["evidence_status", "evidence_counts", "assessment", "verdict_check"],
                    "description": _(
                        "An automatic check of the evidence below, not a verdict; recomputed on every save (the methodology page gives the rules)."
                    ),
                },
            ),
            (_("Verdict"), {"fields": ["draft_verdict", "current_verdict"]}),
            (
                _("Workflow"),
                {"fields": ["status", "assigned_to", "published_at", "retraction_reason"]},
            ),
            (
                _("Record"),
                {
                    "fields": ["version", "created_at", "created_by", "updated_at", "updated_by"],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_inlines(self, request, obj):
        if obj is None:
            return [ClaimTranslationInline, EvidenceInline, AppearanceInline]
        return [ClaimTranslationInline, EvidenceInline, AppearanceInline, VerdictHistoryInline]

    actions = actions.ALL

    def get_list_display(self, request):
        """The review queue shows each claim's draft verdict and its writers; the queue of
        claims needing evidence shows how long each has waited since its last change."""
        columns = list(super().get_list_display(request))
        queue = request.GET.get(WorkQueueFilter.parameter_name)
        if queue == "review":
            columns.insert(columns.index("verdict"), "draft_column")
        elif queue == "no_evidence":
            columns.insert(columns.index("updated_at"), "waiting")
        return columns

    def get_queryset(self, request):
        claims = super().get_queryset(request)
        if request.GET.get(WorkQueueFilter.parameter_name) == "review":
            drafts = Verdict.objects.drafts().prefetch_related("written_by")
            claims = claims.prefetch_related(Prefetch("verdicts", drafts, to_attr="drafts"))
        return claims

    @admin.display(description=_("Draft verdict"))
    def draft_column(self, obj):
        drafts = getattr(obj, "drafts", [])
        if not drafts:
            return "—"
        writers = ", ".join(user.get_username() for user in drafts[0].written_by.all())
        return gettext("%(rating)s · by %(writers)s") % {
            "rating": drafts[0].get_rating_display(),
            "writers": writers or "—",
        }

    @admin.display(description=_("Waiting"), ordering="updated_at")
    def waiting(self, obj):
        return f"{timesince(obj.updated_at)}"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if Claim.objects.filter(ref=term).exists():  # a ref names one claim
            return queryset.filter(ref=term), False
        return queryset.matching(term), False

    @admin.display(description=_("Claimant"), ordering="claimant__name")
    def claimant_name(self, obj):
        return obj.claimant.name

    @admin.display(description=_("Evidence"), ordering="evidence_status")
    def evidence_status_column(self, obj):
        label = obj.get_evidence_status_display()
        if obj.verdict_disagrees:
            return format_html(
                '{} <strong title="{}">⚠ {}</strong>',
                label,
                _("The published verdict and the evidence point different ways."),
                _("disagrees with verdict"),
            )
        return label

    @admin.display(description=_("Verdict and evidence"))
    def verdict_check(self, obj):
        if obj.current_verdict_id is None:
            return _("No published verdict yet.")
        if obj.verdict_disagrees:
            return format_html(
                "<strong>⚠ {}</strong>",
                _("The published verdict and the evidence point different ways."),
            )
        return _("The published verdict and the evidence agree.")

    @admin.display(description=_("Draft verdict"))
    def draft_verdict(self, obj):
        """The claim's draft verdict, one click from being edited (or written)."""
        draft = obj.verdicts.drafts().prefetch_related("written_by").first()
        if draft is None:
            url = reverse("admin:claims_verdict_add") + f"?claim={obj.pk}"
            return format_html(
                '<a class="button" href="{}">{}</a>', url, _("Write a draft verdict")
            )
        writers = ", ".join(user.get_username() for user in draft.written_by.all()) or "—"
        return format_html(
            '<p><strong>{}</strong> · {}</p><p class="draft-rationale">{}</p>'
            '<a class="button" href="{}">{}</a>',
            draft.get_rating_display(),
            _("written by %(writers)s") % {"writers": writers},
            Truncator(draft.rationale).chars(300),
            reverse("admin:claims_verdict_change", args=[draft.pk]),
            _("Edit the draft"),
        )

    @admin.display(description=_("Evidence counts"))
    def evidence_counts(self, obj):
        return _(
            "%(supporting)s supporting, %(contradicting)s contradicting, %(context)s context; "
            "independent origins: %(independent_supporting)s supporting, "
            "%(independent_contradicting)s contradicting"
        ) % {
            "supporting": obj.supporting_count,
            "contradicting": obj.contradicting_count,
            "context": obj.context_count,
            "independent_supporting": obj.independent_supporting_count,
            "independent_contradicting": obj.independent_contradicting_count,
        }

    @admin.display(description=_("Verdict"), ordering="current_verdict__rating")
    def verdict(self, obj):
        if obj.current_verdict is None:
            return "—"
        return obj.current_verdict.get_rating_display()

    def save_model(self, request, obj, form, change):
        """The claim is saved with its inlines, in one service call (save_related)."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        values = self.submitted(form, change)
        assignee = values.pop("assigned_to", None) if "assigned_to" in values else False
        rows = {Evidence: [], Appearance: [], ClaimTranslation: []}
        for formset in formsets:
            if formset.model in rows:
                rows[formset.model] += self.row_changes(formset)
        services.save_claim(
            instance=obj,
            by=request.user,
            expected_version=self.loaded_version(form, change),
            evidence=rows[Evidence],
            appearances=rows[Appearance],
            translations=rows[ClaimTranslation],
            **values,
        )
        if assignee is not False:
            workflow.assign_claim(claim=obj, to=assignee, by=request.user)
        if len(obj.summary) > SUMMARY_SEARCH_CUTOFF:
            messages.warning(
                request,
                format_html(
                    gettext(
                        "The summary is {length} characters long; search tools cut it past "
                        "about {cutoff}."
                    ),
                    length=len(obj.summary),
                    cutoff=SUMMARY_SEARCH_CUTOFF,
                ),
            )

    def row_changes(self, formset) -> list:
        """What an inline formset submitted, as the service's row changes."""
        changes = []
        for row_form in formset.forms:
            row = row_form.instance if row_form.instance.pk is not None else None
            version = row_form.cleaned_data.get("loaded_version")
            if row is not None and row_form in formset.deleted_forms:
                changes.append(services.RowChange(row=row, expected_version=version, delete=True))
            elif row_form.has_changed():
                values = self.submitted(row_form, change=row is not None)
                values.pop("claim", None)
                changes.append(services.RowChange(row=row, values=values, expected_version=version))
        return changes

    def construct_change_message(self, request, form, formsets, add=False):
        """The audit trail records what changed; the admin's log notes the claim's fields."""
        return construct_change_message(form, [], add)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_assign_permission(self, request):
        return request.user.has_perm(ASSIGN_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_assign_permission(request):
            readonly.append("assigned_to")
        # After publication the statement and what frames it are an editor's to change
        # (claims/services.py refuses it on every path; here they are shown read-only).
        if obj is not None:
            readonly += services.editor_only_fields(claim=obj, by=request.user)
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = assignable_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    def offers_draft_verdict(self, request, claim=None) -> bool:
        """Whether the claim's form offers "Save and write the verdict"."""
        return (
            request.user.has_perm(workflow.DRAFT_VERDICT_PERMISSION)
            and "_popup" not in request.GET
            and (claim is None or claim.status != Status.RETRACTED)
        )

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "offer_draft_verdict": self.offers_draft_verdict(request),
        }
        return super().add_view(request, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        return self._to_draft_verdict(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._to_draft_verdict(request, obj) or super().response_change(request, obj)

    def _to_draft_verdict(self, request, claim):
        """After "Save and write the verdict": the claim's draft verdict, or a new one."""
        if "_draft_verdict" not in request.POST:
            return None
        self.message_user(
            request, gettext("The claim “%(claim)s” is saved.") % {"claim": claim}, messages.SUCCESS
        )
        draft = claim.verdicts.drafts().order_by("-created_at").first()
        if draft is not None:
            return redirect("admin:claims_verdict_change", draft.pk)
        return redirect(reverse("admin:claims_verdict_add") + f"?claim={claim.pk}")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_see_audit_trail": can_see_audit_trail(request.user),
            "offer_draft_verdict": claim is not None
            and self.has_change_permission(request, claim)
            and self.offers_draft_verdict(request, claim),
            "workflow_steps": steps.workflow_steps(claim=claim, user=request.user)
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
        """A workflow step, taken by POST; publishing is asked first (GET shows the page
        that names the claim and the rating about to be published)."""
        if request.method != "POST" and not (request.method == "GET" and to == Status.PUBLISHED):
            return HttpResponseNotAllowed(["POST"])
        claim, refused = self._claim_or_redirect(request, object_id)
        if refused:
            return refused
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        if request.method == "GET":
            return self.publish_page(request, claim=claim, cancel_url=change_url)
        try:
            if to == Status.PUBLISHED:
                verdict = workflow.publish_claim(claim=claim, by=request.user)
                done = gettext("Published the verdict “%(rating)s”.") % {
                    "rating": verdict.get_rating_display()
                }
            else:
                workflow.move_claim(claim=claim, to=to, by=request.user)
                done = gettext("The claim is now %(status)s.") % {
                    "status": claim.get_status_display().lower()
                }
        except workflow.WorkflowError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect(change_url)

    def publish_page(self, request, *, claim, cancel_url):
        """Asks before publishing, naming the claim and the rating readers will see."""
        draft = claim.verdicts.drafts().order_by("-created_at").first()
        if draft is None:
            self.message_user(
                request, gettext("There is no draft verdict to publish."), messages.ERROR
            )
            return redirect(cancel_url)
        rating = draft.get_rating_display()
        if draft.corrects_id:
            title = gettext("Publish the correction “%(rating)s”") % {"rating": rating}
        else:
            title = gettext("Publish the verdict “%(rating)s”") % {"rating": rating}
        return self.step_page(
            request,
            form=forms.Form(),
            claims=[claim],
            cancel_url=cancel_url,
            title=title,
            submit_label=gettext("Publish “%(rating)s”") % {"rating": rating},
            intro=gettext(
                "Readers will see this claim rated “%(rating)s”, with the rationale below."
            )
            % {"rating": rating},
            rationale=draft.rationale,
            correction_note=draft.correction_note,
        )

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
                self.message_user(request, gettext("The claim is retracted."), messages.SUCCESS)
            return redirect(change_url)
        return self.step_page(
            request,
            form=form,
            claims=[claim],
            cancel_url=change_url,
            title=_("Retract a claim"),
            submit_label=_("Retract"),
            intro=_(
                "Retracting withdraws the claim and its verdict from publication. Readers see the reason."
            ),
        )

    def step_page(
        self, request, *, form, claims, cancel_url, title, submit_label, intro, action="", **extra
    ):
        context = {
            **extra,
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
            "title": gettext("History: %(claim)s") % {"claim": claim},
            "object": claim,
            "opts": self.opts,
            "page": page,
            "entries": audit.entries(page),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/claim/audit_history.html", context)
