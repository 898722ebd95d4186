"""The sources app's background work: archiving a source's URL and the periodic link check.

``enqueue_archive`` is called by ``sources.services.save_source`` when a source gets a URL
or a new one; the task runs when that transaction commits. A fetch that may work later
(the server unreachable, too slow, a 5xx) is tried again with backoff
(``core.background``); every failure is on the link state with its reason, and the
link check tries again on its own schedule whatever happened.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.background import TryAgain, background_task, enqueue_on_commit
from core.errors import Unavailable
from sources import archiving, media
from sources.models import LinkState, Source

logger = logging.getLogger(__name__)

# How often each worker looks for links due a check (the checks themselves happen every
# LINK_CHECK_INTERVAL_HOURS per link).
LINK_CHECK_SWEEP = timedelta(minutes=5)
SWEEP_BATCH = 500


@background_task
def archive_source(source_id: int, *, attempt: int = 1) -> str:
    try:
        outcome = archiving.archive(source_id)
    except OSError as error:  # the storage is full or read-only: try again later
        raise TryAgain(f"Attempt {attempt}: the archive could not be stored ({error}).") from error
    if outcome is None:
        return "nothing to archive"
    state = outcome.state
    if outcome.retryable:
        raise TryAgain(f"Attempt {attempt}: {state.reason}")
    return state.status


@background_task
def make_media_copies(sha256: str, *, attempt: int = 1) -> str:
    """An image's thumbnail and public copy, made here rather than in the upload request."""
    try:
        return media.make_copies(sha256)
    except Unavailable as fault:
        raise TryAgain(f"Attempt {attempt}: {fault.detail}") from fault


def enqueue_archive(source: Source) -> None:
    """Archive ``source`` once the current transaction commits (call inside it)."""
    archiving.reset_link(source)
    enqueue_on_commit(archive_source, source.pk)


def enqueue_due_link_checks(*, limit: int = SWEEP_BATCH) -> int:
    """Enqueue a check of each link whose time has come. Safe on several machines at
    once: each due row is claimed (SKIP LOCKED) and moved to its next date in the same
    transaction, so no link is queued twice."""
    archiving.track_new_links()
    with transaction.atomic():
        due = list(
            archiving.link_states_due()
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("next_check_at")
            .values_list("pk", flat=True)[:limit]
        )
        if due:
            LinkState.objects.filter(pk__in=due).update(
                next_check_at=timezone.now() + archiving.check_interval()
            )
        for source_id in due:
            enqueue_on_commit(archive_source, source_id)
    if due:
        logger.info("Queued %d link checks.", len(due))
    return len(due)
