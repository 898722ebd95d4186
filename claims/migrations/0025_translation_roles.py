from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose, like 0003: both roles translate claims and verdicts (the
# services leave a published claim's and a published verdict's translations to editors).
FACT_CHECKERS = [
    ("claims", f"{action}_{model}")
    for model in ("claimtranslation", "verdicttranslation")
    for action in ("add", "change", "delete", "view")
]
EDITORS = FACT_CHECKERS


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label="claims", codename__in={codename for _, codename in pairs}
    )
    return list(found)


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
    dependencies = [("claims", "0024_languages_and_translations")]

    operations = [migrations.RunPython(grant, revoke)]
