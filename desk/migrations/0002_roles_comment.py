from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like claims/migrations/0003_roles.py: both roles comment and
# read their notifications.
BOTH = [
    ("desk", "add_comment"),
    ("desk", "change_comment"),
    ("desk", "delete_comment"),
    ("desk", "view_comment"),
    ("desk", "view_notification"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs},
        codename__in={codename for _, codename in pairs},
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in set(pairs)]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("desk")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Fact-checkers"]
    ):
        group.permissions.add(*_permissions(apps, BOTH))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Fact-checkers"]
    ):
        group.permissions.remove(*_permissions(apps, BOTH))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_comments_deadlines_notifications"),
        ("claims", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
