"""A claim's audit trail for the API: every recorded change of the claim, its evidence,
appearances and verdicts, newest first, with who made it (from pghistory's context)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from pghistory.models import Events


def claim_history(claim) -> list[dict]:
    events = list(Events.objects.references(claim).order_by("-pgh_created_at", "-pgh_id"))
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    usernames = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    return [
        {
            "pgh_created_at": event.pgh_created_at,
            "record": _record_name(event.pgh_model),
            "pgh_obj_id": event.pgh_obj_id,
            "pgh_label": event.pgh_label,
            "user": usernames.get((event.pgh_context or {}).get("user")),
            "pgh_diff": event.pgh_diff,
        }
        for event in events
    ]


def _record_name(event_model_label: str) -> str:
    return str(apps.get_model(event_model_label).pgh_tracked_model._meta.verbose_name)
