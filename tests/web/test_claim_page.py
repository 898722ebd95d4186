import datetime
import json

import pytest

from claims.models import Claim, Evidence
from tests import factories
from tests.web.conftest import add_correction
from tests.web.dom import parse

pytestmark = pytest.mark.django_db


def claim_page(client, ref):
    claim = Claim.objects.get(ref=ref)
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return claim, parse(response.content)


def test_confession_page_shows_statement_claimant_and_verdict(client, seeded):
    claim, page = claim_page(client, "televised-confession")

    assert not page.find_all("a", href=f"/admin/claims/claim/{claim.pk}/change/")
    assert page.find("h1").text() == claim.summary
    assert claim.text in page.find("blockquote", class_="statement").text()
    header = page.find("header", class_="claim-header").text()
    assert "Man shown confessing on local television" in header
    verdict = page.find("section", class_="verdict-panel")
    assert verdict.find("span", class_="badge").text() == "Unsubstantiated"
    assert claim.current_verdict.rationale in verdict.text()
    assert not verdict.find_all(class_="correction-notice")


def test_material_that_does_not_count_is_set_apart_with_its_reasons(client, seeded):
    claim, page = claim_page(client, "televised-confession")

    supports = page.find("section", class_="supports")
    contradicts = page.find("section", class_="contradicts")
    aside = page.find("section", class_="set-aside")
    assert supports.find("h3").text() == "Supports the claim (0)"
    assert contradicts.find("h3").text() == "Contradicts the claim (0)"
    assert aside.find("h3").text() == "Set aside: does not count (2)"
    viewers, report = aside.find_all("article", class_="evidence-card")
    assert "Viewers in Kyrgyzstan identify the man" in viewers.text()
    assert "Unknown reliability" in viewers.text()
    assert "Does not count: unknown reliability, not verified." in viewers.text()
    assert "Does not count: unattributed, unknown reliability." in report.text()
    assert "well-known jazz" in aside.text()  # excerpt of the news report


def contradicting_pair():
    """A wire report and an agency report that repeats it, both contradicting a claim."""
    claim = factories.published_claim(summary="The bridge was destroyed")
    wire = factories.SourceFactory(title="Wire report from the bridge")
    agency = factories.SourceFactory(title="Agency report", cites=[wire])
    factories.EvidenceFactory(claim=claim, source=wire, stance="contradicts")
    factories.EvidenceFactory(claim=claim, source=agency, stance="contradicts")
    return claim


def test_evidence_sharing_an_origin_is_noted_on_each_piece_naming_each_source_once(client, db):
    claim = contradicting_pair()
    page = parse(client.get(claim.get_absolute_url()).content)

    wire, agency = page.find("section", class_="contradicts").find_all("article")
    assert "Shares material with “Agency report”: together they count once." in wire.text()
    # The agency report relies on the wire report: one line says so and what follows.
    relies_on = agency.find("p", class_="relies-on").text()
    assert relies_on.startswith("Relies on: “Wire report from the bridge” (")
    assert relies_on.endswith("): together they count once.")
    assert "Shares material with" not in agency.text()
    assert agency.text().count("Wire report from the bridge") == 1


def test_each_piece_shows_what_it_relies_on(client, seeded):
    _claim, page = claim_page(client, "televised-confession")

    report = page.find("section", class_="set-aside").find_all("article")[1]
    relies_on = report.find("p", class_="relies-on")
    assert relies_on.text() == (
        "Relies on for this claim: “Viewers in Kyrgyzstan identify the man in the confession "
        "as a jazz musician” (Viewers in Kyrgyzstan)"
    )


def test_the_claimants_own_material_has_a_group_of_its_own(client, db):
    claimant = factories.ClaimantFactory(state_actor=True, country="KZ")
    ministry = factories.OutletFactory(
        name="Interior ministry", state_affiliated=True, kind="government"
    )
    claim = factories.published_claim(claimant=claimant)
    figure = factories.SourceFactory(title="Ministry figure", outlet=ministry)
    report = factories.SourceFactory(title="Wire report", cites=[figure])
    witness = factories.SourceFactory(title="Hospital count")
    for source in (figure, report, witness):
        factories.EvidenceFactory(claim=claim, source=source, stance=Evidence.Stance.SUPPORTS)

    page = parse(client.get(claim.get_absolute_url()).content)

    supports = page.find("section", class_="supports")
    own = page.find("section", class_="own")
    assert supports.find("h3").text() == "Supports the claim (1)"
    assert [h.text() for h in supports.find_all("h4")] == ["Hospital count"]
    assert own.find("h3").text() == "The claimant's own material (2)"
    cards = {card.find("h4").text(): card for card in own.find_all("article")}
    assert "Supports" in cards["Wire report"].find("strong", class_="stance").text()
    assert (
        "The claimant's own material: it relies on “Ministry figure” (Interior ministry)."
        in cards["Wire report"].text()
    )
    assert "Counts as an independent origin." in supports.text()


def test_evidence_notes_come_from_the_assessment(client, db):
    claim = factories.published_claim()
    root = factories.SourceFactory(title="Ministry statement")
    repeat = factories.SourceFactory(title="Agency repeats the ministry", cites=[root])
    independent = factories.SourceFactory(title="Independent count")
    for source in (root, repeat, independent):
        factories.EvidenceFactory(claim=claim, source=source, stance=Evidence.Stance.SUPPORTS)

    page = parse(client.get(claim.get_absolute_url()).content)

    articles = page.find("section", class_="supports").find_all("article")
    cards = {card.find("h4").text(): card.find_all(class_="origin-note") for card in articles}
    relies = {card.find("h4").text(): card.find_all("p", class_="relies-on") for card in articles}
    assert "“Agency repeats the ministry”" in cards["Ministry statement"][0].text()
    # The agency's card names the ministry's statement once, in the line of what it relies on.
    assert cards["Agency repeats the ministry"] == []
    assert (
        relies["Agency repeats the ministry"][0]
        .text()
        .startswith("Relies on: “Ministry statement”")
    )
    assert relies["Agency repeats the ministry"][0].text().endswith("together they count once.")
    assert [n.text() for n in cards["Independent count"]] == ["Counts as an independent origin."]


