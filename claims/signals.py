"""What the claims app tells the apps above it.

``claim_changed`` is sent once per service call (when the outermost call completes, after
the claims' assessment is stored, inside its transaction) with what happened to which
claims: ``{claim id: {what, ...}}``, each ``what`` a ``Happened`` value. Listeners
(webhooks, cache purges, notifications) write what they need in the same transaction and
queue outside work for when it commits. Outside a service call the signal is sent at once.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.dispatch import Signal

claim_changed = Signal()

# Sent by claims/workflow.py inside the step's transaction when a claim moves between the
# working states or is given to someone: ``claim_id``, ``step`` (the status it moved to,
# or ``"assigned"``), ``by`` and, for an assignment, ``assignee`` (None: taken back).
workflow_step = Signal()


class Happened(models.TextChoices):
    PUBLISHED = "published", "first verdict published"
    CORRECTED = "corrected", "published verdict corrected"
    RETRACTED = "retracted", "fact-check withdrawn"
    UPDATED = "updated", "claim, evidence or appearances changed"
    REASSESSED = "reassessed", "evidence status recomputed with a different result"


_pending: ContextVar[dict | None] = ContextVar("claims_changed", default=None)


@contextmanager
def collected():
    """Gather what the service calls inside the block say happened and send
    ``claim_changed`` once, when the outermost block completes (not when it fails: its
    transaction rolls back)."""
    if _pending.get() is not None:
        yield
        return
    found: dict[int, set[str]] = {}
    token = _pending.set(found)
    try:
        yield
    finally:
        _pending.reset(token)
    if found:
        claim_changed.send(sender=Happened, changes=found)


def happened(claim_ids: Iterable[int], what: str) -> None:
    """Say that ``what`` happened to these claims."""
    found = {claim_id: {what} for claim_id in claim_ids}
    pending = _pending.get()
    if pending is None:
        if found:
            claim_changed.send(sender=Happened, changes=found)
        return
    for claim_id, whats in found.items():
        pending.setdefault(claim_id, set()).update(whats)
