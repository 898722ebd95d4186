"""Merging a claim recorded twice: the duplicate's appearances and evidence move to the
kept claim, the duplicate points at it (its page redirects there, the API reports
``duplicate_of``), and both claims are reassessed. One service call, in the audit trail
like every other change."""

from django.utils.translation import gettext

from claims import assessment_service
from claims.models import Claim
from claims.roles import can_merge
from claims.services import remove_appearance, remove_evidence
from core.records import Refused, lock, service, write


@service
def merge_duplicate(*, duplicate: Claim, kept: Claim, by) -> Claim:
    """Mark ``duplicate`` as a duplicate of ``kept`` and move what it holds there. Where
    both hold the same source, the kept claim's row stays and the duplicate's goes. Only
    editors merge, and a published claim only into another published claim."""
    if not can_merge(by):
        raise Refused(gettext("Only editors merge duplicate claims."))
    if duplicate.pk == kept.pk:
        raise Refused(gettext("A claim cannot be a duplicate of itself."), field="duplicate_of")
    for claim in sorted((duplicate, kept), key=lambda c: c.pk):
        lock(claim)
        claim.refresh_from_db()
    if duplicate.duplicate_of_id is not None:
        raise Refused(
            gettext("“%(claim)s” is already a duplicate of another claim.") % {"claim": duplicate}
        )
    if kept.duplicate_of_id is not None:
        raise Refused(
            gettext("“%(claim)s” is itself a duplicate; choose the claim it repeats.")
            % {"claim": kept},
            field="duplicate_of",
        )
    if duplicate.is_published and not kept.is_published:
        raise Refused(
            gettext(
                "“%(duplicate)s” is published and “%(kept)s” is not: a published claim is "
                "merged only into a published one (publish the claim to keep first)."
            )
            % {"duplicate": duplicate, "kept": kept},
            field="duplicate_of",
        )
    for related, remove in (("appearances", remove_appearance), ("evidence", remove_evidence)):
        held = set(getattr(kept, related).values_list("source_id", flat=True))
        for row in getattr(duplicate, related).order_by("pk"):
            if row.source_id in held:
                remove(instance=row, by=by)
            else:
                write(row, values={"claim": kept})
                held.add(row.source_id)
    Claim.objects.filter(pk=duplicate.pk).update(duplicate_of=kept, updated_by=by)
    duplicate.refresh_from_db()
    assessment_service.touch([duplicate.pk, kept.pk])
    return duplicate