def test_withdrawn_material_is_marked_on_the_piece_that_relies_on_it(client, db):
    claim = factories.published_claim()
    post = factories.SourceFactory(
        title="Deleted ministry post",
        withdrawn_on=datetime.date(2022, 1, 12),
        withdrawal_note="an archived copy remains",
    )
    report = factories.SourceFactory(title="Report", cites=[post])
    factories.EvidenceFactory(claim=claim, source=report, stance=Evidence.Stance.CONTRADICTS)
    factories.EvidenceFactory(claim=claim, source=post, stance=Evidence.Stance.CONTRADICTS)

    page = parse(client.get(claim.get_absolute_url()).content)

    card = page.find("section", class_="contradicts").find("article").text()
    assert (
        "Withdrawn material: “Deleted ministry post” was withdrawn on 2022-01-12 "
        "(an archived copy remains). This piece counts on neither side." in card
    )
    assert "withdrawn" in page.find("p", class_="relies-on").text()
    assert "No independent evidence" in page.find("section", class_="assessment").text()


def test_assessment_is_introduced_as_an_automatic_check_with_its_explanation(client, seeded):
    claim, page = claim_page(client, "televised-confession")

    assessment = page.find("section", class_="assessment")
    assert assessment.find("h2").text() == "Automatic evidence check"
    assert "it is not a verdict" in assessment.text()
    assert "Evidence check: No independent evidence" in assessment.text()
    assert claim.assessment in assessment.text()
    assert "0 contradicting" in assessment.text()


def test_appearances_form_a_timeline_with_the_first_marked(client, seeded):
    _claim, page = claim_page(client, "televised-confession")

    timeline = page.find("ol", class_="timeline").find_all("li")
    # The report gives no dates for where the claim appeared, so none is recorded.
    assert "Date unknown first appearance" in timeline[0].text()
    assert "Televised confession of a man" in timeline[0].text()
    assert len(timeline) == 2


def test_verdict_history_shows_every_correction_with_its_note(client, fact_checker, editor):
    claim = factories.published_claim(rating="false")
    factories.EvidenceFactory(claim=claim)
    add_correction(
        claim,
        rating="mostly_false",
        note="A second count was published.",
        author=fact_checker,
        editor=editor,
    )

    page = parse(client.get(claim.get_absolute_url()).content)

    items = page.find("ol", class_="history").find_all("li", class_="history-item")
    assert [item.find("span", class_="badge").text() for item in items] == [
        "Mostly false",
        "False",
    ]
    correction = items[0].find("p", class_="correction").text()
    assert "Correction of the verdict “False”" in correction
    assert "A second count was published." in correction
    assert "current" in items[0].text()
    assert "replaced by a correction" in items[1].text()
    assert page.find("section", class_="verdict-panel").find("span", class_="badge").text() == (
        "Mostly false"
    )


def test_a_corrected_verdict_says_so_in_the_verdict_box(client, fact_checker, editor):
    claim = factories.published_claim(rating="false")
    factories.EvidenceFactory(claim=claim, stance="contradicts")
    correction = add_correction(
        claim,
        rating="mostly_false",
        note="A second count was published.",
        author=fact_checker,
        editor=editor,
    )

    panel = parse(client.get(claim.get_absolute_url()).content).find(
        "section", class_="verdict-panel"
    )

    notice = panel.find("p", class_="correction-notice")
    assert notice.text().startswith("Corrected on ")
    assert notice.find("a").attrs["href"] == f"#verdict-{correction.pk}"
    assert "corrected" in panel.find("p", class_="verdict-line").text()


def test_json_ld_in_the_head_equals_the_apis_claimreview(client, seeded):
    claim = Claim.objects.get(ref="televised-confession")

    page = parse(client.get(claim.get_absolute_url()).content)
    api = client.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    scripts = page.find("head").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    assert api.status_code == 200
    assert json.loads(scripts[0].raw_text()) == api.json()


def test_json_ld_is_escaped_so_claim_text_cannot_close_the_script(client, db):
    claim = factories.published_claim(summary="</script><script>alert(1)</script> & more")

    html = client.get(claim.get_absolute_url()).content.decode()

    head = html[: html.index("</head>")]
    assert "</script><script>alert(1)" not in head
    script = parse(html).find("script", type="application/ld+json").raw_text()
    assert json.loads(script)["claimReviewed"] == claim.summary


def test_unpublished_claim_has_no_json_ld_for_staff(staff_client, db):
    claim = factories.ClaimFactory()

    page = parse(staff_client.get(claim.get_absolute_url()).content)

    assert not page.find_all("script", type="application/ld+json")
    header = page.find("header", class_="claim-header")
    assert "Not public: Draft" in header.text()
    assert header.find("a", href=f"/admin/claims/claim/{claim.pk}/change/")


def test_embed_code_offers_an_iframe_of_the_card(client, seeded):
    claim = Claim.objects.get(ref="televised-confession")

    page = parse(client.get(claim.get_absolute_url()).content)

    code = page.find("textarea", id="embed-snippet").text()
    assert code.startswith('<iframe src="http://127.0.0.1:8000/embed/claims/')
    assert 'title="Fact-check: A man shown confessing on TV' in code


def test_unknown_claim_is_not_found(client, db):
    assert client.get("/claims/999999/").status_code == 404
