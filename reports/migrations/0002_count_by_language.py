from django.db import migrations

from reports.counting import RECOUNT_SQL, install_sql


class Migration(migrations.Migration):
    """Published claims are counted by language too (the language's primary subtag)."""

    dependencies = [
        ("claims", "0025_translation_roles"),
        ("reports", "0001_desk_counts"),
    ]

    operations = [
        migrations.RunSQL(
            install_sql() + RECOUNT_SQL,
            install_sql(by_language=False) + RECOUNT_SQL,
        ),
    ]
