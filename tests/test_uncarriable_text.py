"""Text that XML 1.0 and JSON consumers cannot carry (C0 controls but tab, newline and
carriage return; U+FFFE, U+FFFF; lone surrogates) is refused on every path in, and every
feed and export stays readable whatever older rows hold."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from claims import workflow
from claims.models import Claim, Event, Verdict
from claims.seeding import DEFAULT_SEED
from core.characters import strip_uncarriable, uncarriable_refusal
from core.records import Refused
from intake.claimreview_import import import_reviews, records_from_bytes
from intake.models import ExternalReview, Tip
from tests import factories
from tests.admin_payloads import claim_payload
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

BELL, VERTICAL_TAB = "\x07", "\x0b"


@pytest.mark.parametrize(
    "text", ["bell\x07", "pasted\x0bline", "nul\x00", "form\x0cfeed", "\ufffe", "\uffff", "\ud800"]
)
def test_each_uncarriable_character_is_named_in_the_refusal(text):
    assert uncarriable_refusal(text) is not None
    assert uncarriable_refusal(strip_uncarriable(text)) is None


def test_tab_newline_carriage_return_and_other_scripts_are_carried():
    assert uncarriable_refusal("Line one\r\n\tLine two — «Алматы» Қазақстан 😀") is None


def test_the_api_refuses_it_as_a_field_error(fact_checker):
    api = token_client(fact_checker)
    claim = factories.ClaimFactory()

    patched = api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"summary": f"A summary{VERTICAL_TAB}pasted", "version": claim.version},
        format="json",
    )
    created = api.post(
        "/api/v1/events/", {"name": f"Unrest{BELL}", "slug": "unrest"}, format="json"
    )

    assert patched.status_code == 400 and "U+000B (vertical tab)" in patched.json()["summary"][0]
    assert created.status_code == 400 and "U+0007" in created.json()["name"][0]
    assert not Event.objects.filter(slug="unrest").exists()


def test_a_correction_note_with_a_bell_is_refused_through_the_api(fact_checker):
    claim = factories.published_claim()

    response = token_client(fact_checker).post(
        "/api/v1/verdicts/",
        {
            "claim": claim.pk,
            "rating": "true",
            "rationale": "A second count.",
            "correction_note": f"Revised{BELL}",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "correction_note" in response.json()
    assert not Verdict.objects.filter(claim=claim, status=Verdict.Status.DRAFT).exists()


def test_a_lone_surrogate_in_json_is_a_400(fact_checker):
    response = token_client(fact_checker).post(
        "/api/v1/events/",
        '{"name": "Half \\ud800 a pair", "slug": "half"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not Event.objects.filter(slug="half").exists()


def test_the_tips_api_and_page_refuse_it(client):
    tip = {
        "text": f"The mayor said{VERTICAL_TAB}a million people a day.",
        "seen_url": "https://video.example.org/watch/123",
    }

    api = client.post("/api/v1/tips/", tip, content_type="application/json")
    page = client.post("/tips/new/", tip)

    assert api.status_code == 400 and "text" in api.json()
    assert page.status_code == 400 and "U+000B (vertical tab)" in page.content.decode()
    assert not Tip.objects.exists()


def test_the_admin_shows_a_field_error(editor_client):
    claimant = factories.ClaimantFactory()

    response = editor_client.post(
        "/admin/claims/claim/add/",
        claim_payload(claimant=claimant, text=f"Said on air{BELL}"),
    )

    assert response.status_code == 200
    assert "U+0007" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_retraction_reason_is_refused(editor):
    claim = factories.published_claim()

    with pytest.raises(Refused, match="U\\+0007"):
        workflow.retract_claim(claim=claim, by=editor, reason=f"Misquoted{BELL}")


def test_the_claimreview_import_reports_the_record_and_keeps_the_others():
    reviews = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://checker.example.org/checks/{n}",
            "claimReviewed": text,
            "datePublished": "2022-01-10",
            "author": {"@type": "Organization", "name": "Checker"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        }
        for n, text in enumerate(["Fuel doubled overnight.", f"Pasted{BELL} claim."])
    ]

    report = import_reviews(records_from_bytes(json.dumps(reviews).encode(), "reviews.json"))

    assert len(report.errors) == 1 and "U+0007" in report.errors[0][1]
    assert list(ExternalReview.objects.values_list("claim_text", flat=True)) == [
        "Fuel doubled overnight."
    ]


def test_the_seed_loader_names_the_record_and_writes_nothing(tmp_path):
    data = json.loads(DEFAULT_SEED.read_text())
    data["claims"][0]["summary"] = f"Pasted{VERTICAL_TAB}summary"
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data))

    with pytest.raises(CommandError, match="field 'summary'.*U\\+000B"):
        call_command("load_seeds", str(path))
    assert not Claim.objects.exists()


def test_the_corrections_feed_stays_well_formed_with_an_old_bell_in_a_note(
    client, fact_checker, editor
):
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim)
    draft = factories.draft_correction(claim, by=fact_checker, note="Revised count.")
    # Stored before the rule: written straight into the draft, then published.
    Verdict.objects.filter(pk=draft.pk).update(correction_note=f"Revised{BELL} count.")
    Claim.objects.filter(pk=claim.pk).update(summary=f"Old{VERTICAL_TAB}summary")
    workflow.publish_claim(claim=claim, by=editor)

    response = client.get("/feeds/corrections/")

    assert response.status_code == 200
    entry = ET.fromstring(response.content).find("{http://www.w3.org/2005/Atom}entry")
    assert "Revised count." in entry.findtext("{http://www.w3.org/2005/Atom}summary")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == "Correction: Oldsummary"


def test_the_csv_export_and_json_carry_old_rows(client):
    claim = factories.published_claim()
    Claim.objects.filter(pk=claim.pk).update(text=f"Old{BELL}text")

    export = b"".join(client.get("/api/v1/claims/export/").streaming_content).decode()
    detail = client.get(f"/api/v1/claims/{claim.pk}/")
    claimreview = client.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    assert "Oldtext" in export and BELL not in export
    assert detail.status_code == 200 and detail.json()["text"] == f"Old{BELL}text"
    assert claimreview.status_code == 200
