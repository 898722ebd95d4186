from django.db import transaction
from tqdm import tqdm

from claims import assessment_service
from claims.models import Claim
from core.audited_command import AuditedCommand


class Command(AuditedCommand):
    help = "Recompute every claim's stored evidence assessment, in batches (after a rules change)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=assessment_service.BATCH_SIZE)

    def handle(self, *args, batch_size, **options):
        total = Claim.objects.count()
        changed = 0
        last_pk = 0
        fields = [*assessment_service.INPUT_FIELDS, *assessment_service.STORED_FIELDS]
        with tqdm(total=total, unit="claims", file=self.stderr, disable=not total) as progress:
            while True:
                batch = list(
                    Claim.objects.filter(pk__gt=last_pk).order_by("pk").only(*fields)[:batch_size]
                )
                if not batch:
                    break
                with transaction.atomic():
                    changed += assessment_service.reassess_batch(batch)
                last_pk = batch[-1].pk
                progress.update(len(batch))
        self.stdout.write(f"Reassessed {total} claims; {changed} changed.")
