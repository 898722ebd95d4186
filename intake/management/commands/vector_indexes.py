import time

from django.core.management.base import BaseCommand
from django.db import connection

from intake import vector_indexes


class Command(BaseCommand):
    help = (
        "Create the HNSW indexes for similar-claim matching where the pgvector extension is "
        "available (after installing it on a server migrated without it, or after a large "
        "first embed_claims), or drop them with --drop before one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--drop", action="store_true", help="drop the indexes instead")

    def handle(self, *args, drop, **options):
        if drop:
            names = vector_indexes.drop(connection)
            self.stdout.write(f"Dropped {len(names)} vector indexes.")
            return
        if not vector_indexes.available(connection):
            self.stdout.write(
                "This PostgreSQL has no pgvector extension: similar-claim matching uses the "
                "full-text candidates alone."
            )
            return
        started = time.perf_counter()
        names = vector_indexes.create(connection)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Created {len(names)} vector indexes in {seconds:.1f} s.")
