"""The HNSW indexes that find the nearest stored embeddings, where the pgvector extension
can be installed (the embedded PostgreSQL 16 has it; the machine's PostgreSQL 15 does not).

One index per encoder (intake/encoders.py) and per kind of row (claims, reviews), over the
``real[]`` column cast to ``vector``: partial, so each covers one model's vectors of one
kind. Where pgvector is missing nothing is created and matching uses the full-text
candidates alone (intake/similarity.py).

Building an HNSW index over a large archive at once is much faster than growing it one
insert at a time: ``manage.py vector_indexes --drop`` before a first ``embed_claims`` of
a large archive, ``manage.py vector_indexes`` after.
"""

from intake.encoders import ENCODERS

DIMENSIONS = {encoder.name: encoder.dimensions for encoder in ENCODERS.values()}
KINDS = ("claim", "review")
NAMES = {
    f"embedding_hnsw_{model.replace('-', '_')}_{kind}": (model, kind)
    for model in DIMENSIONS
    for kind in KINDS
}


def available(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def _present(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(NAMES)])
        return [row[0] for row in cursor.fetchall()]


def missing(connection) -> list[str]:
    """The indexes that pgvector would allow and that do not exist."""
    if not available(connection):
        return []
    present = set(_present(connection))
    return [name for name in NAMES if name not in present]


def create(connection) -> list[str]:
    """Install pgvector if the server offers it and create the indexes that are missing;
    returns their names (none without pgvector)."""
    names = missing(connection)
    if not names:
        return []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        for name in names:
            model, kind = NAMES[name]
            cursor.execute(
                f"CREATE INDEX {name} ON intake_embedding "
                f"USING hnsw ((vector::vector({DIMENSIONS[model]})) vector_cosine_ops) "
                f"WHERE {kind}_id IS NOT NULL AND model = '{model}'"
            )
    return names


def drop(connection) -> list[str]:
    """Drop the indexes that exist; returns their names."""
    present = _present(connection)
    with connection.cursor() as cursor:
        for name in present:
            cursor.execute(f"DROP INDEX {name}")
    return present
