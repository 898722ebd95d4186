from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here on purpose: a later change of roles is a new migration.
FACT_CHECKER_PERMISSIONS = {
    "claims": {
        "claim": ["add", "change", "view"],
        "evidence": ["add", "change", "delete", "view"],
        "appearance": ["add", "change", "delete", "view"],
        "verdict": ["add", "change", "view"],
        "claimant": ["add", "change", "view"],
        "event": ["add", "change", "view"],
    },
    "sources": {
        "source": ["add", "change", "view"],
        "outlet": ["add", "change", "view"],
    },
}
EDITOR_EXTRA = {
    "claims": {"claim": ["delete"], "verdict": ["delete"], "claimant": ["delete"], "event": ["delete"]},
    "sources": {"source": ["delete"], "outlet": ["delete"]},
}
EDITOR_CUSTOM = [("claims", "publish_verdict"), ("claims", "assign_claim")]


def _codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        pairs = list(pairs)
        found = list(
            Permission.objects.filter(
                content_type__app_label__in={a for a, _ in pairs},
                codename__in={c for _, c in pairs},
            )
        )
        wanted = set(pairs)
        return [p for p in found if (p.content_type.app_label, p.codename) in wanted]

    fact_checkers, _ = Group.objects.get_or_create(name="Fact-checkers")
    fact_checkers.permissions.set(permissions(_codenames(FACT_CHECKER_PERMISSIONS)))

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(
        permissions(
            [*_codenames(FACT_CHECKER_PERMISSIONS), *_codenames(EDITOR_EXTRA), *EDITOR_CUSTOM]
        )
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Fact-checkers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
