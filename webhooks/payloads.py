"""What a delivery says: the event type, when it happened, and the claim as the public API
shows it (the shape declared in ``claims/api/shape.py``, built by ``claims/api/listing.py``:
the same JSON as an item of ``/api/v1/claims/``).
Only published claims are read that way; a withdrawn fact-check says what its public
notice says (the reason and when), and nothing of unpublished work ever goes out.
"""

from datetime import UTC, datetime

import orjson
from django.conf import settings
from django.urls import reverse

from claims.api import listing
from claims.models import Claim, Verdict
from figures.api import FigureSerializer
from figures.reading import visible_figures, with_visible_claims


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with ``Z``, like the rest of the API."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def claims_url() -> str:
    return settings.FACTCHECK_SITE_URL.rstrip("/") + reverse("api:claim-list")


def published_claims(claim_ids) -> dict[int, dict]:
    """The public representation of each of these claims that is published now."""
    queryset = Claim.objects.published().filter(pk__in=list(claim_ids))
    return {
        row["id"]: orjson.loads(row["json"])
        for row in listing.json_rows(queryset, claims_url(), "updated_at")
    }


def retracted_claims(claim_ids) -> dict[int, dict]:
    """What stays public of a withdrawn fact-check: the notice and its reason."""
    prefix = claims_url()
    public_prefix = listing.public_prefix()
    rows = Claim.objects.retracted().filter(pk__in=list(claim_ids))
    return {
        claim.pk: {
            "id": claim.pk,
            "url": f"{prefix}{claim.pk}/",
            "public_url": f"{public_prefix}{claim.pk}/",
            "summary": claim.summary,
            "status": claim.status,
            "retraction_reason": claim.retraction_reason,
            "retracted_at": iso(claim.retracted_at),
            "updated_at": iso(claim.updated_at),
            "version": claim.version,
        }
        for claim in rows.only(
            "pk", "summary", "status", "retraction_reason", "retracted_at", "updated_at", "version"
        )
    }


def corrections(claim_ids) -> dict[int, dict]:
    """The public note of each claim's current verdict where it corrected an earlier one."""
    verdicts = (
        Verdict.objects.published()
        .filter(
            pk__in=Claim.objects.filter(pk__in=list(claim_ids)).values("current_verdict"),
            corrects__isnull=False,
        )
        .select_related("corrects")
    )
    return {
        verdict.claim_id: {
            "rating": verdict.rating,
            "label": verdict.get_rating_display(),
            "previous_rating": verdict.corrects.rating,
            "previous_label": verdict.corrects.get_rating_display(),
            "correction_note": verdict.correction_note,
            "published_at": iso(verdict.published_at),
        }
        for verdict in verdicts
    }


def body(*, event_type: str, at: datetime, data: dict) -> str:
    return orjson.dumps({"type": event_type, "timestamp": iso(at), "data": data}).decode()


def public_figures(figure_ids) -> list[dict]:
    """Each of these figures that the public may see, with the figure that revised it:
    ``{"figure": ..., "revised_by": ...}`` (None when that one is not public)."""
    public = with_visible_claims(visible_figures(None), None).select_related("source__outlet")
    figures = list(public.filter(pk__in=list(figure_ids)).order_by("pk"))
    replacing = {
        figure.pk: figure
        for figure in public.filter(pk__in=[f.revised_by_id for f in figures if f.revised_by_id])
    }
    return [
        {
            "figure": FigureSerializer(figure).data,
            "revised_by": FigureSerializer(replacing[figure.revised_by_id]).data
            if figure.revised_by_id in replacing
            else None,
        }
        for figure in figures
    ]
