"""Page views: each fetches what its template shows, in a fixed number of queries."""

from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Count, Exists, F, OuterRef, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from claims import languages
from claims import overview as overview_counts
from claims.assessment import EvidenceStatus
from claims.assessment_service import relied_on
from claims.claimreview import claim_reviews, this_site
from claims.models import Appearance, Claim, Claimant, Event, Evidence, Verdict
from claims.ratings import SCALE
from core.charts import bars, last_months, monthly_bars
from core.http_cache import tag
from core.keyset import BadCursor, KeysetPage, Order, keyset_page
from core.models import sees_unpublished
from core.throttles import SearchThrottle
from desk.models import Deadline, is_overdue
from figures.models import changed_since_verdict, changed_since_verdict_count
from figures.reading import asserted_figures, claim_figures
from intake.models import ExternalReview
from newsroom.evidence import evidence_columns
from newsroom.forms import ClaimFilterForm
from newsroom.methodology import methodology as methodology_context
from newsroom.paging import ORDERS
from reports import public as public_figures
from sources.models import Outlet, Source

PAGE_SIZE = 20
QUEUE_LENGTH = 8
LATEST_VERDICTS = 8
LATEST_CORRECTIONS = 5
CORRECTIONS_PAGE_LENGTH = 100
TOP_CLAIMANTS = 5
CHART_MONTHS = 12

VERDICT_LABELS = [(key, info.rating.label) for key, info in SCALE.items()]  # lazy: per request


def _page(request, rows, order: Order) -> KeysetPage:
    """One keyset page of rows, fetched here rather than while the template renders."""
    try:
        return keyset_page(request, rows, order, PAGE_SIZE)
    except BadCursor as refusal:
        raise BadRequest(str(refusal)) from None


def _queue(claims, total: int) -> dict:
    """The first claims of a work queue, oldest change first (an index per queue serves
    the order), and how many there are (kept in the overview counts); each claim says
    whether its assignment is overdue (the desk's due dates)."""
    rows = list(
        claims.with_listing()
        .annotate(due_on=F("deadline__due_on"))
        .order_by("updated_at", "id")[:QUEUE_LENGTH]
    )
    today = timezone.localdate()
    for claim in rows:
        claim.overdue = is_overdue(claim.due_on, claim.status, today)
    return {"claims": rows, "total": total}


def _counted_queue(claims) -> dict:
    """A queue without a kept count: its first claims and the total, in one query."""
    found = _queue(claims.annotate(total=Window(Count("pk"))), 0)
    found["total"] = found["claims"][0].total if found["claims"] else 0
    return found


def _latest_current_verdicts():
    """The ids of the latest published verdicts that are their claim's current one: read
    down the index of published verdicts, each checked against its claim (a join the
    planner would otherwise guess wrong and run over every published claim)."""
    current = Claim.objects.published().filter(current_verdict=OuterRef("pk"))
    return (
        Verdict.objects.published()
        .filter(Exists(current))
        .order_by("-published_at")
        .values("pk")[:LATEST_VERDICTS]
    )


def overview(request):
    """Aggregates from the overview counts (claims/overview.py), lists from indexes: the
    same few queries at a hundred claims or a million."""
    tag(request, "overview", "claims")
    found = overview_counts.counts()
    by_verdict = overview_counts.by_verdict(found)
    months = last_months(timezone.localdate(), CHART_MONTHS)
    context = {
        "published_total": sum(by_verdict.values()),
        "verdict_bars": bars(by_verdict, VERDICT_LABELS),
        "status_bars": bars(found.get("evidence", {}), EvidenceStatus.choices),
        "monthly_bars": monthly_bars(overview_counts.by_month(found, since=months[0]), months),
        "top_claimants": overview_counts.top_refuted_claimants(TOP_CLAIMANTS),
        # Each claim once, with its current verdict: a replaced verdict is not news.
        "latest_verdicts": list(
            Verdict.objects.filter(pk__in=_latest_current_verdicts())
            .select_related("claim__claimant")
            .order_by("-published_at")
        ),
        "latest_corrections": list(Verdict.objects.public_corrections()[:LATEST_CORRECTIONS]),
    }
    if sees_unpublished(request.user):
        statuses, queues = found.get("status", {}), found.get("queue", {})
        overdue = Deadline.objects.overdue().values("pk")
        context["queues"] = [
            (
                _("Waiting for review"),
                _queue(Claim.objects.awaiting_review(), statuses.get(Claim.Status.IN_REVIEW, 0)),
            ),
            (
                _("Needs evidence"),
                _queue(Claim.objects.needs_evidence(), queues.get("needs_evidence", 0)),
            ),
            (
                _("Verdict disagrees with the evidence"),
                _queue(Claim.objects.verdict_disagreeing(), queues.get("disagrees", 0)),
            ),
            (_("Overdue"), _counted_queue(Claim.objects.filter(deadline__in=overdue))),
        ]
        changed = changed_since_verdict(Claim.objects.all())
        context["queues"].append(
            (
                _("Figures changed since the verdict"),
                _queue(changed, changed_since_verdict_count()),
            )
        )
    return render(request, "newsroom/overview.html", context)


