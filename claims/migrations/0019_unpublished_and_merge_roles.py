from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like 0003: seeing unpublished work is the roles' (not the staff
# flag's), and merging duplicates is the editors'.
FACT_CHECKERS = [("claims", "view_unpublished")]
EDITORS = [*FACT_CHECKERS, ("claims", "merge_claim")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs},
        codename__in={codename for _, codename in pairs},
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in set(pairs)]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("claims")
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


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_version_trigger_without_search_vector")]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["-updated_at", "-id"],
                "permissions": [
                    ("assign_claim", "Can assign claims to fact-checkers"),
                    ("view_unpublished", "Can see unpublished work (drafts, sources, outlets)"),
                    ("merge_claim", "Can merge a claim into the claim it duplicates"),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
