"""The Kazakhstan seed case as a careful desk would publish it, read against the article
it comes from: one test per claim naming why its page reads true, and the editorial rules
the file keeps (who spoke, what is known only through the report, dates only as the
report gives them, verdicts resting on recorded evidence)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.assessment import EvidenceStatus
from claims.models import Appearance, Claim
from claims.seeding import DEFAULT_SEED
from sources.models import Source

pytestmark = pytest.mark.django_db

E = EvidenceStatus
ARTICLE_NAME = Path("shared") / "seeds" / "kazakhstan-unrest-article.txt"
REPORT = "report-164-killed"
SET_ASIDE_REPORT = "(unattributed, unknown reliability)"


def normalised(text: str) -> str:
    """The words, whatever the quotation marks and spacing (the article's copy is loose
    with both)."""
    text = re.sub('[“”"]', " ", text.replace("’", "'").replace("‘", "'"))
    return " ".join(text.split())


@pytest.fixture(scope="module")
def article() -> str:
    """The article the case is written from: kept beside the project (shared/seeds), not
    in it."""
    for folder in Path(__file__).resolve().parents:
        if (folder / ARTICLE_NAME).exists():
            return normalised((folder / ARTICLE_NAME).read_text(encoding="utf-8"))
    pytest.skip(f"The seed article ({ARTICLE_NAME}) is not beside the project.")


@pytest.fixture
def seeded(db):
    call_command("load_seeds", stdout=StringIO())


def claim(ref) -> Claim:
    return Claim.objects.select_related("claimant", "current_verdict").get(ref=ref)


# reason -> (claim, evidence status, words of its explanation, words of the article it rests on)
CLAIMS = {
    "the national toll is the authorities' own figure, relayed by an unattributed report": (
        "death-toll-164", E.UNSUBSTANTIATED, "so it is the claimant's own material",
        "Kazakh authorities said 164 people were killed",
    ),
    "the Almaty toll is the health ministry's own figure, relayed by the report": (
        "almaty-deaths-103", E.UNSUBSTANTIATED, "Health ministry figure for deaths in Almaty",
        "The health ministry said 103 of the deaths had occurred in Almaty",
    ),
    "the detentions figure is the president's office's own, relayed by the report": (
        "detentions-5800", E.UNSUBSTANTIATED, "President's office figure on detentions",
        "the office of the President of Kazakhstan giving the latest figure of 5,800",
    ),
    "detentions continuing to rise is the report's own statement, not yet researched": (
        "detentions-continue-to-rise", E.UNVERIFIED, "No evidence has been linked yet.",
        "The number of people detained by the police continues to rise",
    ),
    "the shoot-to-kill order is the president's admission, known only through the report": (
        "shoot-to-kill-order", E.UNSUBSTANTIATED, "flagged as an admission against the claimant's interest, but does not qualify",
        "he said he ordered law enforcement to shoot to kill, without warning",
    ),
    "20,000 bandits: the report notes no evidence was released, and it is unattributed": (
        "twenty-thousand-bandits", E.UNSUBSTANTIATED, SET_ASIDE_REPORT,
        "Almaty had been attacked by a group of 20,000 \" bandits and terrorists",
    ),
    "terrorist groups speaking foreign languages: the report notes no evidence was released": (
        "terrorist-groups-foreign-languages", E.UNSUBSTANTIATED, SET_ASIDE_REPORT,
        "Authorities have yet to release any evidence demonstrating the involvement of \"terrorists\" or foreign forces",
    ),
    "the West misreading events is an opinion, not checkable": (
        "west-misinterpreted-events", E.NOT_CHECKABLE, "Marked not checkable",
        "accusing some in the West of having misinterpreted events",
    ),
    "the confession is the man's own word; the viewers' identification is unverified": (
        "televised-confession", E.UNSUBSTANTIATED, "(unknown reliability, not verified)",
        "who said he was paid to travel from neighboring Kyrgyzstan and participate in violence",
    ),
    "the operation continuing is a statement of intent, not checkable": (
        "counterterrorism-operation-continues", E.NOT_CHECKABLE, "Marked not checkable",
        "a \"counterterrorism operation\" was still ongoing",
    ),
    "Nazarbayev backing Tokayev rests on his own press secretary; only context is linked": (
        "nazarbayev-in-country-backs-tokayev", E.UNSUBSTANTIATED, "One context source is linked",
        "Nazarbayev's press secretary claimed the former president was in the country and supported Tokayev",
    ),
    "Nazarbayev not seen in public is the report's own statement, not yet researched": (
        "nazarbayev-not-seen-in-public", E.UNVERIFIED, "No evidence has been linked yet.",
        "Nazarbayev has not spoken or appeared in public since the unrest began",
    ),
    "regained control is the authorities' word; the report's calm Sunday is only context": (
        "authorities-regained-control", E.UNSUBSTANTIATED, "One context source is linked",
        "Authorities said they had regained control and life would slowly return to normal",
    ),
    "the CSTO force of about 2,500 is the report's own figure, not yet researched": (
        "csto-force-2500", E.UNVERIFIED, "No evidence has been linked yet.",
        "a force numbering around 2,500, mostly Russian, is operating in the country",
    ),
    "the CSTO agreeing within hours is the report's own statement, not yet researched": (
        "csto-agreed-within-hours", E.UNVERIFIED, "No evidence has been linked yet.",
        "This was agreed to within hours",
    ),
    "Masimov's arrest for treason is the report's own statement, not yet researched": (
        "masimov-arrested-for-treason", E.UNVERIFIED, "No evidence has been linked yet.",
        "arrested within a week on suspicion of treason",
    ),
    "the airport and government buildings stormed is the report's own statement": (
        "airport-and-government-buildings-stormed", E.UNVERIFIED, "No evidence has been linked yet.",
        "with groups of men storming the airport and storming government buildings",
    ),
    "Nazarbayev removed from the Security Council is the report's own statement": (
        "nazarbayev-removed-from-security-council", E.UNVERIFIED, "No evidence has been linked yet.",
        "He was removed from his post by Tokayev as head of the National Security Council this week",
    ),
    "Almaty's public transport resuming is the authorities' announcement, not yet researched": (
        "almaty-public-transport-to-resume", E.UNVERIFIED, "No evidence has been linked yet.",
        "In Almaty, authorities announced that some public transport would resume on Monday",
    ),
    "the statue shot in Taldykorgan is the report's own statement": (
        "taldykorgan-statue-shot", E.UNVERIFIED, "No evidence has been linked yet.",
        "in the town of Taldykorgan, a statue of him was shot",
    ),
    "the CSTO leaders' video conference is announced for Monday, not yet researched": (
        "csto-leaders-video-conference", E.UNVERIFIED, "No evidence has been linked yet.",
        "are due to hold a video conference on Monday",
    ),
    "organised, violent groups is what many on the ground reported, not yet researched": (
        "organised-violent-groups-took-control", E.UNVERIFIED, "No evidence has been linked yet.",
        "Many on the ground reported that organized and violent groups appeared to take control of the protest",
    ),
}  # fmt: skip


@pytest.mark.parametrize("reason", CLAIMS)
def test_seed_claim_reads_true_against_the_article(seeded, article, reason):
    ref, status, explained, words = CLAIMS[reason]
    record = claim(ref)

    assert normalised(words) in article
    assert record.evidence_status == status
    assert explained in record.assessment
    assert not record.verdict_disagrees
    assert "independent origin" not in record.assessment


def test_every_seed_claim_has_its_reason_tested():
    refs = {record["ref"] for record in json.loads(DEFAULT_SEED.read_text())["claims"]}

    assert {ref for ref, *_ in CLAIMS.values()} == refs


def test_every_quote_from_the_report_is_the_articles_words(seeded, article):
    quoted = Appearance.objects.filter(source__ref=REPORT).exclude(quote="")

    assert quoted.count() >= 20
    for appearance in quoted:
        assert normalised(appearance.quote) in article, appearance.claim.ref


def test_the_article_is_the_one_real_source_and_everything_else_is_known_through_it(seeded):
    report = Source.objects.get(ref=REPORT)
    others = Source.objects.exclude(pk=report.pk)

    assert report.known_through is None and report.outlet is None and report.speaker is None
    assert report.url == "" and report.published_on is None
    assert others.exists()
    assert not others.exclude(known_through=report).exists()
    assert not others.exclude(url="").exists()
    assert not others.exclude(published_on=None).exists()


def test_the_speeches_the_report_only_reports_have_a_speaker_and_no_outlet(seeded):
    speakers = {
        "tokayev-address-2022-01-07": "kassym-jomart-tokayev",
        "kazykhan-video-2022-01-09": "erzhan-kazykhan",
        "gamaletdinov-statement-2022-01-09": "sultan-gamaletdinov",
    }
    for ref, speaker in speakers.items():
        source = Source.objects.select_related("speaker").get(ref=ref)
        assert source.outlet is None, ref
        assert source.speaker.slug == speaker, ref


def test_the_confessions_claimant_is_the_man_who_spoke_described_not_named(seeded, article):
    confession = claim("televised-confession")
    broadcast = Source.objects.select_related("outlet", "speaker").get(
        ref="televised-confession-2022-01-09"
    )

    assert confession.claimant.slug == "man-in-televised-confession"
    assert broadcast.speaker == confession.claimant
    assert broadcast.outlet.slug == "local-television-kazakhstan"
    assert confession.text.startswith("He was paid to travel from neighbouring Kyrgyzstan")
    # Described: words from the article; named: no proper name the article does not hold.
    assert "battered man" in confession.claimant.description
    names = re.findall(r"\b[A-Z][a-z]+\b", confession.claimant.name)
    assert all(name in article for name in names)


def test_dates_are_only_those_the_article_gives_with_their_precision(seeded, article):
    dated = Claim.objects.exclude(stated_on=None)
    weekdays = {
        "twenty-thousand-bandits": "speech on Friday",
        "shoot-to-kill-order": "speech on Friday",
        "terrorist-groups-foreign-languages": "made a video address in English on Sunday",
        "west-misinterpreted-events": "made a video address in English on Sunday",
        "counterterrorism-operation-continues": "Gamaletdinov said on Sunday",
        "televised-confession": "broadcast a video confession on Sunday",
    }

    assert {c.ref for c in dated} == set(weekdays)
    for record in dated:
        assert record.stated_on_precision == "day"
        assert weekdays[record.ref] in article
        expected = 7 if "Friday" in weekdays[record.ref] else 9
        assert record.stated_on.day == expected, record.ref
    assert not Appearance.objects.exclude(appeared_on=None).exists()


def test_no_published_verdict_says_more_than_its_evidence(seeded):
    published = Claim.objects.published().select_related("current_verdict")

    assert published.count() == 6
    assert not published.filter(verdict_disagrees=True).exists()
    assert {c.current_verdict.rating for c in published} <= {"unsubstantiated", "not_checkable"}


def test_no_verdict_rests_on_a_claim_the_desk_marks_unverified(seeded):
    unverified = Claim.objects.exclude(status="published").exclude(evidence_status="not_checkable")
    nazarbayev = claim("nazarbayev-in-country-backs-tokayev").current_verdict.rationale
    confession = claim("televised-confession").current_verdict.rationale

    assert unverified.filter(ref="nazarbayev-not-seen-in-public").exists()
    assert "not spoken or appeared" not in nazarbayev
    assert "Security Council" not in nazarbayev
    assert "is unverified, and this rating does not rest on it" in confession
    for record in Claim.objects.published().select_related("current_verdict"):
        assert "internal struggles" not in record.current_verdict.rationale


def test_the_unrest_has_interested_states_and_state_actors_are_marked(seeded):
    event = claim("twenty-thousand-bandits").event

    assert {c.code for c in event.interested_countries} == {"KZ", "RU", "BY", "KG", "AM", "TJ"}
    assert claim("twenty-thousand-bandits").claimant.state_actor
    assert claim("twenty-thousand-bandits").claimant.country == "KZ"
    assert not claim("televised-confession").claimant.state_actor


def test_the_published_pages_say_what_the_evidence_is(seeded, client):
    page = client.get(claim("twenty-thousand-bandits").get_absolute_url()).content.decode()

    assert "Set aside: does not count" in page
    assert "Does not count: unattributed, unknown reliability." in page
    assert "One independent" not in page
