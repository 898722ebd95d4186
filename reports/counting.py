"""The desk statistics' counts (``DeskCount``), kept by the database in the transaction of
every write to claims, verdicts and tips, whatever its path (admin, API, commands, bulk
writes, the demo data's COPY).

What one row adds to, on the day (UTC) it happened, under its claim's event (0: none) and
under ``ALL_EVENTS`` (the desk's total, which a report for the whole desk reads):

- a claim: ``created`` on the day it was created; when it has been published, on the day
  of its first publication, ``published``, ``rating`` (its current verdict's rating),
  ``evidence`` (its evidence status), ``claimant`` and ``language`` (the primary subtag
  of the language it was made in: ``en`` for ``en-GB``); ``retracted`` on the day it was
  retracted. Rating, evidence status and event are read as they stand now, so a
  correction moves a claim from one rating to another on the day it was first published.
- a verdict of a claim: ``drafted`` (per author) on the day the draft was started; when
  published, ``verdicts`` and ``published_by`` (per editor) on that day, and
  ``corrections`` when it replaces an earlier verdict.
- a tip: ``tips`` (per status: what became of it) on the day it was received.
- a claim's change of workflow status, as it happens: ``researched`` (per person) when it
  goes from research to review, ``reviewed`` (per person) when it leaves review (sent
  back to research, or published). These are moments, not states: they are only added,
  and a recount finds them in the audit trail (``claims_claimhistory``).

Statement-level triggers subtract the keys of the rows as they were and add those of the
rows as they are, grouped, so a bulk update costs one small upsert. A claim's verdict keys
are computed with the claim's event: the claims trigger moves them when the event changes,
the verdicts trigger when a verdict changes. ``recount()`` rebuilds the table from the
rows and the audit trail (the tests compare it with the live counts).

A change to the SQL here needs a migration that runs INSTALL_SQL again.
"""

from django.db import connection, transaction

