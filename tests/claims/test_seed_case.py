"""The Kazakhstan seed case as a careful desk would publish it: every claim's evidence
status, with the reason in the test's name, and the editorial rules the file keeps."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.assessment import EvidenceStatus
from claims.models import Appearance, Claim, Evidence
from claims.seeding import DEFAULT_SEED
from sources.models import Source

pytestmark = pytest.mark.django_db

E = EvidenceStatus


@pytest.fixture
def seeded(db):
    call_command("load_seeds", stdout=StringIO())


def claim(ref) -> Claim:
    return Claim.objects.get(ref=ref)


STATUSES = {
    "the national toll has no independent evidence: the report relies on the authorities' "
    "own figure": ("death-toll-164", E.UNSUBSTANTIATED, "Kazakh authorities' figure"),
    "the Almaty toll has no independent evidence: the report relays the health ministry": (
        "almaty-deaths-103",
        E.UNSUBSTANTIATED,
        "Health ministry figure for deaths in Almaty",
    ),
    "the detentions figure has no independent evidence: the report relays the president's office": (
        "detentions-5800",
        E.UNSUBSTANTIATED,
        "President's office figure",
    ),
    "the shoot-to-kill order has no independent evidence: the report relays the president's "
    "own speech": ("shoot-to-kill-order", E.UNSUBSTANTIATED, "President Tokayev's speech"),
    "20,000 bandits has no independent evidence: only context is linked": (
        "twenty-thousand-bandits",
        E.UNSUBSTANTIATED,
        "One context source is linked",
    ),
    "terrorist groups has no independent evidence: only context is linked": (
        "terrorist-groups-foreign-languages",
        E.UNSUBSTANTIATED,
        "One context source is linked",
    ),
    "Nazarbayev backing Tokayev has no independent evidence: only context is linked": (
        "nazarbayev-in-country-backs-tokayev",
        E.UNSUBSTANTIATED,
        "One context source is linked",
    ),
    "regained control has no independent evidence: only context is linked": (
        "authorities-regained-control",
        E.UNSUBSTANTIATED,
        "One context source is linked",
    ),
    "the confession is contradicted once: the report repeats the viewers' identification": (
        "televised-confession",
        E.CONTRADICTED,
        "repeats “Viewers in Kyrgyzstan identify",
    ),
    "the operation continuing is not checkable: a statement of intent": (
        "counterterrorism-operation-continues",
        E.NOT_CHECKABLE,
        "Marked not checkable",
    ),
    "the West misreading events is not checkable: an opinion": (
        "west-misinterpreted-events",
        E.NOT_CHECKABLE,
        "Marked not checkable",
    ),
    "the CSTO force is not yet researched: no evidence linked": (
        "csto-force-2500",
        E.UNVERIFIED,
        "No evidence has been linked yet.",
    ),
    "the CSTO agreeing within hours is not yet researched: no evidence linked": (
        "csto-agreed-within-hours",
        E.UNVERIFIED,
        "No evidence has been linked yet.",
    ),
    "Masimov's arrest is not yet researched: no evidence linked": (
        "masimov-arrested-for-treason",
        E.UNVERIFIED,
        "No evidence has been linked yet.",
    ),
    "Nazarbayev not seen in public is not yet researched: no evidence linked": (
        "nazarbayev-not-seen-in-public",
        E.UNVERIFIED,
        "No evidence has been linked yet.",
    ),
}


@pytest.mark.parametrize("reason", STATUSES)
def test_seed_claim_status(seeded, reason):
    ref, status, explained = STATUSES[reason]

    assert claim(ref).evidence_status == status
    assert explained in claim(ref).assessment


def test_every_seed_claim_has_its_status_tested():
    refs = {record["ref"] for record in json.loads(DEFAULT_SEED.read_text())["claims"]}

    assert {ref for ref, _status, _why in STATUSES.values()} == refs


def test_no_published_verdict_says_more_than_its_evidence(seeded):
    published = Claim.objects.published().select_related("current_verdict")

    assert not published.filter(verdict_disagrees=True).exists()
    assert {c.current_verdict.rating for c in published} <= {"unsubstantiated", "not_checkable"}


def test_the_confession_rating_says_no_more_than_that_the_identification_casts_doubt(seeded):
    verdict = claim("televised-confession").current_verdict

    assert verdict.rating == "unsubstantiated"
    assert "casts serious doubt" in verdict.rationale


def test_claimants_own_statements_are_appearances_not_evidence(seeded):
    for record in Claim.objects.select_related("claimant"):
        own_outlets = set(record.claimant.affiliations.values_list("pk", flat=True))
        linked = Evidence.objects.filter(claim=record, source__outlet__in=own_outlets)
        assert not linked.exists(), record.ref
    speech = Source.objects.get(ref="tokayev-address-2022-01-07")
    assert Appearance.objects.filter(source=speech, claim__ref="shoot-to-kill-order").exists()


def test_the_health_ministry_is_credited_only_with_the_almaty_deaths(seeded):
    assert claim("death-toll-164").claimant.name == "Kazakh authorities"
    assert claim("almaty-deaths-103").claimant.name == "Ministry of Health of Kazakhstan"
    ministry = Source.objects.filter(outlet__slug="kazakhstan-ministry-of-health")
    assert [s.ref for s in ministry] == ["health-ministry-almaty-deaths"]
    assert "164" not in ministry.get().description


def test_the_report_relies_on_one_citation_for_each_relayed_figure(seeded):
    relied = {
        e.claim.ref: [s.ref for s in e.relies_on.all()]
        for e in Evidence.objects.filter(source__ref="report-164-killed").exclude(relies_on=None)
    }

    assert relied["death-toll-164"] == ["authorities-death-toll"]
    assert relied["televised-confession"] == ["viewers-identify-musician"]


def test_every_recorded_date_says_how_it_was_worked_out(seeded):
    for source in Source.objects.exclude(published_on=None):
        assert "gives the weekday" in source.description, source.ref
    for appearance in Appearance.objects.exclude(appeared_on=None):
        assert "gives the weekday" in appearance.note, appearance
    assert not Claim.objects.exclude(stated_on=None).exists()


def test_state_actors_are_marked(seeded):
    assert claim("twenty-thousand-bandits").claimant.state_actor
    assert claim("death-toll-164").claimant.state_actor
    assert not claim("televised-confession").claimant.state_actor
