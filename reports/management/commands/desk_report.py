"""``manage.py desk_report --month 2022-01``: the month's report as files, for email or the
archive: the printable page (HTML, one file) and the CSV tables (zipped)."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.models import Event
from reports import exports, periods, statistics


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise CommandError(
            f"“{value}” is not a month: write it as YYYY-MM, e.g. 2022-01."
        ) from None


class Command(BaseCommand):
    help = "Write a month's desk report (printable HTML and zipped CSV) to a folder."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM, e.g. 2022-01")
        parser.add_argument("--event", help="an event's slug: that event's claims only")
        parser.add_argument("--output", default=".", help="the folder to write to (default: here)")
        parser.add_argument(
            "--without-people",
            action="store_true",
            help="leave out the per-person figures (for a report sent outside the desk)",
        )

    def handle(self, *args, month, event, output, without_people, **options):
        event_record = None
        if event:
            event_record = Event.objects.filter(slug=event).first()
            if event_record is None:
                raise CommandError(f"No event has the slug “{event}”.")
        folder = Path(output)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        report = statistics.build(
            periods.month(_month(month)), event=event_record, with_people=not without_people
        )
        stem = folder / exports.file_stem(report)
        html, archive = stem.with_suffix(".html"), stem.with_suffix(".zip")
        html.write_text(exports.printable(report), encoding="utf-8")
        archive.write_bytes(exports.csv_zip(report))
        published = report.figure("claims_published")
        self.stdout.write(
            f"{report.period.label}: {published.current} claims published "
            f"({published.previous} in {report.previous.label}).\n"
            f"Wrote {html} and {archive}."
        )
