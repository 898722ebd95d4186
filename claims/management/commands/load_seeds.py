from pathlib import Path

from django.core.management.base import CommandError

from claims.seeding import DEFAULT_SEED, SeedError, load_default_case, load_seed, read_seed
from core.audited_command import AuditedCommand
from core.records import Refused


class Command(AuditedCommand):
    help = "Load a seed case (default: the January 2022 Kazakhstan unrest) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_SEED)

    def handle(self, *args, path, **options):
        following = []
        try:
            if path == DEFAULT_SEED:
                report, following = load_default_case(read_seed(path))
            else:
                report = load_seed(read_seed(path))
        except SeedError as error:
            raise CommandError(str(error)) from error
        except Refused as refusal:
            where = f" ({refusal.field})" if refusal.field else ""
            raise CommandError(f"Nothing was written{where}: {refusal}") from refusal
        self.stdout.write(
            self.style.SUCCESS(report.summary()) if report.changed else report.summary()
        )
        for line in following:
            self.stdout.write(line)
