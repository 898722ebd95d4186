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
"""

import functools
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

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


def background_task(func: Callable | None = None, *, queue_name: str | None = None):
    """``@task`` for a ``retrying`` function: the task knows itself to enqueue retries.
    ``@background_task(queue_name=...)`` puts it on a queue of its own (settings.TASKS)."""
    if func is None:
        return functools.partial(background_task, queue_name=queue_name)
    wrapped = retrying(func)
    queued = task(**({"queue_name": queue_name} if queue_name else {}))(wrapped)
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
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
        ran.append(job.name)
    return ran


def _next_task(worker_id: str, queues: list[str]) -> DBTaskResult | None:
    """Claim the next task that is due (SKIP LOCKED: workers never take the same one)."""
    ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    if "*" not in queues:
        ready = ready.filter(queue_name__in=queues)
    with transaction.atomic():
        result = ready.get_locked()
        if result is not None:
            result.claim(worker_id)
    return result


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
        result = _next_task(worker.worker_id, names)
        if result is None:
            break
        worker.run_task(result)
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
    while not stopping:
        run_periodic()
        ran = run_pending_tasks(max_tasks=1, queues=queues)
        close_old_connections()
        if not ran and not stopping:
            time.sleep(interval)
