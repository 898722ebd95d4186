"""The newsroom's work queues as a filter of the admin's claim list."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from claims.models import Claim, Evidence


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
                return queryset.filter(status=Claim.Status.IN_REVIEW)
            case "no_evidence":
                has_evidence = Exists(Evidence.objects.filter(claim=OuterRef("pk")))
                return queryset.filter(~has_evidence, status=Claim.Status.RESEARCHING)
            case "disagrees":
                return queryset.filter(verdict_disagrees=True)
        return queryset
