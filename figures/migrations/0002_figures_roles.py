from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like claims' 0003: what the roles may do with figures.
FACT_CHECKERS = [
    ("figures", codename)
    for codename in (
        "add_quantity",
        "change_quantity",
        "view_quantity",
        "add_figure",
        "change_figure",
        "view_figure",
        "view_changedfigureclaim",
    )
]
EDITORS = [*FACT_CHECKERS, ("figures", "delete_figure"), ("figures", "delete_quantity")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label="figures", codename__in={codename for _, codename in pairs}
    )
    return list(found)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("figures")
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
        ("figures", "0001_quantities_and_figures"),
        ("claims", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