def claim_list(request):
    if request.GET.get("q"):
        throttle = SearchThrottle()
        if not throttle.allow_request(request, None):
            wait = int(throttle.wait() or 60) + 1
            response = render(request, "429.html", {"wait": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
    form = ClaimFilterForm(request.GET, staff=sees_unpublished(request.user))
    if not form.is_valid():
        return render(request, "newsroom/claim_list.html", {"form": form}, status=400)
    claims = form.filter(Claim.objects.visible_to(request.user).with_listing())
    tag(request, "claims")
    try:
        page = _page(request, claims, form.order())
    except BadRequest as error:
        form.add_error(None, str(error))
        return render(request, "newsroom/claim_list.html", {"form": form}, status=400)
    return render(request, "newsroom/claim_list.html", {"form": form, "page": page})


def claim_detail(request, pk):
    reviewed = ExternalReview.objects.filter(confirmed_claim=OuterRef("pk"))
    claim = (
        Claim.objects.visible_to(request.user)
        .with_listing()
        .with_translated_claimreviews()
        .annotate(checked_elsewhere=Exists(reviewed), **asserted_figures())
        .filter(pk=pk)
        .first()
    )
    tag(request, f"claim-{pk}")
    # Readers are sent to the kept claim only when they may see it; otherwise the
    # duplicate's own page stays (a fact-check is never taken off the site by a merge).
    if (
        claim is not None
        and claim.duplicate_of_id is not None
        and Claim.objects.visible_to(request.user).filter(pk=claim.duplicate_of_id).exists()
    ):
        return redirect("claim-detail", pk=claim.duplicate_of_id, permanent=True)
    if claim is None:
        # A withdrawn fact-check keeps a public notice with its reason (410: gone).
        retracted = get_object_or_404(Claim.objects.retracted().select_related("claimant"), pk=pk)
        return render(request, "newsroom/claim_retracted.html", {"claim": retracted}, status=410)
    evidence = list(
        claim.evidence.select_related(
            "source__outlet", "source__speaker", "source__known_through", "source__link__archived"
        )
        .annotate(relies=relied_on())
        .order_by("id")
    )
    tag(request, *shown_keys(claim, evidence))
    verdicts = list(
        claim.verdicts.visible_to(request.user).order_by(
            F("published_at").desc(nulls_first=True), "-created_at"
        )
    )
    by_id = {verdict.pk: verdict for verdict in verdicts}
    for verdict in verdicts:
        verdict.replaces = by_id.get(verdict.corrects_id)
    appearances = list(claim.appearances.all())
    context = {
        "claim": claim,
        **_in_the_readers_language(claim),
        "appearances": appearances,
        "claimant_retraction": next((a for a in appearances if a.kind == a.Kind.RETRACTED), None),
        "figures": claim_figures(
            claim.pk,
            request.user,
            asserted=dict(zip(claim.asserted_figure_ids, claim.asserted_quantity_ids, strict=True)),
        ),
        "columns": evidence_columns(claim, evidence, user=request.user),
        "verdicts": verdicts,
        # Other fact-checkers' reviews an editor confirmed are about this claim (intake).
        "also_checked_by": (
            list(claim.external_reviews.order_by("-review_date", "pk"))
            if claim.checked_elsewhere
            else []
        ),
        "embed_code": format_html(
            '<iframe src="{}" title="{}" width="420" height="260" style="border:0"></iframe>',
            _site_url(reverse("claim-embed", kwargs={"pk": claim.pk})),
            _("Fact-check: %(summary)s") % {"summary": claim.summary},
        ),
    }
    if claim.has_claimreview:
        # The same reviews on every language's page: they describe the review as written
        # (its rating's name included), not the page's interface. The review, then one for
        # each translation of the verdict's rationale.
        with translation.override(settings.LANGUAGE_CODE):
            reviews = claim_reviews(claim, **this_site())
        context["claimreview"] = reviews[0] if len(reviews) == 1 else reviews
    return render(request, "newsroom/claim_detail.html", context)


def _in_the_readers_language(claim) -> dict:
    """The claim as the reader reads it: in a translation into the page's language when
    the desk has one, the original always one click away; the other translations listed."""
    page = languages.primary(translation.get_language() or settings.LANGUAGE_CODE)
    translations = list(claim.translations.all())
    reading = None
    if languages.primary(claim.language) != page:
        reading = next((t for t in translations if languages.primary(t.language) == page), None)
    for each in [claim, *translations]:
        each.language_name = languages.name(each.language, in_language=page)
    return {"reading": reading, "other_translations": [t for t in translations if t != reading]}


def claimant_detail(request, slug):
    claimant = get_object_or_404(Claimant.objects.visible_to(request.user), slug=slug)
    claims = Claim.objects.visible_to(request.user).filter(claimant=claimant)
    tag(request, f"claimant-{claimant.pk}", "claims")
    track_record = Claim.objects.published().filter(claimant=claimant).count_by_verdict()
    context = {
        "claimant": claimant,
        "affiliations": list(claimant.affiliations.visible_to(request.user)),
        "track_record": bars(track_record, VERDICT_LABELS),
        "checked_total": sum(track_record.values()),
        "page": _page(request, claims.with_listing(), ORDERS["newest"]),
    }
    return render(request, "newsroom/claimant_detail.html", context)


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    claims = Claim.objects.visible_to(request.user).filter(event=event).with_listing()
    tag(request, f"event-{event.pk}", "claims")
    by_verdict = Claim.objects.published().filter(event=event).count_by_verdict()
    context = {
        "event": event,
        "verdict_bars": bars(by_verdict, VERDICT_LABELS),
        "checked_total": sum(by_verdict.values()),
        "page": _page(request, claims, ORDERS["oldest"]),
    }
    return render(request, "newsroom/event_detail.html", context)


def source_detail(request, pk):
    user = request.user
    source = get_object_or_404(
        Source.objects.visible_to(user).with_outlet().select_related("link__archived"), pk=pk
    )
    with_claim = ("claim__claimant", "claim__current_verdict")
    tag(request, f"source-{source.pk}", f"outlet-{source.outlet_id}", "claims")
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
    return render(request, "newsroom/source_detail.html", context)


def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet.objects.visible_to(request.user), slug=slug)
    evidence = Evidence.objects.visible_to(request.user).filter(source__outlet=outlet)
    tag(request, f"outlet-{outlet.pk}", "claims")
    stance_counts = dict(evidence.order_by().values_list("stance").annotate(Count("pk")))
    context = {
        "outlet": outlet,
        "stance_counts": [
            (label, stance_counts.get(stance, 0)) for stance, label in Evidence.Stance.choices
        ],
        "affiliated_claimants": list(outlet.affiliated_claimants.visible_to(request.user)),
        "page": _page(
            request,
            evidence.select_related("source", "claim__claimant", "claim__current_verdict"),
            ORDERS["newest_link"],
        ),
    }
    return render(request, "newsroom/outlet_detail.html", context)


def corrections(request):
    """Every public correction, newest first (the Atom feed's page)."""
    tag(request, "claims")
    corrections = list(Verdict.objects.public_corrections()[:CORRECTIONS_PAGE_LENGTH])
    return render(
        request,
        "newsroom/corrections.html",
        {"corrections": corrections, "length": CORRECTIONS_PAGE_LENGTH},
    )


def methodology(request):
    tag(request, "methodology")
    return render(request, "newsroom/methodology.html", methodology_context())


def transparency(request):
    """The numbers the desk publishes about itself (reports/public.py), when it opts in."""
    if not settings.FACTCHECK_TRANSPARENCY_PAGE:
        raise Http404("The desk does not publish a transparency page.")
    tag(request, "claims", "transparency")
    found = public_figures.transparency(today=timezone.localdate())
    report = found.report
    months = last_months(timezone.localdate(), public_figures.MONTHS)
    context = {
        "found": found,
        "report": report,
        "monthly_bars": monthly_bars(found.checks_by_month, months),
        "verdict_bars": bars(
            {row.key: row.current for row in report.by_rating.rows}, VERDICT_LABELS
        ),
        "figures": [
            report.figure(key)
            for key in ("claims_published", "corrections", "correction_share", "correction_median")
        ],
    }
    return render(request, "newsroom/transparency.html", context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": None})  # any site may frame the card
def claim_embed(request, pk):
    claim = get_object_or_404(Claim.objects.published().with_listing(), pk=pk)
    tag(request, f"claim-{claim.pk}", f"claimant-{claim.claimant_id}")
    return render(
        request,
        "newsroom/embed_card.html",
        {"claim": claim, "claim_url": _site_url(claim.get_absolute_url())},
    )


def shown_keys(claim, evidence) -> list[str]:
    """The records a claim's page names: the claim, its claimant and event, and the
    sources and outlets of its evidence."""
    keys = [f"claim-{claim.pk}", f"claimant-{claim.claimant_id}", f"event-{claim.event_id}"]
    for piece in evidence:
        keys.append(f"source-{piece.source_id}")
        if piece.source.outlet_id:
            keys.append(f"outlet-{piece.source.outlet_id}")
    return keys


def _site_url(path: str) -> str:
    """An absolute address on the public site, for links read outside it."""
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path
