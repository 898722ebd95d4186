from django.core.management.base import CommandError
from tqdm import tqdm

from claims.demo_data import FOLLOWING_GENERATORS, AlreadyGenerated, DemoSize, generate
from core.audited_command import AuditedCommand


class Command(AuditedCommand):
    help = (
        "Generate synthetic claims, sources and evidence at scale (for benchmarks). The "
        "same --seed gives the same data; every claim is assessed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=10_000)
        parser.add_argument(
            "--sources",
            type=int,
            default=None,
            help="Default: a fifth of the claims (at least 1,000).",
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, claims, sources, seed, **options):
        sources = max(1000, claims // 5) if sources is None else sources
        if claims < 1 or sources < 10:
            raise CommandError("Give at least 1 claim and 10 sources.")
        with tqdm(total=claims, unit="claims", file=self.stderr, smoothing=0.1) as progress:
            try:
                vocabulary = generate(
                    size=DemoSize(claims=claims, sources=sources),
                    seed=seed,
                    progress=progress.update,
                )
            except AlreadyGenerated as refusal:
                raise CommandError(f"{refusal} Use another --seed or a fresh database.") from None
        for generate_more in FOLLOWING_GENERATORS:
            self.stdout.write(generate_more(seed=seed))
        self.stdout.write(
            f"Generated {claims} demo claims. A common word: {vocabulary.common_word!r}; "
            f"a rare one: {vocabulary.rare_word!r}; a Russian word in a form no claim "
            f"uses: {vocabulary.common_russian_word!r}; a Kazakh one: "
            f"{vocabulary.kazakh_word!r}."
        )
