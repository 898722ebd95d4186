"""Page views: each fetches what its template shows, in a fixed number of queries."""

from datetime import datetime, time

from csp.decorators import csp_replace
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt

from claims.assessment import EvidenceStatus
from claims.claimreview import claim_review
from claims.models import Appearance, Claim, Claimant, Event, Evidence, Verdict
from claims.pages.charts import bars, last_months, monthly_bars
from claims.pages.evidence import evidence_columns
from claims.pages.forms import ClaimFilterForm
from claims.pages.methodology import methodology as methodology_context
from claims.ratings import SCALE
from factcheck.throttles import SearchThrottle
from sources.models import Outlet, Source

PAGE_SIZE = 20
QUEUE_LENGTH = 8
LATEST_VERDICTS = 8
LATEST_CORRECTIONS = 5
TOP_CLAIMANTS = 5
CHART_MONTHS = 12

VERDICT_LABELS = [(key, info.label) for key, info in SCALE.items()]
NEWEST_STATED = [F("stated_on").desc(nulls_last=True), "-id"]


def _page(request, rows):
    """One page of rows, fetched here rather than while the template renders."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def _queue(claims) -> dict:
    """The first claims of a work queue, oldest change first, and how many there are."""
    rows = list(
        claims.with_listing()
        .annotate(queue_length=Window(Count("pk")))
        .order_by("updated_at")[:QUEUE_LENGTH]
    )
    return {"claims": rows, "total": rows[0].queue_length if rows else 0}


def overview(request):
    published = Claim.objects.published()
    by_verdict = published.count_by_verdict()
    months = last_months(timezone.localdate(), CHART_MONTHS)
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    context = {
        "published_total": sum(by_verdict.values()),
        "verdict_bars": bars(by_verdict, VERDICT_LABELS),
        "status_bars": bars(published.count_by_evidence_status(), EvidenceStatus.choices),
        "monthly_bars": monthly_bars(published.count_by_month_published(since=since), months),
        "top_claimants": list(Claimant.objects.ranked_by_false_or_contradicted()[:TOP_CLAIMANTS]),
        # Each claim once, with its current verdict: a replaced verdict is not news.
        "latest_verdicts": list(
            Verdict.objects.public()
            .filter(claim__current_verdict=F("pk"))
            .select_related("claim__claimant")
            .order_by("-published_at")[:LATEST_VERDICTS]
        ),
        "latest_corrections": list(Verdict.objects.public_corrections()[:LATEST_CORRECTIONS]),
    }
    if request.user.is_staff:
        context["queues"] = [
            ("Waiting for review", _queue(Claim.objects.awaiting_review())),
            ("Needs evidence", _queue(Claim.objects.needs_evidence())),
            ("Verdict disagrees with the evidence", _queue(Claim.objects.verdict_disagreeing())),
        ]
    return render(request, "pages/overview.html", context)


def claim_list(request):
    if request.GET.get("q"):
        throttle = SearchThrottle()
        if not throttle.allow_request(request, None):
            wait = int(throttle.wait() or 60) + 1
            response = render(request, "429.html", {"wait": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
    form = ClaimFilterForm(request.GET, staff=request.user.is_staff)
    if not form.is_valid():
        return render(request, "pages/claim_list.html", {"form": form}, status=400)
    claims = form.filter(Claim.objects.visible_to(request.user).with_listing())
    return render(request, "pages/claim_list.html", {"form": form, "page": _page(request, claims)})


def claim_detail(request, pk):
    claim = (
        Claim.objects.visible_to(request.user)
        .with_listing()
        .with_claimreview()
        .filter(pk=pk)
        .first()
    )
    if claim is not None and claim.duplicate_of_id is not None:
        return redirect("claim-detail", pk=claim.duplicate_of_id, permanent=True)
    if claim is None:
        # A withdrawn fact-check keeps a public notice with its reason (410: gone).
        retracted = get_object_or_404(Claim.objects.retracted().select_related("claimant"), pk=pk)
        return render(request, "pages/claim_retracted.html", {"claim": retracted}, status=410)
    evidence = list(
        claim.evidence.select_related("source__outlet", "source__link__archived").order_by("id")
    )
    verdicts = list(
        claim.verdicts.visible_to(request.user).order_by(
            F("published_at").desc(nulls_first=True), "-created_at"
        )
    )
    by_id = {verdict.pk: verdict for verdict in verdicts}
    for verdict in verdicts:
        verdict.replaces = by_id.get(verdict.corrects_id)
    context = {
        "claim": claim,
        "appearances": claim.appearances.all(),
        "columns": evidence_columns(claim, evidence, user=request.user),
        "verdicts": verdicts,
        # Other fact-checkers' reviews an editor confirmed are about this claim (intake).
        "also_checked_by": list(claim.external_reviews.order_by("-review_date", "pk")),
        "embed_code": format_html(
            '<iframe src="{}" title="Fact-check: {}" width="420" height="260" style="border:0"></iframe>',
            _site_url(reverse("claim-embed", kwargs={"pk": claim.pk})),
            claim.summary,
        ),
    }
    if claim.is_published and claim.current_verdict is not None:
        context["claimreview"] = claim_review(
            claim,
            site_url=settings.FACTCHECK_SITE_URL,
            publisher_name=settings.FACTCHECK_PUBLISHER_NAME,
            publisher_url=settings.FACTCHECK_PUBLISHER_URL,
        )
    return render(request, "pages/claim_detail.html", context)


def claimant_detail(request, slug):
    claimant = get_object_or_404(Claimant.objects.visible_to(request.user), slug=slug)
    claims = Claim.objects.visible_to(request.user).filter(claimant=claimant)
    track_record = Claim.objects.published().filter(claimant=claimant).count_by_verdict()
    context = {
        "claimant": claimant,
        "affiliations": list(claimant.affiliations.visible_to(request.user)),
        "track_record": bars(track_record, VERDICT_LABELS),
        "checked_total": sum(track_record.values()),
        "page": _page(request, claims.with_listing().order_by(*NEWEST_STATED)),
    }
    return render(request, "pages/claimant_detail.html", context)


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    claims = Claim.objects.visible_to(request.user).filter(event=event).with_listing()
    by_verdict = Claim.objects.published().filter(event=event).count_by_verdict()
    context = {
        "event": event,
        "verdict_bars": bars(by_verdict, VERDICT_LABELS),
        "checked_total": sum(by_verdict.values()),
        "page": _page(request, claims.order_by(F("stated_on").asc(nulls_last=True), "id")),
    }
    return render(request, "pages/event_detail.html", context)


def source_detail(request, pk):
    user = request.user
    source = get_object_or_404(
        Source.objects.visible_to(user).with_outlet().select_related("link__archived"), pk=pk
    )
    with_claim = ("claim__claimant", "claim__current_verdict")
    uses = list(
        Evidence.objects.visible_to(user)
        .filter(source=source)
        .select_related(*with_claim)
        .order_by(F("claim__stated_on").desc(nulls_last=True), "claim_id")
    )
    context = {
        "source": source,
        "supports": [e for e in uses if e.stance == Evidence.Stance.SUPPORTS],
        "contradicts": [e for e in uses if e.stance == Evidence.Stance.CONTRADICTS],
        "context_for": [e for e in uses if e.stance == Evidence.Stance.CONTEXT],
        "appearances": list(
            Appearance.objects.visible_to(user).filter(source=source).select_related(*with_claim)
        ),
        "cites": list(source.cites.visible_to(user).with_outlet()),
        "cited_by": list(source.cited_by.visible_to(user).with_outlet()),
        "media": list(source.media.all()),
    }
    return render(request, "pages/source_detail.html", context)


def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet.objects.visible_to(request.user), slug=slug)
    evidence = Evidence.objects.visible_to(request.user).filter(source__outlet=outlet)
    stance_counts = dict(evidence.order_by().values_list("stance").annotate(Count("pk")))
    context = {
        "outlet": outlet,
        "stance_counts": [
            (label, stance_counts.get(stance, 0)) for stance, label in Evidence.Stance.choices
        ],
        "affiliated_claimants": list(outlet.affiliated_claimants.visible_to(request.user)),
        "page": _page(
            request,
            evidence.select_related("source", "claim__claimant", "claim__current_verdict").order_by(
                "stance", F("claim__stated_on").desc(nulls_last=True), "id"
            ),
        ),
    }
    return render(request, "pages/outlet_detail.html", context)


def methodology(request):
    return render(request, "pages/methodology.html", methodology_context())


@xframe_options_exempt
@csp_replace({"frame-ancestors": None})  # any site may frame the card
def claim_embed(request, pk):
    claim = get_object_or_404(Claim.objects.published().with_listing(), pk=pk)
    return render(
        request,
        "embed/claim_card.html",
        {"claim": claim, "claim_url": _site_url(claim.get_absolute_url())},
    )


def _site_url(path: str) -> str:
    """An absolute address on the public site, for links read outside it."""
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path
