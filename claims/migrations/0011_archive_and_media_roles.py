from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like 0003: what the roles may do with archived copies, link
# checks, media evidence and the background queue's results.
FACT_CHECKERS = [
    ("sources", "add_mediafile"),
    ("sources", "change_mediafile"),
    ("sources", "view_mediafile"),
    ("sources", "view_snapshot"),
    ("sources", "view_linkstate"),
    ("django_tasks_database", "view_dbtaskresult"),
]
EDITORS = [*FACT_CHECKERS, ("sources", "delete_mediafile")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs},
        codename__in={codename for _, codename in pairs},
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in set(pairs)]


def grant(apps, schema_editor):
    for label in ("sources", "django_tasks_database"):
        app_config = apps.get_app_config(label)
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
    dependencies = [
        ("claims", "0010_reader_labels"),
        ("sources", "0003_archives_links_media"),
        ("django_tasks_database", "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
