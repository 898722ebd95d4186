import multiprocessing
import os

from asgiref.local import Local
from django.core.management.base import CommandError
from django.db import connections, transaction
from tqdm import tqdm

from claims.models import Claim
from core.audited_command import AuditedCommand
from intake import encoders
from intake.models import ExternalReview
from intake.similarity import store_embeddings

# Each model embedded: its text field, and store_embeddings' argument for its rows.
MODELS = {Claim: ("text", "claims"), ExternalReview: ("claim_text", "reviews")}


def _ranges(model, batch_size):
    """Consecutive id ranges ``(after, up_to)`` of ``batch_size`` rows each; the last one
    is open (``up_to`` None), so rows added meanwhile are embedded too."""
    after = 0
    while True:
        ids = model.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)
        up_to = ids[batch_size - 1 : batch_size].first()
        yield after, up_to
        if up_to is None:
            return
        after = up_to


def _embed_range(task) -> tuple[int, int]:
    """Embed the rows of one id range; returns how many it holds and how many were written.
    Runs in the command's process or in a worker process."""
    model, after, up_to = task
    try:
        return _embed(model, after, up_to)
    finally:
        if multiprocessing.parent_process() is not None:
            # A worker leaves no connection behind when the pool ends (a connection a
            # batch is cheap beside embedding 500 texts).
            connections.close_all()


def _fresh_connections() -> None:
    """A forked worker starts with connection objects of its own: the parent's, copied by
    the fork, may hold a connection mid-transaction that is not the worker's to use."""
    connections._connections = Local(connections.thread_critical)


def _embed(model, after, up_to) -> tuple[int, int]:
    text_field, argument = MODELS[model]
    rows = model.objects.filter(pk__gt=after).order_by("pk").only("pk", text_field)
    if up_to is not None:
        rows = rows.filter(pk__lte=up_to)
    rows = list(rows)
    with transaction.atomic():
        return len(rows), store_embeddings(**{argument: rows}, encoder=encoders.current())


class Command(AuditedCommand):
    help = (
        "Embed every claim and external review whose embedding is missing or stale (new "
        "text, another model), in batches, in parallel processes, for similar-claim matching."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes that embed side by side (default: one per core; 1: this one only)",
        )

    def handle(self, *args, batch_size, workers, **options):
        if batch_size < 1 or workers < 1:
            raise CommandError("--batch-size and --workers must be at least 1.")
        try:
            # Built, not run: a model's threads must not exist before the fork.
            name = encoders.current().name
        except ValueError as error:
            raise CommandError(str(error)) from error
        written = 0
        pool = None
        if workers > 1:
            # Each worker opens its own connection: none may be shared across the fork.
            connections.close_all()
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_fresh_connections)
        try:
            for model in MODELS:
                total = model.objects.count()
                # Listed here: the pool hands out tasks from a thread of its own, which
                # would otherwise open (and keep) a connection of its own.
                tasks = [(model, after, up_to) for after, up_to in _ranges(model, batch_size)]
                done = (
                    pool.imap_unordered(_embed_range, tasks) if pool else map(_embed_range, tasks)
                )
                with tqdm(
                    total=total,
                    unit=model._meta.verbose_name_plural.split()[-1],
                    file=self.stderr,
                    disable=not total,
                ) as progress:
                    for seen, new in done:
                        written += new
                        progress.update(seen)
        finally:
            if pool:
                pool.close()
                pool.join()
        self.stdout.write(f"Embedded {written} texts with {name}.")
