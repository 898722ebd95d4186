"""A claim's audit trail for the API: the events the admin's history shows
(core.audit.events_about), in machine-readable form: raw field values, not labels."""

from django.apps import apps

from core.audit import events_about


def claim_history(claim) -> list[dict]:
    return [
        {
            "pgh_created_at": event.pgh_created_at,
            "record": _record_name(event.pgh_model),
            "pgh_obj_id": event.pgh_obj_id,
            "pgh_label": event.pgh_label,
            "user": event.user.get_username() if event.user else None,
            "pgh_diff": event.pgh_diff,
        }
        for event in events_about(claim)
    ]


def _record_name(event_model_label: str) -> str:
    return str(apps.get_model(event_model_label).pgh_tracked_model._meta.verbose_name)
