"""The overview's counts (claims/overview.py) stay equal to a full recount whatever
writes claims: publishing, correcting, retracting, reassessing, bulk updates."""

import pytest

from claims import overview, workflow
from claims.models import Claim, OverviewCount
from tests import factories

pytestmark = pytest.mark.django_db


def live_counts() -> dict:
    return {(row.dimension, row.key): row.count for row in OverviewCount.objects.exclude(count=0)}


def recounted() -> dict:
    overview.recount()
    return live_counts()


def assert_counts_match_a_recount():
    live = live_counts()
    assert live == recounted()
    return live


def test_publishing_correcting_and_retracting_keep_the_counts_equal_to_a_recount(editor):
    fact_checker = factories.FactCheckerFactory()
    claimant = factories.ClaimantFactory()
    claim = factories.ClaimFactory(claimant=claimant)
    factories.EvidenceFactory(claim=claim)
    workflow.move_claim(claim=claim, to=Claim.Status.RESEARCHING, by=fact_checker)
    workflow.move_claim(claim=claim, to=Claim.Status.IN_REVIEW, by=fact_checker)
    workflow.draft_verdict(
        claim=claim, by=fact_checker, rating="true", rationale="It holds.", correction_note=""
    )
    assert assert_counts_match_a_recount()[("status", "in_review")] == 1

    workflow.publish_claim(claim=claim, by=editor)
    counts = assert_counts_match_a_recount()
    assert counts[("verdict", "true")] == 1
    assert ("refuted", str(claimant.pk)) not in counts

    factories.draft_correction(claim, by=fact_checker, rating="false", note="Recounted.")
    workflow.publish_claim(claim=claim, by=editor)
    counts = assert_counts_match_a_recount()
    assert counts[("verdict", "false")] == 1
    assert ("verdict", "true") not in counts
    assert counts[("refuted", str(claimant.pk))] == 1

    workflow.retract_claim(claim=claim, by=editor, reason="Misattributed.")
    counts = assert_counts_match_a_recount()
    assert ("verdict", "false") not in counts
    assert counts[("status", "retracted")] == 1


def test_bulk_writes_and_reassessment_keep_the_counts_equal_to_a_recount(editor):
    claims = [factories.published_claim(rating="mostly_false") for _ in range(3)]
    factories.EvidenceFactory(claim=claims[0], stance="contradicts")
    Claim.objects.filter(pk=claims[1].pk).update(status=Claim.Status.DRAFT)
    Claim.objects.filter(pk=factories.ClaimFactory().pk).delete()
    counts = assert_counts_match_a_recount()
    assert sum(n for (dimension, _), n in counts.items() if dimension == "verdict") == 2


def test_the_overview_shows_the_counts(client, editor):
    for rating in ("false", "false", "true"):
        factories.published_claim(rating=rating)
    factories.ClaimFactory()

    response = client.get("/")

    assert response.context["published_total"] == 3
    bars = {bar.key: bar.value for bar in response.context["verdict_bars"]}
    assert bars["false"] == 2
    assert bars["true"] == 1


def test_the_claims_page_offers_the_claimants_and_events_with_a_published_claim(client, db):
    shown = factories.published_claim()
    hidden = factories.ClaimFactory()

    form = client.get("/claims/").context["form"]

    claimants = dict(form.fields["claimant"].widget.options)
    events = dict(form.fields["event"].widget.options)
    assert shown.claimant.slug in claimants and hidden.claimant.slug not in claimants
    assert shown.event.slug in events and hidden.event.slug not in events
