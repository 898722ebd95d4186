"""Every claim's stored assessment follows the rules of claims/assessment.py as they stand
after provenance, qualification, media origins and interested countries: reassess all."""

from django.db import migrations


def reassess(apps, schema_editor):
    from django.core.management import call_command

    if apps.get_model("claims", "Claim").objects.exists():
        call_command("reassess_claims")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0020_countries_stances_precision"),
        ("sources", "0006_provenance_verification_media_hash"),
    ]

    operations = [migrations.RunPython(reassess, migrations.RunPython.noop)]
