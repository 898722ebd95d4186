"""Provenance is asked wherever material enters (the admin, its "+" window from an
evidence row, the API, the seed loader): who published it and whose words it carries;
verification of eyewitness material; one origin per piece of media; admissions against
interest with their note."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from claims import services
from claims.models import Claim
from claims.seeding import DEFAULT_SEED, SeedError, validate_seed
from core.background import run_pending_tasks
from core.records import Refused
from sources import services as sources_services
from sources.media import attach_media
from sources.models import Source
from tests import factories
from tests.admin_payloads import claim_payload, evidence_row
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
POPUP = "/admin/sources/source/add/?_to_field=id&_popup=1"


@pytest.fixture
def checker_api(fact_checker):
    return token_client(fact_checker)


def source_form(**fields):
    return {
        "title": "Statement on the unrest",
        "kind": "statement",
        "verification": "unverified",
        "media-TOTAL_FORMS": "0",
        "media-INITIAL_FORMS": "0",
        "_popup": "1",
        **fields,
    }


def test_the_evidence_rows_new_source_window_asks_who_published_it_and_whose_words(
    checker_client,
):
    page = checker_client.get(POPUP).content.decode()
    answer = checker_client.post(POPUP, source_form())

    assert "Who published it, and whose words it carries" in page
    assert 'name="speaker"' in page and 'name="outlet"' in page
    assert answer.status_code == 200
    assert "Who published it (outlet), and whose words does it carry (speaker)?" in (
        answer.content.decode()
    )
    assert not Source.objects.filter(title="Statement on the unrest").exists()


def test_a_new_users_first_claim_never_shows_the_claimants_own_statement_as_independent(
    checker_client, client
):
    claimant = factories.ClaimantFactory(name="The president")
    answer = checker_client.post(POPUP, source_form(speaker=claimant.pk))
    statement = Source.objects.get(title="Statement on the unrest")
    claimed = checker_client.post(
        "/admin/claims/claim/add/",
        claim_payload(claimant=claimant, evidence=[evidence_row(statement, strength="strong")]),
    )
    claim = Claim.objects.get(claimant=claimant)

    assert answer.status_code == 200 and statement.speaker == claimant
    assert claimed.status_code == 302
    assert claim.evidence_status == "unsubstantiated"
    assert "independent origin" not in claim.assessment
    assert "independent source" not in claim.assessment
    assert "the claimant's own words" in claim.assessment


def test_material_said_to_be_unattributed_is_kept_and_set_aside(checker_client):
    claimant = factories.ClaimantFactory()
    checker_client.post(POPUP, source_form(unattributed="on"))
    post = Source.objects.get(title="Statement on the unrest")
    claim = factories.ClaimFactory(claimant=claimant)
    factories.EvidenceFactory(claim=claim, source=post, strength="strong")
    claim.refresh_from_db()

    assert post.outlet is None and post.speaker is None
    assert claim.evidence_status == "unsubstantiated"
    assert "(unattributed, unknown reliability)" in claim.assessment


def test_marking_material_verified_asks_how_and_records_who(checker_client, fact_checker):
    video = factories.SourceFactory(kind="broadcast")
    url = f"/admin/sources/source/{video.pk}/change/"
    data = source_form(
        title=video.title,
        kind="broadcast",
        outlet=video.outlet_id,
        verification="verified",
        loaded_version=video.version,
    )
    del data["_popup"]

    refused = checker_client.post(url, data)
    saved = checker_client.post(url, {**data, "verification_note": "Geolocated to the square"})
    video.refresh_from_db()

    assert "Say how the material was verified." in refused.content.decode()
    assert saved.status_code == 302
    assert video.verification == "verified"
    assert video.verified_by == fact_checker


def test_the_service_refuses_verification_without_a_note_whatever_the_path():
    video = factories.SourceFactory(kind="eyewitness")

    with pytest.raises(Refused) as refusal:
        sources_services.save_source(instance=video, by=None, verification="verified")

    assert refusal.value.field == "verification_note"


def test_the_api_writes_speaker_and_verification(checker_api, fact_checker):
    claimant = factories.ClaimantFactory()
    outlet = factories.OutletFactory()

    refused = checker_api.post(
        "/api/v1/sources/",
        {"title": "Video", "kind": "broadcast", "outlet": outlet.slug, "verification": "verified"},
        format="json",
    )
    created = checker_api.post(
        "/api/v1/sources/",
        {
            "title": "Video",
            "kind": "broadcast",
            "outlet": outlet.slug,
            "speaker": claimant.slug,
            "verification": "verified",
            "verification_note": "Matched to the original upload",
        },
        format="json",
    )

    assert refused.status_code == 400
    assert "verification_note" in refused.json()
    assert created.status_code == 201, created.content
    assert created.json()["speaker"] == claimant.pk
    assert Source.objects.get(pk=created.json()["id"]).verified_by == fact_checker


def test_an_admission_against_interest_needs_its_note_in_the_api_and_the_service(checker_api):
    claim = factories.ClaimFactory()
    source = factories.SourceFactory()

    refused = checker_api.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": source.pk, "stance": "supports", "against_interest": True},
        format="json",
    )

    assert refused.status_code == 400
    assert "against_interest_note" in refused.json()
    with pytest.raises(Refused):
        services.save_evidence(claim=claim, by=None, source=source, stance="supports",
                               against_interest=True)  # fmt: skip


def test_an_admission_against_interest_counts_once_in_the_admin(checker_client):
    claimant = factories.ClaimantFactory()
    office = factories.OutletFactory(reliability="mixed")
    claimant.affiliations.add(office)
    speech = factories.SourceFactory(outlet=office, speaker=claimant, kind="statement")
    row = evidence_row(speech, strength="strong")
    payload = claim_payload(claimant=claimant, evidence=[row])

    refused = checker_client.post(
        "/admin/claims/claim/add/", {**payload, "evidence-0-against_interest": "on"}
    )
    saved = checker_client.post(
        "/admin/claims/claim/add/",
        {
            **payload,
            "evidence-0-against_interest": "on",
            "evidence-0-against_interest_note": "He admits to an order that exposes him.",
        },
    )
    claim = Claim.objects.get(claimant=claimant)

    assert "Say why this goes against the claimant" in refused.content.decode()
    assert saved.status_code == 302
    assert claim.evidence_status == "single_origin"
    assert "counts as one independent origin" in claim.assessment


def test_the_seed_loader_asks_who_published_each_source():
    data = json.loads(DEFAULT_SEED.read_text())
    report = next(s for s in data["sources"] if s["ref"] == "report-164-killed")
    del report["unattributed"]

    with pytest.raises(SeedError) as error:
        validate_seed(data)

    assert "sources[0] (ref 'report-164-killed'): say who published it ('outlet')" in str(
        error.value
    )


def picture(size) -> SimpleUploadedFile:
    image = Image.new("RGB", (400, 300), "white")
    for x in range(0, 400, 40):
        for y in range(0, 300, 30):
            if (x // 40 + y // 30) % 3 == 0:
                image.paste((20, 40, 160), (x, y, x + 40, y + 30))
    image = image.resize(size)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("frame.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("first", "second", "origins"),
    [
        ((400, 300), (400, 300), 1),  # the same file uploaded twice
        ((400, 300), (200, 150), 1),  # a resized copy: a near-duplicate picture
    ],
)
def test_one_piece_of_media_is_one_origin(first, second, origins, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path)}},
    }  # fmt: skip
    claim = factories.ClaimFactory()
    videos = [
        factories.SourceFactory(kind="photo", verification="verified", verification_note="Seen")
        for _ in range(2)
    ]
    for video in videos:
        factories.EvidenceFactory(claim=claim, source=video, strength="strong")
    claim.refresh_from_db()
    assert claim.evidence_status == "corroborated"

    for video, size in ((videos[0], first), (videos[1], second)):
        with TestCase.captureOnCommitCallbacks(execute=True):
            attach_media(source=video, upload=picture(size), by=None)
        run_pending_tasks()  # the worker makes the copies and the perceptual hash
    claim.refresh_from_db()

    assert claim.independent_supporting_count == origins
    assert claim.evidence_status == "single_origin"
    assert "the same media file" in claim.assessment
