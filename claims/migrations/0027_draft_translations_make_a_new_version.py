from django.db import migrations

from claims.search_document import VERDICT_TRANSLATION_CHANGED_SQL

# What 0024 installed: a change of a verdict's translation touched its claim only.
BEFORE = """
CREATE OR REPLACE FUNCTION claims_verdict_translation_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_claim c SET updated_at = clock_timestamp()
    WHERE c.current_verdict_id IN (
        SELECT (CASE WHEN TG_OP = 'DELETE' THEN OLD.verdict_id ELSE NEW.verdict_id END)
        UNION SELECT (CASE WHEN TG_OP = 'UPDATE' THEN OLD.verdict_id END)
    );
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    """A change of a draft verdict's translation is a new version of the draft, whatever
    path it takes (claims/search_document.py)."""

    dependencies = [("claims", "0026_translatable_labels")]

    operations = [migrations.RunSQL(VERDICT_TRANSLATION_CHANGED_SQL, BEFORE)]
