from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like claims/migrations/0003_roles.py: editors manage webhook
# subscriptions (admin and API).
EDITORS = [("webhooks", "manage_webhooks")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs},
        codename__in={codename for _, codename in pairs},
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in set(pairs)]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.add(*_permissions(apps, EDITORS))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(*_permissions(apps, EDITORS))


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_subscriptions"),
        ("claims", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
