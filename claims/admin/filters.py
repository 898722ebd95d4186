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
        """Each queue with how many claims wait in it (one indexed count a queue)."""
        claims = model_admin.get_queryset(request)
        return [
            (key, f"{label} ({self.queue(key, claims, request.user).count()})")
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
