import django.db.models.deletion
from django.db import migrations, models

# The queue as it stands, for the figures already there (the same rule as
# figures.models._due, in SQL: the models of the day may differ from today's).
FILL = """
INSERT INTO figures_changedsinceverdict (claim_id)
SELECT DISTINCT link.claim_id
FROM figures_figure_claims link
JOIN figures_figure figure ON figure.id = link.figure_id
JOIN claims_claim claim ON claim.id = link.claim_id
JOIN claims_verdict verdict ON verdict.id = claim.current_verdict_id
WHERE figure.standing = 'revised' AND claim.status = 'published'
  AND figure.revised_on > COALESCE(verdict.holds_as_of, verdict.published_at::date)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0023_merge_20261202_1119"),
        ("figures", "0002_figures_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChangedSinceVerdict",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
