from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, dump


class Command(BaseCommand):
    help = (
        "Write the whole database to a file in PostgreSQL's custom format. The file holds "
        "password hashes and API token digests: keep it like a secret."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="default: backups/factcheck-<time>.dump")

    def handle(self, *args, file=None, **options):
        if file:
            path = Path(file)
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            path = Path("backups") / f"factcheck-{stamp}.dump"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            dump(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        path.chmod(0o600)
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
