"""The desk statistics recounted from the rows themselves, with the ORM and Python,
independently of the counts table and its SQL: what the reports must agree with."""

from collections import Counter
from datetime import UTC, datetime, time

from django.apps import apps

from claims.models import Claim, Verdict
from intake.models import Tip


def moment(day):
    return datetime.combine(day, time(), tzinfo=UTC)


def percentile(values, fraction):
    """PostgreSQL's percentile_cont: linear between the two nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 1)


def hours(delta):
    return delta.total_seconds() / 3600


def recount(period, *, event=None) -> dict:
    """{row key: value} for the summary, and {table: {key: value}} for the others."""
    start, end = moment(period.start), moment(period.end)
    claims = Claim.objects.all() if event is None else Claim.objects.filter(event=event)
    published = claims.filter(published_at__gte=start, published_at__lt=end)
    verdicts = Verdict.objects.published().filter(
        published_at__gte=start, published_at__lt=end, claim__in=claims
    )
    corrections = verdicts.filter(corrects__isnull=False).select_related("corrects")
    tips = Counter(
        Tip.objects.filter(received_at__gte=start, received_at__lt=end).values_list(
            "status", flat=True
        )
    )
    to_publish = [hours(c.published_at - c.created_at) for c in published]
    from_tips = [
        hours(t.claim.published_at - t.received_at)
        for t in Tip.objects.filter(status="claimed", claim__in=published).select_related("claim")
    ]
    to_correct = [hours(v.published_at - v.corrects.published_at) for v in corrections]
    share = round(100 * corrections.count() / verdicts.count(), 1) if verdicts.count() else None
    summary = {
        "claims_created": claims.filter(created_at__gte=start, created_at__lt=end).count(),
        "claims_published": published.count(),
        "claims_retracted": claims.filter(retracted_at__gte=start, retracted_at__lt=end).count(),
        "publish_median": percentile(to_publish, 0.5),
        "publish_p90": percentile(to_publish, 0.9),
        "tip_median": percentile(from_tips, 0.5),
        "tip_p90": percentile(from_tips, 0.9),
        "verdicts_published": verdicts.count(),
        "corrections": corrections.count(),
        "correction_share": share,
        "correction_median": percentile(to_correct, 0.5),
        "tips_received": sum(tips.values()),
        **{f"tips_{status}": tips[status] for status in Tip.Status.values},
    }
    ratings = Counter(r or "" for r in published.values_list("current_verdict__rating", flat=True))
    claimants = Counter(str(pk) for pk in published.values_list("claimant_id", flat=True))
    spoken = Counter(
        code.split("-")[0].lower() for code in published.values_list("language", flat=True)
    )
    return {
        "summary": summary,
        "by_rating": dict(ratings),
        "by_evidence_status": dict(Counter(published.values_list("evidence_status", flat=True))),
        "by_claimant": dict(claimants),
        "by_language": dict(spoken),
        "people": people(period, claims),
    }


def people(period, claims) -> dict:
    """{"<user id>:<figure>": count} from the verdicts and the audit trail."""
    start, end = moment(period.start), moment(period.end)
    found = Counter()
    verdicts = Verdict.objects.filter(claim__in=claims)
    for author in verdicts.filter(created_at__gte=start, created_at__lt=end).values_list(
        "author_id", flat=True
    ):
        if author:
            found[f"{author}:drafted"] += 1
    for publisher in (
        verdicts.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .values_list("published_by_id", flat=True)
    ):
        if publisher:
            found[f"{publisher}:published_by"] += 1
    before = {}
    events = (
        apps.get_model("claims", "ClaimHistory")
        .objects.filter(pgh_obj__in=claims)
        .order_by("pgh_id")
    )
    for event in events.values("pgh_obj_id", "status", "updated_by_id", "pgh_created_at"):
        was = before.get(event["pgh_obj_id"])
        before[event["pgh_obj_id"]] = event["status"]
        if not (start <= event["pgh_created_at"] < end) or not event["updated_by_id"]:
            continue
        if was == "researching" and event["status"] == "in_review":
            found[f"{event['updated_by_id']}:researched"] += 1
        if was == "in_review" and event["status"] in ("researching", "published"):
            found[f"{event['updated_by_id']}:reviewed"] += 1
    return dict(found)


def report_values(report, which: str = "current") -> dict:
    """The report in the recount's shape."""
    values = {}
    for table in report.tables:
        rows = {row.key: getattr(row, which) for row in table.rows}
        if table.name != "summary":
            rows = {key: value for key, value in rows.items() if value}
        values[table.name] = rows
    return values
