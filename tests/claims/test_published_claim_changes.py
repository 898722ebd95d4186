"""After publication a claim's statement, summary, claimant, checkability and stated date
change only with an editor, on every path: the service, the admin, the API, the seed
loader, and an external review confirmed onto the claim."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Claim
from core.records import Refused
from intake import services as intake_services
from intake.models import ExternalReview
from tests import factories
from tests.admin_payloads import claim_payload
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.published_claim(text="Twenty thousand bandits attacked Almaty.")


def test_a_fact_checker_cannot_change_what_readers_see_of_a_published_claim(
    published, fact_checker
):
    for field, value in [
        ("text", "Reworded."),
        ("summary", "Reworded"),
        ("claimant", factories.ClaimantFactory()),
        ("checkable", False),
        ("stated_on", published.created_at.date()),
    ]:
        with pytest.raises(Refused, match="Only an editor changes") as refusal:
            services.save_claim(instance=published, by=fact_checker, **{field: value})
        assert refusal.value.field == field
    published.refresh_from_db()
    assert published.text == "Twenty thousand bandits attacked Almaty."
    assert published.checkable is True


def test_an_editor_changes_a_published_claim_and_a_fact_checker_its_other_fields(
    published, fact_checker, editor
):
    services.save_claim(instance=published, by=editor, text="Corrected wording.")
    services.save_claim(instance=published, by=fact_checker, kind=Claim.Kind.QUOTE)

    published.refresh_from_db()
    assert (published.text, published.kind) == ("Corrected wording.", Claim.Kind.QUOTE)


def test_before_publication_a_fact_checker_changes_the_text(fact_checker):
    draft = factories.ClaimFactory(text="First wording.")

    services.save_claim(instance=draft, by=fact_checker, text="Second wording.")

    draft.refresh_from_db()
    assert draft.text == "Second wording."


def test_a_retracted_claim_is_an_editors_to_change_too(fact_checker):
    claim = factories.ClaimFactory(status=Claim.Status.RETRACTED, retraction_reason="Misquoted.")

    with pytest.raises(Refused, match="Only an editor changes"):
        services.save_claim(instance=claim, by=fact_checker, summary="Another summary")


def test_the_api_refuses_a_fact_checkers_patch_of_a_published_claim(published, fact_checker):
    response = token_client(fact_checker).patch(
        f"/api/v1/claims/{published.pk}/",
        {"text": "Changed under the verdict.", "checkable": False, "version": published.version},
        format="json",
    )

    assert response.status_code == 400
    assert "Only an editor changes the text, checkable" in response.json()["text"][0]
    published.refresh_from_db()
    assert published.text == "Twenty thousand bandits attacked Almaty."


def test_the_api_lets_an_editor_patch_a_published_claim(published, editor):
    response = token_client(editor).patch(
        f"/api/v1/claims/{published.pk}/",
        {"text": "Reworded by the editor.", "version": published.version},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["text"] == "Reworded by the editor."


def test_the_admin_shows_a_published_claims_text_read_only_to_a_fact_checker(
    published, fact_checker, editor, client
):
    client.force_login(fact_checker)
    page = client.get(f"/admin/claims/claim/{published.pk}/change/").content.decode()
    assert 'id="id_text"' not in page  # the claim's text field (the desk's comment box is not it)

    client.post(
        f"/admin/claims/claim/{published.pk}/change/",
        claim_payload(claim=published, version=published.version, text="Crafted change."),
    )
    published.refresh_from_db()
    assert published.text == "Twenty thousand bandits attacked Almaty."

    client.force_login(editor)
    page = client.get(f"/admin/claims/claim/{published.pk}/change/").content.decode()
    assert 'id="id_text"' in page


def test_the_seed_loader_refuses_to_reword_a_published_claim(tmp_path):
    call_command("load_seeds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from claims.seeding import DEFAULT_SEED

    data = json.loads(DEFAULT_SEED.read_text())
    record = next(r for r in data["claims"] if r.get("status") == "published")
    record["text"] = "Reworded in the seed file."
    path = tmp_path / "reworded.json"
    path.write_text(json.dumps(data))

    with pytest.raises(CommandError, match="Only an editor changes the text"):
        call_command("load_seeds", str(path))
    assert Claim.objects.get(ref=record["ref"]).text != "Reworded in the seed file."


def review_about(text: str) -> ExternalReview:
    review, _ = intake_services.import_review(
        values={
            "url": "https://factcheck.example/review/1",
            "claim_text": text,
            "publisher_name": "Another fact-checker",
            "rating_text": "False",
        }
    )
    return review


def test_only_an_editor_confirms_an_external_review_onto_a_published_claim(
    published, fact_checker, editor
):
    review = review_about(published.text)
    draft = factories.ClaimFactory()

    with pytest.raises(Refused, match="Only an editor may confirm"):
        intake_services.confirm_review(review=review, claim=published, by=fact_checker)
    intake_services.confirm_review(review=review, claim=draft, by=fact_checker)
    intake_services.confirm_review(review=review, claim=published, by=editor)
    with pytest.raises(Refused, match="Only an editor may take"):
        intake_services.confirm_review(review=review, claim=None, by=fact_checker)

    review.refresh_from_db()
    assert review.confirmed_claim == published


def test_the_external_review_admin_refuses_a_fact_checkers_confirmation(
    published, fact_checker, client
):
    review = review_about(published.text)
    client.force_login(fact_checker)

    response = client.post(
        f"/admin/intake/externalreview/{review.pk}/change/",
        {"confirmed_claim": published.pk, "loaded_version": review.version},
        follow=True,
    )

    assert response.status_code == 200
    assert "Only an editor may confirm" in response.content.decode()
    review.refresh_from_db()
    assert review.confirmed_claim is None
