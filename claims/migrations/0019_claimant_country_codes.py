"""Claimant countries become ISO 3166-1 codes: this step rewrites today's names as codes
(in the claimants and their history) before the column narrows to two letters, and
prints the claimants whose country it could not read (left empty to fill in)."""

import sys

from django.db import migrations


def names_to_codes(apps, schema_editor):
    from sources.countries import convert_names

    unread = convert_names(
        apps.get_model("claims", "Claimant"),
        apps.get_model("claims", "ClaimantHistory"),
        label="Claimant",
    )
    if unread:
        sys.stdout.write(
            "\n  Countries not recognised (left empty; set them in the admin):\n    "
            + "\n    ".join(unread)
            + "\n"
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_version_trigger_without_search_vector")]

    operations = [migrations.RunPython(names_to_codes, migrations.RunPython.noop)]
