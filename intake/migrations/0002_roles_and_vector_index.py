from django.contrib.auth.management import create_permissions
from django.db import migrations

from intake import vector_indexes as indexes

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


# HNSW indexes over the stored embeddings where pgvector can be installed; nothing
# elsewhere (intake/vector_indexes.py).
def vector_indexes(apps, schema_editor):
    indexes.create(schema_editor.connection)


def drop_vector_indexes(apps, schema_editor):
    indexes.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("claims", "0012_claim_duplicate_of"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(vector_indexes, drop_vector_indexes),
    ]
