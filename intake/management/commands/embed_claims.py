from django.db import transaction
from tqdm import tqdm

from claims.models import Claim
from factcheck.audited_command import AuditedCommand
from intake import encoders
from intake.models import ExternalReview
from intake.similarity import store_embeddings


class Command(AuditedCommand):
    help = (
        "Embed every claim and external review whose embedding is missing or stale (new "
        "text, another model), in batches, for similar-claim matching."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        encoder = encoders.current()
        written = 0
        for model, text_field in ((Claim, "text"), (ExternalReview, "claim_text")):
            total = model.objects.count()
            last_pk = 0
            with tqdm(
                total=total,
                unit=model._meta.verbose_name_plural.split()[-1],
                file=self.stderr,
                disable=not total,
            ) as progress:
                while True:
                    batch = list(
                        model.objects.filter(pk__gt=last_pk)
                        .order_by("pk")
                        .only("pk", text_field)[:batch_size]
                    )
                    if not batch:
                        break
                    with transaction.atomic():
                        rows = {"claims" if model is Claim else "reviews": batch}
                        written += store_embeddings(encoder=encoder, **rows)
                    last_pk = batch[-1].pk
                    progress.update(len(batch))
        self.stdout.write(f"Embedded {written} texts with {encoder.name}.")
