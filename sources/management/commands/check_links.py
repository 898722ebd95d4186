from collections import Counter

from django.core.management.base import BaseCommand

from sources import archiving, tasks
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Check the links of sources now: fetch each URL, keep a new archived copy when the "
        "content changed, and mark the link ok, changed or broken. By default every source "
        "with a URL, in this process; --due only those whose check has come, --enqueue "
        "leaves the work to the workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--due", action="store_true", help="Only links due a check.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the checks for the workers instead."
        )
        parser.add_argument("--source", type=int, action="append", help="A source id (repeat).")

    def handle(self, *, due, enqueue, source, **options):
        archiving.track_new_links()
        if enqueue and due:
            queued = tasks.enqueue_due_link_checks(limit=10**9)
            self.stdout.write(f"Queued {queued} link checks.")
            return
        if due:
            ids = list(archiving.link_states_due().values_list("pk", flat=True))
        else:
            ids = list(Source.objects.exclude(url="").values_list("pk", flat=True))
        if source:
            ids = [pk for pk in ids if pk in set(source)]
        if enqueue:
            for pk in ids:
                tasks.archive_source.enqueue(pk)
            self.stdout.write(f"Queued {len(ids)} link checks.")
            return
        counts = Counter()
        for pk in ids:
            outcome = archiving.archive(pk)
            if outcome is None:
                continue
            counts[outcome.state.status] += 1
            if outcome.state.status == "broken" and options["verbosity"] > 1:
                self.stdout.write(f"source {pk}: {outcome.state.reason}")
        summary = ", ".join(f"{counts[s]} {s}" for s in ("ok", "changed", "broken"))
        self.stdout.write(f"Checked {sum(counts.values())} links: {summary}.")
