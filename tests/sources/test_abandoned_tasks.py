"""Background work whose worker stopped (killed, its machine gone) is taken up again once
its lease expires, by any worker, once per expired lease; finished rows are pruned."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import background
from core.models import TaskLease
from sources.models import Snapshot
from sources.services import save_source
from tests.sources.conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_queued(site, django_capture_on_commit_callbacks, fact_checker):
    site.page("/statement", article("The ministry counted the hospitalised."))
    with django_capture_on_commit_callbacks(execute=True):
        return save_source(by=fact_checker, title="Statement", url=site.url("/statement"))


def killed_worker_took_it():
    """A worker claims the next task, then dies without a word: the row stays RUNNING."""
    result, lease = background._next_task("worker-that-died", ["*"])
    assert DBTaskResult.objects.get(pk=result.pk).status == "RUNNING"
    return result


def lease_expires(result, settings):
    TaskLease.objects.filter(pk=result.pk).update(
        renewed_at=timezone.now() - timedelta(seconds=settings.WORKER_LEASE_SECONDS + 1)
    )


def test_an_archive_task_whose_worker_died_is_taken_up_again_and_finishes(archive_queued, settings):
    result = killed_worker_took_it()

    assert background.resume_abandoned() == (0, 0)  # its lease still holds
    lease_expires(result, settings)
    assert background.resume_abandoned() == (1, 0)
    assert background.resume_abandoned() == (0, 0)  # once per expired lease

    assert background.run_pending_tasks() == 1
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert len(result.worker_ids) == 2
    assert Snapshot.objects.filter(source=archive_queued).count() == 1


def test_a_task_running_under_a_live_lease_is_left_alone(archive_queued, settings):
    result = killed_worker_took_it()
    TaskLease.objects.filter(pk=result.pk).update(
        renewed_at=timezone.now() - timedelta(seconds=settings.WORKER_LEASE_SECONDS - 5)
    )

    assert background.resume_abandoned() == (0, 0)
    assert background.run_pending_tasks() == 0


def test_a_task_that_keeps_losing_its_worker_is_failed_after_the_takeovers(
    archive_queued, settings
):
    settings.WORKER_MAX_TAKEOVERS = 2
    for _ in range(2):
        result = killed_worker_took_it()
        lease_expires(result, settings)
        assert background.resume_abandoned() == (1, 0)
    result = killed_worker_took_it()
    lease_expires(result, settings)

    assert background.resume_abandoned() == (0, 1)
    result.refresh_from_db()
    assert result.status == "FAILED"
    assert "stopped while running it, 3 times" in result.traceback


def test_the_worker_carries_on_when_the_database_does_not_answer(monkeypatch):
    from django.db import OperationalError

    calls = []

    def database_away(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("the database system is shutting down")
        raise KeyboardInterrupt  # ends the loop for the test

    monkeypatch.setattr(background, "run_pending_tasks", database_away)
    monkeypatch.setattr(background, "PERIODIC", {})
    monkeypatch.setattr(background.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(background.signal, "signal", lambda *args: None)

    with pytest.raises(KeyboardInterrupt):
        background.run_worker(interval=0)
    assert len(calls) == 2


def test_finished_task_rows_are_pruned_after_the_retention(archive_queued, settings):
    settings.TASK_RETENTION_DAYS = 30
    assert background.run_pending_tasks() == 1
    done = DBTaskResult.objects.get()
    assert background.prune_finished_tasks() == 0

    DBTaskResult.objects.filter(pk=done.pk).update(finished_at=timezone.now() - timedelta(days=31))
    assert background.prune_finished_tasks() >= 1
    assert not DBTaskResult.objects.filter(pk=done.pk).exists()
