from core.audited_command import AuditedCommand
from figures.demo_data import generate_figures


class Command(AuditedCommand):
    help = (
        "Add demo quantities and figures (one figure per five claims) to a database that "
        "holds demo claims without them; generate_demo_data runs this itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, seed, **options):
        self.stdout.write(f"Generated {generate_figures(seed=seed)} demo figures.")
