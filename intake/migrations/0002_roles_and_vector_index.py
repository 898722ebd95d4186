from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like claims/migrations/0003: what the roles may do with tips and
# external reviews. Only editors see how to reach the reader behind a tip.
FACT_CHECKERS = [
    ("intake", "view_tip"),
    ("intake", "change_tip"),
    ("intake", "view_externalreview"),
    ("intake", "add_externalreview"),
    ("intake", "change_externalreview"),
]
EDITORS = [*FACT_CHECKERS, ("intake", "view_tip_contact"), ("intake", "delete_tip")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label="intake", codename__in={codename for _, codename in pairs}
    )
    return list(found)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("intake")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, pairs in (("Fact-checkers", FACT_CHECKERS), ("Editors", EDITORS)):
        for group in Group.objects.filter(name=name):
            group.permissions.add(*_permissions(apps, pairs))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, pairs in (("Fact-checkers", FACT_CHECKERS), ("Editors", EDITORS)):
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, pairs))


# Where the pgvector extension can be installed (the embedded PostgreSQL 16 has it), the
# nearest embeddings are found through HNSW indexes over the real[] column cast to vector,
# one per encoder (intake/encoders.py). Elsewhere nothing is created and matching uses the
# full-text candidates alone (intake/similarity.py).
VECTOR_INDEXES = {"use-m3": 512, "e5-small-q4": 384}


def vector_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        for model, dimensions in VECTOR_INDEXES.items():
            name = "embedding_hnsw_" + model.replace("-", "_")
            for column in ("claim_id", "review_id"):
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name}_{column[:-3]} ON intake_embedding "
                    f"USING hnsw ((vector::vector({dimensions})) vector_cosine_ops) "
                    f"WHERE {column} IS NOT NULL AND model = '{model}'"
                )


def drop_vector_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for model in VECTOR_INDEXES:
            name = "embedding_hnsw_" + model.replace("-", "_")
            for column in ("claim", "review"):
                cursor.execute(f"DROP INDEX IF EXISTS {name}_{column}")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("claims", "0012_claim_duplicate_of"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(vector_indexes, drop_vector_indexes),
    ]
