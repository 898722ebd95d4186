"""The overview's aggregates in constant time: counts kept in ``OverviewCount`` by the
database, in the transaction of every write to claims.

``claims_overview_keys(claim)`` says which counts one claim row adds to (its verdict and
evidence status when published, its month of first publication, its claimant when it is
published and rated false or mostly false or contradicted, its workflow status, the staff
queues it is in, and its claimant and event when published: the claims page's filters
offer those with a published claim). A statement-level trigger on ``claims_claim`` subtracts the keys of the
rows as they were and adds those of the rows as they are, once per statement and grouped,
so a bulk update of thousands of claims costs one small upsert. The months are calendar
months in UTC (the project's TIME_ZONE). ``recount()`` rebuilds the table from the claims
(after a change of these rules; the tests compare it with the live counts).

A change to the SQL here needs a migration that runs INSTALL_SQL again.
"""

from datetime import date

from django.db import connection, models, transaction

from claims.models import Claimant, OverviewCount

_INSTALL_TEMPLATE = """
CREATE OR REPLACE FUNCTION claims_overview_keys(c claims_claim)
RETURNS TABLE (dimension text, key text) LANGUAGE sql STABLE AS $$
    WITH rated AS (
        SELECT (SELECT v.rating FROM claims_verdict v WHERE v.id = c.current_verdict_id)
            AS rating
    )
    SELECT 'status', c.status
    UNION ALL
    SELECT 'verdict', COALESCE(rated.rating, '') FROM rated WHERE c.status = 'published'
    UNION ALL
    SELECT 'evidence', c.evidence_status WHERE c.status = 'published'
    UNION ALL
    SELECT 'month', to_char(c.published_at AT TIME ZONE 'UTC', 'YYYY-MM-01')
    WHERE c.status = 'published' AND c.published_at IS NOT NULL
    UNION ALL
    SELECT 'refuted', c.claimant_id::text FROM rated
    WHERE c.status = 'published'
      AND (rated.rating IN ('false', 'mostly_false') OR c.evidence_status = 'contradicted')
    UNION ALL
    SELECT 'claimant', c.claimant_id::text WHERE c.status = 'published'
    UNION ALL
    SELECT 'event', c.event_id::text WHERE c.status = 'published' AND c.event_id IS NOT NULL
    UNION ALL
    SELECT 'queue', 'needs_evidence'
    WHERE c.status = 'researching' AND c.evidence_status = 'unverified'
    UNION ALL
    SELECT 'queue', 'disagrees' WHERE c.verdict_disagrees
$$;

CREATE OR REPLACE FUNCTION claims_overview_count_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{apply_new}
    ELSIF TG_OP = 'DELETE' THEN{apply_old}
    ELSE{apply_both}
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS claims_overview_insert ON claims_claim;
DROP TRIGGER IF EXISTS claims_overview_update ON claims_claim;
DROP TRIGGER IF EXISTS claims_overview_delete ON claims_claim;
CREATE TRIGGER claims_overview_insert AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_overview_count_changes();
CREATE TRIGGER claims_overview_update AFTER UPDATE ON claims_claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_overview_count_changes();
CREATE TRIGGER claims_overview_delete AFTER DELETE ON claims_claim
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_overview_count_changes();
"""

# Add the keys of the new rows, subtract those of the old; one upsert in key order (two
# statements touching the same counts lock them in the same order).
_APPLY = """
        INSERT INTO claims_overviewcount (dimension, key, count)
            SELECT dimension, key, sum(sign) FROM ({rows}) AS delta
            GROUP BY dimension, key HAVING sum(sign) <> 0
            ORDER BY dimension, key
        ON CONFLICT (dimension, key)
            DO UPDATE SET count = claims_overviewcount.count + EXCLUDED.count;"""
_NEW = "SELECT 1 AS sign, k.* FROM new_rows n, claims_overview_keys(n) k"
_OLD = "SELECT -1 AS sign, k.* FROM old_rows o, claims_overview_keys(o) k"

INSTALL_SQL = _INSTALL_TEMPLATE.format(
    apply_new=_APPLY.format(rows=_NEW),
    apply_old=_APPLY.format(rows=_OLD),
    apply_both=_APPLY.format(rows=f"{_NEW} UNION ALL {_OLD}"),
)

UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS claims_overview_insert ON claims_claim;
DROP TRIGGER IF EXISTS claims_overview_update ON claims_claim;
DROP TRIGGER IF EXISTS claims_overview_delete ON claims_claim;
DROP FUNCTION IF EXISTS claims_overview_count_changes();
DROP FUNCTION IF EXISTS claims_overview_keys(claims_claim);
"""

RECOUNT_SQL = """
DELETE FROM claims_overviewcount;
INSERT INTO claims_overviewcount (dimension, key, count)
    SELECT k.dimension, k.key, count(*) FROM claims_claim c, claims_overview_keys(c) k
    GROUP BY k.dimension, k.key;
"""


def recount() -> None:
    """Rebuild every count from the claims (locks the claims table against writes while
    it runs, so no change is counted twice or missed)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE claims_claim IN SHARE MODE")
        cursor.execute(RECOUNT_SQL)


OVERVIEW_DIMENSIONS = ["status", "verdict", "evidence", "month", "queue"]


def counts() -> dict[str, dict[str, int]]:
    """{dimension: {key: count}} of the overview's non-zero counts (one query)."""
    found: dict[str, dict[str, int]] = {}
    rows = OverviewCount.objects.filter(dimension__in=OVERVIEW_DIMENSIONS, count__gt=0)
    for dimension, key, count in rows.values_list("dimension", "key", "count"):
        found.setdefault(dimension, {})[key] = count
    return found


def by_verdict(found: dict) -> dict:
    """As ``ClaimQuerySet.count_by_verdict`` of published claims (None: no verdict)."""
    return {key or None: n for key, n in found.get("verdict", {}).items()}


def by_month(found: dict, *, since: date) -> dict[date, int]:
    months = {date.fromisoformat(key): n for key, n in found.get("month", {}).items()}
    return {month: n for month, n in months.items() if month >= since}


def top_refuted_claimants(limit: int) -> list[Claimant]:
    """As ``Claimant.objects.ranked_by_false_or_contradicted()[:limit]``, from the counts
    (one query: the counts at or above the ``limit``-th largest, ties broken by name)."""
    refuted = OverviewCount.objects.filter(dimension="refuted", count__gt=0)
    threshold = refuted.order_by("-count").values("count")[limit - 1 : limit]
    counted = refuted.filter(
        count__gte=models.functions.Coalesce(models.Subquery(threshold), 1),
        key=models.functions.Cast(models.OuterRef("pk"), models.CharField()),
    )
    return list(
        Claimant.objects.annotate(false_or_contradicted=models.Subquery(counted.values("count")))
        .filter(false_or_contradicted__isnull=False)
        .order_by("-false_or_contradicted", "name")[:limit]
    )


def with_published_claims(dimension: str):
    """The ids of the claimants (``"claimant"``) or events (``"event"``) with at least one
    published claim, as a subquery: what ``public()`` answers, read from the counts."""
    return (
        OverviewCount.objects.filter(dimension=dimension, count__gt=0)
        .annotate(record_id=models.functions.Cast("key", models.BigIntegerField()))
        .values("record_id")
    )
