from django.core.management.base import CommandError

from core.audited_command import AuditedCommand
from intake.claimreview_import import InputError, import_reviews, read


class Command(AuditedCommand):
    help = (
        "Import other fact-checkers' reviews from a file, a folder or an http(s) address: "
        "Google Fact Check Tools claims:search responses or schema.org ClaimReview JSON-LD "
        "(object, array, @graph, DataFeed, or HTML pages carrying it). Each review is kept "
        "once, by its normalised URL; a malformed record is reported and the rest imported, "
        "and the command then exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path_or_url")

    def handle(self, *args, path_or_url, **options):
        try:
            records = read(path_or_url)
        except InputError as error:
            raise CommandError(str(error)) from error
        report = import_reviews(records)
        for position, reason in report.errors:
            self.stderr.write(f"Not imported: {position}: {reason}")
        for position, warning in report.warnings:
            self.stderr.write(f"Imported without a value: {position}: {warning}")
        self.stdout.write(f"Reviews: {report.summary()}.")
        if report.errors:
            # The good records are stored; the exit status tells a script some were not.
            raise CommandError(f"{len(report.errors)} record(s) not imported (listed above).")
