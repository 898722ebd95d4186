"""The stored assessment follows every kind of change, in the same transaction."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import assessment_service, services
from claims.assessment import EvidenceStatus
from claims.models import Claim
from sources import services as sources_services
from tests import factories
from tests.admin_payloads import claim_payload, evidence_row

pytestmark = pytest.mark.django_db


def status_of(claim):
    claim.refresh_from_db()
    return claim.evidence_status


def test_new_claim_is_unverified_and_a_not_checkable_one_says_so():
    assert status_of(factories.ClaimFactory()) == EvidenceStatus.UNVERIFIED
    assert status_of(factories.ClaimFactory(checkable=False)) == EvidenceStatus.NOT_CHECKABLE


def test_adding_evidence_updates_status_counts_and_explanation():
    claim = factories.ClaimFactory()
    factories.EvidenceFactory(claim=claim, stance="contradicts")
    claim.refresh_from_db()
    assert claim.evidence_status == EvidenceStatus.CONTRADICTED
    assert claim.contradicting_count == 1
    assert claim.independent_contradicting_count == 1
    assert "One independent source contradicts this" in claim.assessment


def test_editing_evidence_stance_reassesses():
    evidence = factories.EvidenceFactory(stance="contradicts")
    services.save_evidence(instance=evidence, by=None, stance="supports")
    assert status_of(evidence.claim) == EvidenceStatus.SINGLE_ORIGIN


def test_deleting_evidence_reassesses():
    evidence = factories.EvidenceFactory(stance="contradicts")
    claim = evidence.claim
    services.remove_evidence(instance=evidence, by=None)
    claim.refresh_from_db()
    assert claim.evidence_status == EvidenceStatus.UNVERIFIED
    assert claim.contradicting_count == 0


def cite(source, *cited):
    sources_services.save_source(instance=source, by=None, cites=list(cited))


def test_citing_a_shared_statement_merges_origins():
    claim = factories.ClaimFactory()
    first = factories.EvidenceFactory(claim=claim)
    second = factories.EvidenceFactory(claim=claim)
    assert status_of(claim) == EvidenceStatus.CORROBORATED
    statement = factories.SourceFactory()
    cite(first.source, statement)
    cite(second.source, statement)
    assert status_of(claim) == EvidenceStatus.SINGLE_ORIGIN
    cite(second.source)
    assert status_of(claim) == EvidenceStatus.CORROBORATED


def test_citing_material_that_another_piece_is_reassesses():
    claim = factories.ClaimFactory()
    first = factories.EvidenceFactory(claim=claim)
    second = factories.EvidenceFactory(claim=claim)
    cite(second.source, first.source)
    assert status_of(claim) == EvidenceStatus.SINGLE_ORIGIN
    cite(second.source)
    assert status_of(claim) == EvidenceStatus.CORROBORATED


def test_lowering_an_outlets_reliability_reassesses():
    claim = factories.ClaimFactory()
    evidence = factories.EvidenceFactory(claim=claim, stance="contradicts")
    sources_services.save_outlet(instance=evidence.source.outlet, by=None, reliability="low")
    assert status_of(claim) == EvidenceStatus.UNSUBSTANTIATED


def test_changing_a_sources_outlet_reassesses():
    claim = factories.ClaimFactory()
    evidence = factories.EvidenceFactory(claim=claim, stance="supports")
    low = factories.OutletFactory(reliability="low")
    sources_services.save_source(instance=evidence.source, by=None, outlet=low)
    assert status_of(claim) == EvidenceStatus.UNSUBSTANTIATED


def test_affiliating_the_claimant_with_the_outlet_reassesses():
    claim = factories.ClaimFactory()
    evidence = factories.EvidenceFactory(claim=claim, stance="supports")
    assert status_of(claim) == EvidenceStatus.SINGLE_ORIGIN
    outlet = evidence.source.outlet
    services.save_claimant(instance=claim.claimant, by=None, affiliations=[outlet])
    assert status_of(claim) == EvidenceStatus.UNSUBSTANTIATED
    services.save_claimant(instance=claim.claimant, by=None, affiliations=[])
    assert status_of(claim) == EvidenceStatus.SINGLE_ORIGIN


def test_marking_a_claim_not_checkable_reassesses():
    claim = factories.EvidenceFactory().claim
    services.save_claim(instance=claim, by=None, checkable=False)
    assert status_of(claim) == EvidenceStatus.NOT_CHECKABLE


def test_verdict_that_disagrees_with_the_evidence_is_flagged():
    claim = factories.published_claim(rating="true")
    factories.EvidenceFactory(claim=claim, stance="contradicts")
    claim.refresh_from_db()
    assert claim.verdict_disagrees
    assert claim in Claim.objects.filter(verdict_disagrees=True)


@pytest.mark.parametrize("rows", [2, 40])
def test_assessing_one_claim_costs_a_bounded_number_of_queries(rows, django_assert_max_num_queries):
    claim = factories.ClaimFactory()
    root = factories.SourceFactory()
    for n in range(rows):
        factories.EvidenceFactory(
            claim=claim,
            source=factories.SourceFactory(cites=[root] if n % 2 else []),
            stance="supports" if n % 3 else "contradicts",
        )
    with django_assert_max_num_queries(7):
        assessment_service.reassess_claims([claim.pk])


def test_reassessing_many_claims_works_in_batches(monkeypatch):
    monkeypatch.setattr(assessment_service, "BATCH_SIZE", 5)
    claims = factories.ClaimFactory.create_batch(12)
    for claim in claims:
        factories.EvidenceFactory(claim=claim)
    Claim.objects.update(evidence_status="unverified", supporting_count=0)
    with CaptureQueriesContext(connection) as captured:
        call_command("reassess_claims", batch_size=5, stdout=StringIO(), stderr=StringIO())
    assert set(Claim.objects.values_list("evidence_status", flat=True)) == {"single_origin"}
    assert len(captured) < 12 * 3


def test_fact_checker_sees_the_status_change_when_saving_evidence_in_the_admin(checker_client):
    claim = factories.ClaimFactory()
    source = factories.SourceFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = claim_payload(
        claim=claim,
        evidence=[evidence_row(source, stance="contradicts", strength="strong")],
        _continue="1",
    )
    opened = checker_client.get(url).content.decode()
    form.update(re.findall(r'<input type="hidden" name="([^"]*version)" value="([^"]*)"', opened))
    response = checker_client.post(url, form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Contradicted" in page
    assert "One independent source contradicts this" in page


# Provenance per piece, state actors, withdrawn material, the disagreement flag ----------


def test_relies_on_narrows_a_report_to_an_independent_citation():
    claimant = factories.ClaimantFactory()
    claim = factories.ClaimFactory(claimant=claimant)
    statement = factories.SourceFactory(title="The claimant's statement")
    services.save_claimant(instance=claimant, by=None, affiliations=[statement.outlet])
    witness = factories.SourceFactory(title="A witness")
    report = factories.SourceFactory(title="Report", cites=[statement, witness])
    evidence = factories.EvidenceFactory(claim=claim, source=report)
    assert status_of(claim) == EvidenceStatus.UNSUBSTANTIATED

    services.save_evidence(instance=evidence, by=None, relies_on=[witness])

    assert status_of(claim) == EvidenceStatus.SINGLE_ORIGIN


def test_a_state_actors_own_ministry_and_state_media_do_not_corroborate_it():
    claim = factories.ClaimFactory(
        claimant=factories.ClaimantFactory(state_actor=True, country="KZ")
    )
    for kind in ("government", "state_media"):
        outlet = factories.OutletFactory(kind=kind, state_affiliated=True, country="KZ")
        factories.EvidenceFactory(claim=claim, source=factories.SourceFactory(outlet=outlet))

    claim.refresh_from_db()

    assert claim.evidence_status == EvidenceStatus.UNSUBSTANTIATED
    assert claim.independent_supporting_count == 0
    assert "state-affiliated in Kazakhstan" in claim.assessment


def test_withdrawing_a_source_stops_it_counting_and_reassesses_its_claims():
    statement = factories.SourceFactory(title="Ministry post")
    direct = factories.EvidenceFactory(source=statement, stance="contradicts")
    report = factories.SourceFactory(title="Report", cites=[statement])
    relayed = factories.EvidenceFactory(source=report, stance="contradicts")
    narrowed = factories.EvidenceFactory(
        source=factories.SourceFactory(title="Roundup"), stance="contradicts", relies_on=[statement]
    )
    claims = [direct.claim, relayed.claim, narrowed.claim]
    assert {status_of(c) for c in claims} == {EvidenceStatus.CONTRADICTED}

    sources_services.save_source(
        instance=statement,
        by=None,
        withdrawn_on=date(2022, 1, 12),
        withdrawal_note="Deleted from the ministry's site",
    )

    assert {status_of(c) for c in claims} == {EvidenceStatus.UNSUBSTANTIATED}
    relayed.claim.refresh_from_db()
    assert "“Ministry post” was withdrawn on 12 January 2022" in relayed.claim.assessment

    sources_services.save_source(instance=statement, by=None, withdrawn_on=None)

    assert {status_of(c) for c in claims} == {EvidenceStatus.CONTRADICTED}


@pytest.mark.parametrize(
    "rating, stance, flagged",
    [
        ("true", None, True),
        ("mostly_false", None, True),
        ("false", "contradicts", False),
        ("true", "supports", False),
        ("true", "contradicts", True),
        ("false", "supports", True),  # two independent supporters: corroborated
        ("unsubstantiated", None, False),
        ("misleading", None, False),
    ],
)
def test_verdict_disagreement_flag(rating, stance, flagged):
    claim = factories.published_claim(rating=rating)
    if stance:
        factories.EvidenceFactory(claim=claim, stance=stance)
    else:
        factories.EvidenceFactory(claim=claim, stance="context")
    if rating == "false" and stance == "supports":
        factories.EvidenceFactory(claim=claim, stance="supports")

    claim.refresh_from_db()

    assert claim.verdict_disagrees is flagged


def test_loading_inputs_with_relied_on_material_costs_four_queries(django_assert_num_queries):
    event = factories.EventFactory(interested_countries=["RU"])
    claims = factories.ClaimFactory.create_batch(3, event=event)
    for claim in claims:
        evidence = factories.EvidenceFactory(claim=claim)
        evidence.relies_on.add(factories.SourceFactory(), factories.SourceFactory())

    ids = [c.pk for c in claims]
    batch = list(Claim.objects.filter(pk__in=ids).only(*assessment_service.INPUT_FIELDS))
    with django_assert_num_queries(4):
        inputs = assessment_service.load_inputs(batch)

    assert all(len(inputs[c.pk].evidence[0].relies_on) == 2 for c in claims)
    # Claims loaded with their events (as the claim page loads its claim) save a query.
    with_events = list(Claim.objects.filter(pk__in=ids).select_related("event"))
    with django_assert_num_queries(3):
        again = assessment_service.load_inputs(with_events)
    assert all(again[c.pk].interested_countries == {"RU"} for c in claims)
    assert all(inputs[c.pk].interested_countries == {"RU"} for c in claims)
