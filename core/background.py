"""Background work on a queue kept in PostgreSQL.

Tasks are django-tasks ``@task`` functions stored by its database backend
(``django_tasks_db``): a row per run in the project's own database, claimed by workers with
``SELECT ... FOR UPDATE SKIP LOCKED``, so any number of worker processes on any number of
machines share one queue with nothing but PostgreSQL. This module adds what the project
needs on top:

- ``enqueue_on_commit``: work caused by a write is enqueued when its transaction commits,
  never before (a rolled-back write enqueues nothing, a worker never sees a row that is
  not there yet).
- ``retrying``: a task that raises ``TryAgain`` is run again later with exponential
  backoff, up to ``BACKGROUND_MAX_ATTEMPTS``; every failed attempt stays in the admin
  (*Task results*) with its traceback.
- ``register_periodic`` and ``run_worker``: the long-running worker also calls periodic
  jobs (the link check's scheduler). Each worker calls them, so a periodic job must be
  safe to run on several machines at once (claim rows with SKIP LOCKED).
- ``run_pending_tasks``: run what is due and return (tests, cron, CI).
- Leases: a worker holds a lease on the task it runs (``core.models.TaskLease``), renewed
  every third of ``WORKER_LEASE_SECONDS`` by a heartbeat thread. A running task whose lease
  has not been renewed for ``WORKER_LEASE_SECONDS`` lost its worker (killed, its machine
  gone): ``resume_abandoned`` (a periodic job of every worker) makes it ready again, under
  a lock, so exactly one worker takes it up once more per expired lease; after
  ``WORKER_MAX_TAKEOVERS`` takeovers it is failed instead. A task that is taken up again
  knows it (``resumed()``), to finish what the lost run began.
- Retention: finished task rows (successful or failed) are deleted after
  ``TASK_RETENTION_DAYS`` (``prune_finished_tasks``, hourly).
- The database restarting does not stop a worker: it waits, with backoff, and carries on.
"""

import contextvars
import functools
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from core.models import TaskLease

logger = logging.getLogger(__name__)


class TryAgain(Exception):
    """Raised by a task when its work may succeed later (a network error, a 503)."""


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue ``task(*args, **kwargs)`` once the current transaction commits (at once
    outside a transaction); nothing is enqueued if it rolls back."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff: base, 4×base, 16×base, … capped at a day."""
    seconds = settings.BACKGROUND_RETRY_BASE_SECONDS * 4 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 24 * 3600))


def retrying(func: Callable) -> Callable:
    """Make a task function retry on ``TryAgain``. The function takes an ``attempt``
    keyword (1 for the first run). On ``TryAgain`` the next attempt is enqueued with a
    delay, then the error is raised again so this run is recorded as failed."""

    @functools.wraps(func)
    def run(*args, attempt: int = 1, **kwargs):
        try:
            return func(*args, attempt=attempt, **kwargs)
        except TryAgain:
            if attempt < settings.BACKGROUND_MAX_ATTEMPTS:
                this_task = getattr(run, "task", None)
                if this_task is not None:
                    this_task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                        *args, attempt=attempt + 1, **kwargs
                    )
            raise

    return run


def background_task(
    func: Callable | None = None, *, priority: int = 0, queue_name: str | None = None
):
    """``@task`` for a ``retrying`` function: the task knows itself to enqueue retries.
    Workers take due tasks highest ``priority`` first (-100 to 100);
    ``@background_task(queue_name=...)`` puts it on a queue of its own (settings.TASKS)."""
    if func is None:
        return functools.partial(background_task, priority=priority, queue_name=queue_name)
    wrapped = retrying(func)
    queued = task(priority=priority, **({"queue_name": queue_name} if queue_name else {}))(wrapped)
    wrapped.task = queued
    return queued


@dataclass
class Periodic:
    name: str
    every: timedelta
    func: Callable[[], object]
    last_run: float = 0.0


PERIODIC: dict[str, Periodic] = {}


def register_periodic(name: str, *, every: timedelta, func: Callable[[], object]) -> None:
    """Have every long-running worker call ``func`` about every ``every``."""
    PERIODIC[name] = Periodic(name=name, every=every, func=func)


