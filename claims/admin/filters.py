"""The newsroom's work queues and the claimant as filters of the admin's claim list."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from claims import languages
from claims.admin.counts import capped_count
from claims.models import Claimant


class WorkQueueFilter(admin.SimpleListFilter):
    title = _("work queue")
    parameter_name = "queue"

    QUEUES = {
        "mine": _("Assigned to me"),
        "review": _("Waiting for review"),
        "no_evidence": _("Needs evidence"),
        "disagrees": _("Verdict disagrees with evidence"),
    }

    def lookups(self, request, model_admin):
        """Each queue with how many claims wait in it (one indexed count a queue, capped
        like the list's own count)."""
        claims = model_admin.get_queryset(request)
        return [
            (key, f"{label} ({capped_count(self.queue(key, claims, request.user))})")
            for key, label in self.QUEUES.items()
        ]

    def queryset(self, request, queryset):
        if self.value() in self.QUEUES:
            return self.queue(self.value(), queryset, request.user)
        return queryset

    @staticmethod
    def queue(key, queryset, user):
        match key:
            case "mine":
                return queryset.filter(assigned_to=user)
            case "review":
                return queryset.awaiting_review()
            case "no_evidence":
                return queryset.needs_evidence()
            case "disagrees":
                return queryset.verdict_disagreeing()
        raise ValueError(key)


class ClaimantFilter(admin.SimpleListFilter):
    """The claimant picked in the admin's autocomplete (names typed, matches fetched as
    one types) rather than a link per claimant: with thousands of claimants the sidebar
    would list them all on every page of the list. A slug in the address works too."""

    title = _("claimant")
    parameter_name = "claimant"
    template = "admin/autocomplete_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.source_field = model._meta.get_field("claimant")
        self.admin_site = model_admin.admin_site

    def lookups(self, request, model_admin):
        return [("", "")]  # the filter is shown as an autocomplete (its template)

    def chosen(self):
        """The claimant the filter names (by id, or by slug in an older address)."""
        value = self.value() or ""
        found = Claimant.objects.filter(pk=value) if value.isdigit() else None
        return (found if found is not None else Claimant.objects.filter(slug=value)).first()

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        claimant = self.chosen()
        return queryset.filter(claimant=claimant) if claimant else queryset.none()

    def choices(self, changelist):
        claimant = self.chosen() if self.value() else None
        # The widget draws the chosen claimant from its field's queryset.
        field = forms.ModelChoiceField(
            queryset=Claimant.objects.all(),
            required=False,
            widget=AutocompleteSelect(
                self.source_field,
                self.admin_site,
                attrs={"id": "filter-claimant", "data-placeholder": _("Type a name")},
            ),
        )
        yield {
            "select": field.widget.render(self.parameter_name, claimant.pk if claimant else ""),
            "parameter_name": self.parameter_name,
            "chosen": claimant,
            # The rest of the list's state (other filters, search, order) rides along.
            "hidden": [
                (name, value)
                for name, values in changelist.params.items()
                if name not in (self.parameter_name, PAGE_VAR)
                for value in (values if isinstance(values, list) else [values])
            ],
        }


class LanguageFilter(admin.SimpleListFilter):
    """The newsroom's languages, named; no scan of the table for the values present."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, languages.name(code)) for code in languages.COMMON]

    def queryset(self, request, queryset):
        if self.value() in languages.COMMON:
            return queryset.in_language(self.value())
        return queryset
