"""The newsroom's work queues as a filter of the admin's claim list."""

from django.contrib import admin


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
        return list(self.QUEUES.items())

    def queryset(self, request, queryset):
        match self.value():
            case "mine":
                return queryset.filter(assigned_to=request.user)
            case "review":
                return queryset.awaiting_review()
            case "no_evidence":
                return queryset.needs_evidence()
            case "disagrees":
                return queryset.verdict_disagreeing()
        return queryset
