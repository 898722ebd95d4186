"""Outlet countries become ISO 3166-1 codes: this step rewrites today's names as codes
(in the outlets and their history) before the column narrows to two letters, and prints
the outlets whose country it could not read (their country is left empty to fill in)."""

import sys

from django.db import migrations


def names_to_codes(apps, schema_editor):
    from sources.countries import convert_names

    unread = convert_names(
        apps.get_model("sources", "Outlet"),
        apps.get_model("sources", "OutletHistory"),
        label="Outlet",
    )
    if unread:
        sys.stdout.write(
            "\n  Countries not recognised (left empty; set them in the admin):\n    "
            + "\n    ".join(unread)
            + "\n"
        )


class Migration(migrations.Migration):
    dependencies = [("sources", "0004_snapshot_title")]

    operations = [migrations.RunPython(names_to_codes, migrations.RunPython.noop)]
