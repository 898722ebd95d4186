"""Admins of the records around claims: claimants, events, and evidence and appearances
listed on their own. Saves go through claims/services.py."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims import services
from claims.models import Appearance, Claimant, Event, Evidence
from core.admin import ServiceAdmin
from sources.admin import register_source_use


@admin.register(Claimant)
class ClaimantAdmin(ServiceAdmin):
    save_service = staticmethod(services.save_claimant)
    list_display = ["name", "role", "kind", "country", "state_actor", "updated_at"]
    list_filter = ["kind", "state_actor"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliations"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Event)
class EventAdmin(ServiceAdmin):
    save_service = staticmethod(services.save_event)
    list_display = ["name", "country", "starts_on", "ends_on"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Evidence)
class EvidenceAdmin(ServiceAdmin):
    save_service = staticmethod(services.save_evidence)
    list_display = ["claim", "source", "stance", "strength", "added_by", "updated_at"]
    list_filter = ["stance", "strength", "source__outlet__reliability"]
    list_select_related = ["claim", "source__outlet", "added_by"]
    search_fields = ["claim__summary", "source__title", "excerpt", "note"]
    autocomplete_fields = ["claim", "source", "relies_on"]
    readonly_fields = ["added_by", "version", "created_at", "updated_at"]
    delete_service = staticmethod(services.remove_evidence)


@admin.register(Appearance)
class AppearanceAdmin(ServiceAdmin):
    save_service = staticmethod(services.save_appearance)
    list_display = ["claim", "source", "appeared_on", "kind"]
    list_select_related = ["claim", "source__outlet"]
    search_fields = ["claim__summary", "source__title", "quote"]
    autocomplete_fields = ["claim", "source"]
    delete_service = staticmethod(services.remove_appearance)


def evidence_of(source):
    """The source's page in the admin lists the claims it is evidence for."""
    rows = source.evidence.select_related("claim").order_by("claim__summary")
    return [
        (
            reverse("admin:claims_claim_change", args=[e.claim_id]),
            f"{e.get_stance_display()}: {e.claim.summary}",
        )
        for e in rows
    ]


register_source_use(_("Evidence for claims"), evidence_of)
