from django.db import migrations

from claims.overview import INSTALL_SQL, RECOUNT_SQL


class Migration(migrations.Migration):
    """The overview counts also count published claims per claimant and per event."""

    dependencies = [
        ("claims", "0015_list_indexes"),
    ]

    operations = [
        migrations.RunSQL(INSTALL_SQL + RECOUNT_SQL, migrations.RunSQL.noop),
    ]
