import logging

from django.core.management.base import BaseCommand

from core.background import run_worker


class Command(BaseCommand):
    help = (
        "Run background tasks as they are queued, and the periodic jobs (the link check), "
        "until stopped (SIGINT or SIGTERM finish the running task first). Start as many as "
        "needed, on as many machines as share the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument("--queue", default="*", help="Comma-separated queue names.")

    def handle(self, *, interval, queue, **options):
        if options["verbosity"] > 1:
            logging.getLogger("factcheck").setLevel(logging.DEBUG)
        run_worker(interval=interval, queues=queue)
