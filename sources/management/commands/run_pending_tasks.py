from django.core.management.base import BaseCommand

from core.background import run_pending_tasks


class Command(BaseCommand):
    help = (
        "Run every background task that is due now, then exit (for tests, cron and CI). "
        "Retries scheduled for later wait for their time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-tasks", type=int, default=None, help="Stop after this many.")
        parser.add_argument("--queue", default="*", help="Comma-separated queue names.")

    def handle(self, *, max_tasks, queue, **options):
        ran = run_pending_tasks(max_tasks=max_tasks, queues=queue)
        self.stdout.write(f"Ran {ran} task{'s' if ran != 1 else ''}.")
