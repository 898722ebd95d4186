from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sources.models import Outlet, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "country",
        "state_affiliated",
        "reliability",
        "source_count",
        "updated_at",
    ]
    list_filter = ["kind", "reliability", "state_affiliated"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "website", "state_affiliated"]}),
        ("Reliability", {"fields": ["reliability", "reliability_reason"]}),
        ("Record", {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_total=Count("sources"))

    @admin.display(description="Sources", ordering="source_total")
    def source_count(self, obj):
        return obj.source_total


def _links(rows, *, label):
    if not rows:
        return "—"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((url, label(row)) for url, row in rows)
        ),
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "kind", "language", "published_on", "updated_at"]
    list_filter = ["kind", "outlet__reliability", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "outlet__name", "ref"]
    autocomplete_fields = ["outlet", "cites"]
    date_hierarchy = "published_on"
    readonly_fields = ["cited_by_list", "used_as_evidence", "version", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "url",
                    "outlet",
                    "kind",
                    "language",
                    "published_on",
                    "description",
                    "ref",
                ]
            },
        ),
        ("Provenance", {"fields": ["cites", "cited_by_list"]}),
        ("Withdrawal", {"fields": ["withdrawn_on", "withdrawal_note"]}),
        ("Use", {"fields": ["used_as_evidence"]}),
        ("Record", {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Cited by")
    def cited_by_list(self, obj):
        rows = obj.cited_by.select_related("outlet") if obj.pk else []
        return _links(
            [(reverse("admin:sources_source_change", args=[s.pk]), s) for s in rows], label=str
        )

    @admin.display(description="Evidence for claims")
    def used_as_evidence(self, obj):
        if not obj.pk:
            return "—"
        rows = obj.evidence.select_related("claim").order_by("claim__summary")
        return _links(
            [(reverse("admin:claims_claim_change", args=[e.claim_id]), e) for e in rows],
            label=lambda e: f"{e.get_stance_display()}: {e.claim.summary}",
        )
