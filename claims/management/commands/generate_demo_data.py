from django.core.management.base import CommandError
from tqdm import tqdm

from claims.demo_data import DemoSize, generate
from factcheck.audited_command import AuditedCommand


class Command(AuditedCommand):
    help = "Generate synthetic claims, sources and evidence at scale (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=10_000)
        parser.add_argument("--sources", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, claims, sources, seed, **options):
        if claims < 1 or sources < 10:
            raise CommandError("Give at least 1 claim and 10 sources.")
        with tqdm(total=claims, unit="claims", file=self.stderr) as progress:
            generate(
                size=DemoSize(claims=claims, sources=sources), seed=seed, progress=progress.update
            )
        self.stdout.write(f"Generated {claims} demo claims.")