def run_periodic(now: float | None = None) -> list[str]:
    """Call the periodic jobs that are due in this process; returns their names."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in PERIODIC.values():
        if job.last_run and now - job.last_run < job.every.total_seconds():
            continue
        job.last_run = now
        try:
            job.func()
        except (OperationalError, InterfaceError):
            job.last_run = 0.0  # the database is away: the worker waits, then tries again
            raise
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
        ran.append(job.name)
    return ran


_resumed: contextvars.ContextVar[bool] = contextvars.ContextVar("resumed", default=False)


def resumed() -> bool:
    """True inside a task that was taken up again after its first worker stopped."""
    return _resumed.get()


def _next_task(worker_id: str, queues: list[str]) -> tuple[DBTaskResult, TaskLease] | None:
    """Claim the next task that is due (SKIP LOCKED: workers never take the same one) and
    take its lease."""
    ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    if "*" not in queues:
        ready = ready.filter(queue_name__in=queues)
    with transaction.atomic():
        result = ready.get_locked()
        if result is None:
            return None
        result.claim(worker_id)
        lease, _ = TaskLease.objects.update_or_create(
            result=result, defaults={"worker_id": worker_id, "renewed_at": timezone.now()}
        )
    return result, lease


class Heartbeat:
    """Renews a lease every third of WORKER_LEASE_SECONDS while its task runs, on its own
    thread and database connection."""

    def __init__(self, lease: TaskLease):
        self.lease = lease
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name="lease-heartbeat")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.WORKER_LEASE_SECONDS / 3):
                try:
                    TaskLease.objects.filter(
                        pk=self.lease.pk, worker_id=self.lease.worker_id
                    ).update(renewed_at=timezone.now())
                except (OperationalError, InterfaceError) as error:
                    logger.warning("Could not renew the lease of task %s: %s", self.lease.pk, error)
        finally:
            connection.close()


def resume_abandoned() -> tuple[int, int]:
    """Make ready again each running task whose lease expired (its worker stopped), or fail
    it after WORKER_MAX_TAKEOVERS takeovers. Returns (resumed, failed)."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    resumed_count = failed = 0
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.running()
            .filter(Q(lease__renewed_at__lt=cutoff) | Q(lease__isnull=True, started_at__lt=cutoff))
            .select_for_update(skip_locked=True, of=("self",))
        )
        for result in stale:
            lease, _ = TaskLease.objects.get_or_create(
                result=result, defaults={"worker_id": "", "renewed_at": now}
            )
            if lease.takeovers >= settings.WORKER_MAX_TAKEOVERS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = f"{__name__}.Abandoned"
                result.traceback = (
                    f"Its worker stopped while running it, {lease.takeovers + 1} times; "
                    "it is not taken up again."
                )
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
                continue
            result.status = TaskResultStatus.READY
            result.run_after = now
            result.save(update_fields=["status", "run_after"])
            TaskLease.objects.filter(pk=lease.pk).update(
                takeovers=lease.takeovers + 1, renewed_at=now
            )
            resumed_count += 1
    if resumed_count or failed:
        logger.warning(
            "Tasks whose worker stopped: %d taken up again, %d failed.", resumed_count, failed
        )
    return resumed_count, failed


def prune_finished_tasks() -> int:
    """Delete finished task rows older than TASK_RETENTION_DAYS; returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.TASK_RETENTION_DAYS)
    deleted, _ = (
        DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lt=cutoff,
        )
        .only("id")
        .delete()
    )
    return deleted


def run_pending_tasks(*, max_tasks: int | None = None, queues: str = "*") -> int:
    """Run every task that is due now (retries scheduled for later wait), then return
    how many ran."""
    names = queues.split(",")
    worker = Worker(
        queue_names=names,
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=get_random_id(),
    )
    ran = 0
    while max_tasks is None or ran < max_tasks:
        claimed = _next_task(worker.worker_id, names)
        if claimed is None:
            break
        result, lease = claimed
        token = _resumed.set(lease.takeovers > 0)
        try:
            with Heartbeat(lease):
                worker.run_task(result)
        finally:
            _resumed.reset(token)
        ran += 1
    return ran


def run_worker(*, interval: float = 1.0, queues: str = "*") -> None:
    """Run tasks as they come and the periodic jobs as they fall due, until SIGINT or
    SIGTERM; a task that is running when the signal comes is finished first."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        logger.info("Worker stopping after the current task (%s).", signal.strsignal(signum))
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    logger.info("Worker started on queues %s.", queues)
    pause = 0.0
    while not stopping:
        try:
            run_periodic()
            ran = run_pending_tasks(max_tasks=1, queues=queues)
            pause = 0.0
        except (OperationalError, InterfaceError) as error:
            # The database restarting: wait (0.5, 1, 2 … 5 s) and carry on. A task that was
            # running is taken up again when its lease expires.
            pause = min(max(pause * 2, 0.5), 5.0)
            logger.warning("The database does not answer (%s); waiting %g s.", error, pause)
            ran = 0
            connection.close()
        close_old_connections()
        if not ran and not stopping:
            time.sleep(max(interval, pause))


register_periodic("resume-abandoned-tasks", every=timedelta(minutes=1), func=resume_abandoned)
register_periodic("prune-finished-tasks", every=timedelta(hours=1), func=prune_finished_tasks)
