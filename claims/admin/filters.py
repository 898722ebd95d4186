"""The newsroom's work queues as a filter of the admin's claim list."""

from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR

from claims import languages
from claims.admin.counts import capped_count


class WorkQueueFilter(admin.SimpleListFilter):
    title = "work queue"
    parameter_name = "queue"

    QUEUES = {
        "mine": "Assigned to me",
        "review": "Waiting for review",
        "no_evidence": "Needs evidence",
        "disagrees": "Verdict disagrees with evidence",
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


class ClaimantSlugFilter(admin.SimpleListFilter):
    """The claimant as a typed slug rather than a link per claimant: with thousands of
    claimants the sidebar would list them all on every page of the list."""

    title = "claimant"
    parameter_name = "claimant"
    template = "admin/text_filter.html"

    def lookups(self, request, model_admin):
        return [("", "")]  # the filter is shown as a text box (its template)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(claimant__slug=self.value())
        return queryset

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
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

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, languages.name(code)) for code in languages.COMMON]

    def queryset(self, request, queryset):
        if self.value() in languages.COMMON:
            return queryset.in_language(self.value())
        return queryset