_DAY = "(({0}) AT TIME ZONE 'UTC')::date"

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION reports_verdict_keys(v claims_verdict, event bigint)
RETURNS TABLE (day date, event_id bigint, dimension text, key text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT {day_created}, event, 'drafted', v.author_id::text
    WHERE v.author_id IS NOT NULL
    UNION ALL
    SELECT {day_published}, event, 'verdicts', ''
    WHERE v.status = 'published'
    UNION ALL
    SELECT {day_published}, event, 'corrections', ''
    WHERE v.status = 'published' AND v.corrects_id IS NOT NULL
    UNION ALL
    SELECT {day_published}, event, 'published_by', v.published_by_id::text
    WHERE v.status = 'published' AND v.published_by_id IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION reports_claim_keys(c claims_claim)
RETURNS TABLE (day date, event_id bigint, dimension text, key text)
LANGUAGE sql STABLE AS $$
    SELECT {claim_created}, COALESCE(c.event_id, 0), 'created', ''
    UNION ALL
    SELECT {claim_published}, COALESCE(c.event_id, 0), d.dimension, d.key
    FROM (VALUES
        ('published', ''),
        ('rating', COALESCE(
            (SELECT v.rating FROM claims_verdict v WHERE v.id = c.current_verdict_id), '')),
        ('evidence', c.evidence_status),
        ('claimant', c.claimant_id::text){language}
    ) AS d (dimension, key)
    WHERE c.published_at IS NOT NULL
    UNION ALL
    SELECT {claim_retracted}, COALESCE(c.event_id, 0), 'retracted', ''
    WHERE c.retracted_at IS NOT NULL
    UNION ALL
    SELECT k.* FROM claims_verdict v, reports_verdict_keys(v, COALESCE(c.event_id, 0)) k
    WHERE v.claim_id = c.id
$$;

CREATE OR REPLACE FUNCTION reports_tip_keys(t intake_tip)
RETURNS TABLE (day date, event_id bigint, dimension text, key text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT {tip_received}, 0::bigint, 'tips', t.status
$$;

-- The moments a claim moved between workflow states, from its row before and after.
CREATE OR REPLACE FUNCTION reports_moves(
    before_status text, after_status text, at timestamptz, event bigint, person integer
)
RETURNS TABLE (day date, event_id bigint, dimension text, key text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT {moved_at}, COALESCE(event, 0), 'researched', person::text
    WHERE before_status = 'researching' AND after_status = 'in_review'
      AND person IS NOT NULL
    UNION ALL
    SELECT {moved_at}, COALESCE(event, 0), 'reviewed', person::text
    WHERE before_status = 'in_review' AND after_status IN ('researching', 'published')
      AND person IS NOT NULL
$$;
"""

# Add the keys of the new rows, subtract those of the old; one upsert in key order (two
# statements touching the same counts lock them in the same order).
_APPLY = """
        INSERT INTO reports_deskcount (day, event_id, dimension, key, count)
            SELECT day, e.event_id, dimension, key, sum(sign) FROM ({rows}) AS delta,
                LATERAL (VALUES (delta.event_id), (ALL_EVENTS)) AS e (event_id)
            GROUP BY dimension, day, e.event_id, key HAVING sum(sign) <> 0
            ORDER BY dimension, day, e.event_id, key
        ON CONFLICT (dimension, day, event_id, key)
            DO UPDATE SET count = reports_deskcount.count + EXCLUDED.count;"""

_CLAIM_NEW = "SELECT 1 AS sign, k.* FROM new_rows n, reports_claim_keys(n) k"
_CLAIM_OLD = "SELECT -1 AS sign, k.* FROM old_rows o, reports_claim_keys(o) k"
_CLAIM_MOVES = """SELECT 1 AS sign, k.* FROM old_rows o JOIN new_rows n ON n.id = o.id,
            reports_moves(o.status, n.status, now(), n.event_id, n.updated_by_id) k
            WHERE o.status <> n.status"""
_VERDICT_NEW = """SELECT 1 AS sign, k.* FROM new_rows n JOIN claims_claim c ON c.id = n.claim_id,
            reports_verdict_keys(n, COALESCE(c.event_id, 0)) k"""
_VERDICT_OLD = """SELECT -1 AS sign, k.* FROM old_rows o JOIN claims_claim c ON c.id = o.claim_id,
            reports_verdict_keys(o, COALESCE(c.event_id, 0)) k"""
_TIP_NEW = "SELECT 1 AS sign, k.* FROM new_rows n, reports_tip_keys(n) k"
_TIP_OLD = "SELECT -1 AS sign, k.* FROM old_rows o, reports_tip_keys(o) k"

_TRIGGER = """
CREATE OR REPLACE FUNCTION reports_{name}_count_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{apply_new}
    ELSIF TG_OP = 'DELETE' THEN{apply_old}
    ELSE{apply_both}
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS reports_count_insert ON {table};
DROP TRIGGER IF EXISTS reports_count_update ON {table};
DROP TRIGGER IF EXISTS reports_count_delete ON {table};
CREATE TRIGGER reports_count_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_{name}_count_changes();
CREATE TRIGGER reports_count_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_{name}_count_changes();
CREATE TRIGGER reports_count_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_{name}_count_changes();
"""


def _trigger(name: str, table: str, new: str, old: str, moves: str = "") -> str:
    both = f"{new} UNION ALL {old}" + (f" UNION ALL {moves}" if moves else "")
    return _TRIGGER.format(
        name=name,
        table=table,
        apply_new=_APPLY.format(rows=new),
        apply_old=_APPLY.format(rows=old),
        apply_both=_APPLY.format(rows=both),
    )


_TABLES = {"claim": "claims_claim", "verdict": "claims_verdict", "tip": "intake_tip"}

# Every key is counted twice: under its claim's event (0: none) and under ALL_EVENTS, the
# desk's total, so a report for the whole desk reads a row per day and key.
ALL_EVENTS = -1


def install_sql(*, by_language: bool = True) -> str:
    """The functions and triggers. Without ``by_language``, as the first migration made
    them, before claims had a language (reports/migrations/0002 adds it)."""
    functions = _FUNCTIONS.format(
        day_created=_DAY.format("v.created_at"),
        day_published=_DAY.format("v.published_at"),
        claim_created=_DAY.format("c.created_at"),
        claim_published=_DAY.format("c.published_at"),
        claim_retracted=_DAY.format("c.retracted_at"),
        tip_received=_DAY.format("t.received_at"),
        moved_at=_DAY.format("at"),
        language=",\n        ('language', lower(split_part(c.language, '-', 1)))"
        if by_language
        else "",
    )
    return (
        functions
        + _trigger("claim", "claims_claim", _CLAIM_NEW, _CLAIM_OLD, _CLAIM_MOVES)
        + _trigger("verdict", "claims_verdict", _VERDICT_NEW, _VERDICT_OLD)
        + _trigger("tip", "intake_tip", _TIP_NEW, _TIP_OLD)
    ).replace("ALL_EVENTS", str(ALL_EVENTS))


INSTALL_SQL = install_sql()

UNINSTALL_SQL = (
    "".join(
        f"""
DROP TRIGGER IF EXISTS reports_count_insert ON {table};
DROP TRIGGER IF EXISTS reports_count_update ON {table};
DROP TRIGGER IF EXISTS reports_count_delete ON {table};
DROP FUNCTION IF EXISTS reports_{name}_count_changes();"""
        for name, table in _TABLES.items()
    )
    + """
DROP FUNCTION IF EXISTS reports_claim_keys(claims_claim);
DROP FUNCTION IF EXISTS reports_verdict_keys(claims_verdict, bigint);
DROP FUNCTION IF EXISTS reports_tip_keys(intake_tip);
DROP FUNCTION IF EXISTS reports_moves(text, text, timestamptz, bigint, integer);
"""
)

# Every key from the rows as they stand, and the moves from the audit trail: each history
# row of a claim against the one before it.
RECOUNT_SQL = f"""
DELETE FROM reports_deskcount;
INSERT INTO reports_deskcount (day, event_id, dimension, key, count)
    SELECT k.day, e.event_id, k.dimension, k.key, count(*) FROM (
        SELECT k.* FROM claims_claim c, reports_claim_keys(c) k
        UNION ALL
        SELECT k.* FROM intake_tip t, reports_tip_keys(t) k
        UNION ALL
        SELECT k.* FROM (
            SELECT h.*, lag(h.status) OVER (PARTITION BY h.pgh_obj_id ORDER BY h.pgh_id)
                AS before_status
            FROM claims_claimhistory h
        ) h, reports_moves(h.before_status, h.status, h.pgh_created_at, h.event_id,
                           h.updated_by_id) k
        WHERE h.pgh_label = 'update' AND h.before_status <> h.status
    ) k, LATERAL (VALUES (k.event_id), ({ALL_EVENTS})) AS e (event_id)
    GROUP BY k.dimension, k.day, e.event_id, k.key;
"""

# What the statistics read besides the counts: claims by the moment of their first
# publication, with what the durations need beside it.
INDEX_SQL = """
CREATE INDEX IF NOT EXISTS reports_claim_first_published_idx ON claims_claim
    (published_at) INCLUDE (created_at, event_id) WHERE published_at IS NOT NULL;
"""
DROP_INDEX_SQL = "DROP INDEX IF EXISTS reports_claim_first_published_idx;"


def recount() -> None:
    """Rebuild every count from the rows and the audit trail (locks the three tables
    against writes while it runs, so no change is counted twice or missed)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "LOCK TABLE claims_claim, claims_verdict, intake_tip, claims_claimhistory IN SHARE MODE"
        )
        cursor.execute(RECOUNT_SQL)
