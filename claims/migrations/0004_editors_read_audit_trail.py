from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like 0003: the permission that opens the audit trail.
AUDIT_PERMISSION = ("pghistory", "view_events")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pghistory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = AUDIT_PERMISSION
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name="Editors").permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = AUDIT_PERMISSION
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*permission)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_roles"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
