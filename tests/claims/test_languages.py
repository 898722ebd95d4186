"""Claims in the language they were made: recorded with it and its translations in the
admin, and found in every language by the one search engine."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from claims import services
from claims.models import Appearance, Claim, ClaimTranslation
from core.records import Refused
from tests import factories
from tests.admin_payloads import claim_payload

pytestmark = pytest.mark.django_db

RUSSIAN_TEXT = "Террористы захватили аэропорт Алматы и здание акимата."
RUSSIAN_SUMMARY = "Террористы захватили аэропорт Алматы"
ENGLISH_TEXT = "Terrorists seized Almaty airport and the city administration building."


def found(query: str) -> set[int]:
    return set(Claim.objects.search(query).values_list("pk", flat=True))


def russian_claim_with_translation(**kwargs) -> Claim:
    claim = factories.ClaimFactory(
        text=RUSSIAN_TEXT, summary=RUSSIAN_SUMMARY, language="ru", **kwargs
    )
    services.save_claim_translation(
        claim=claim, by=None, language="en", text=ENGLISH_TEXT, summary="Airport seized"
    )
    return claim


def test_a_fact_checker_records_a_russian_claim_with_an_english_translation_in_the_admin(
    checker_client, fact_checker
):
    claimant = factories.ClaimantFactory()
    payload = claim_payload(
        claimant=claimant,
        summary=RUSSIAN_SUMMARY,
        text=RUSSIAN_TEXT,
        language="",  # left empty: the language detected from the text
        **{
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "en",
            "translations-0-text": ENGLISH_TEXT,
            "translations-0-summary": "Airport seized",
        },
    )

    response = checker_client.post(reverse("admin:claims_claim_add"), payload)

    assert response.status_code == 302, response.context["errors"]
    claim = Claim.objects.get(summary=RUSSIAN_SUMMARY)
    assert claim.language == "ru"
    assert claim.text == RUSSIAN_TEXT  # kept as said
    translation = claim.translations.get()
    assert (translation.language, translation.translated_by) == ("en", fact_checker)
    assert found("airport") == {claim.pk}


def test_the_claim_page_says_which_language_it_detects(checker_client):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")

    page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    assert "Detected from the text: Russian (ru)" in page.content.decode()


def test_the_admin_refuses_an_unknown_language_code_on_the_field(checker_client):
    payload = claim_payload(claimant=factories.ClaimantFactory(), language="xx-nonsense")

    response = checker_client.post(reverse("admin:claims_claim_add"), payload)

    assert response.status_code == 200
    assert "language" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_the_admin_refuses_a_translation_in_the_claims_own_language(checker_client):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    payload = claim_payload(
        claim=claim,
        version=claim.version,
        **{
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "ru",
            "translations-0-text": "Другой текст.",
        },
    )
    assert page.status_code == 200

    response = checker_client.post(reverse("admin:claims_claim_change", args=[claim.pk]), payload)

    assert response.status_code == 200
    assert "a translation is into another language" in response.content.decode()
    assert not ClaimTranslation.objects.exists()


def test_the_service_refuses_a_translation_in_the_claims_language_and_a_second_one():
    claim = russian_claim_with_translation()

    with pytest.raises(Refused) as same:
        services.save_claim_translation(claim=claim, by=None, language="ru-RU", text="Текст.")
    with pytest.raises(Refused) as twice:
        services.save_claim_translation(claim=claim, by=None, language="EN", text="Again.")

    assert (same.value.field, twice.value.field) == ("language", "language")
    assert claim.translations.count() == 1


def test_an_english_word_finds_a_russian_claim_through_its_translation():
    claim = russian_claim_with_translation()
    factories.ClaimFactory(text="Bread prices rose in the spring.", summary="Bread prices")

    assert found("seized airport") == {claim.pk}


def test_a_russian_word_finds_the_claim_in_another_form():
    claim = russian_claim_with_translation()

    assert found("террористов") == {claim.pk}  # the text says "террористы"
    assert found("аэропорта") == {claim.pk}


def test_a_kazakh_word_finds_the_claim_in_another_form():
    claim = factories.ClaimFactory(
        text="Лаңкестер әуежайды басып алды.", summary="Лаңкестер әуежайда", language="kk"
    )
    factories.ClaimFactory(text="Бағалар өсті.", summary="Бағалар", language="kk")

    assert found("лаңкестерді") == {claim.pk}
    assert found("әуежайға") == {claim.pk}


def test_removing_a_translation_takes_its_words_out_of_the_search():
    claim = russian_claim_with_translation()

    services.remove_claim_translation(instance=claim.translations.get(), by=None)

    assert found("airport") == set()
    assert found("аэропорт") == {claim.pk}


def test_a_translation_makes_a_new_version_of_the_claim_for_pollers():
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    before = claim.version

    services.save_claim_translation(claim=claim, by=None, language="en", text=ENGLISH_TEXT)

    claim.refresh_from_db()
    assert claim.version > before


def test_a_claim_without_a_language_gets_the_one_its_text_is_in():
    claim = services.save_claim(
        by=None, text=RUSSIAN_TEXT, summary="x", claimant=factories.ClaimantFactory()
    )

    assert claim.language == "ru"


def test_an_unknown_language_is_refused_by_the_service():
    with pytest.raises(Refused) as refusal:
        services.save_claim(
            by=None,
            text="Text.",
            summary="x",
            language="klingon",
            claimant=factories.ClaimantFactory(),
        )

    assert refusal.value.field == "language"
    assert not Claim.objects.exists()


def test_translations_are_in_the_audit_trail():
    russian_claim_with_translation()

    history = apps.get_model("claims", "ClaimTranslationHistory")
    assert history.objects.filter(pgh_label="insert").count() == 1


def test_seed_claims_carry_the_language_of_their_report():
    # The report is in English and gives every quote in English: the originals' words
    # (and so their languages) are not in it.
    call_command("load_seeds", stdout=None)

    assert set(Claim.objects.values_list("language", flat=True)) == {"en"}
    quoted = Appearance.objects.exclude(quote="")
    assert quoted.exists()
    assert set(quoted.values_list("language", flat=True)) == {"en"}


def test_a_fact_checker_translates_a_draft_verdicts_rationale_in_the_admin(checker_client):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    response = checker_client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "The ministry denied it.",
            "correction_note": "",
            "translations-TOTAL_FORMS": "2",
            "translations-INITIAL_FORMS": "0",
            "translations-0-language": "kk",
            "translations-0-rationale": "Министрлік жоққа шығарды.",
            "translations-1-language": "en",
            "translations-1-rationale": "The ministry denied it, again.",
        },
    )

    # The rationale is written in English, the site's language: the row is refused on
    # its field.
    assert response.status_code == 200
    assert "The original is in English: a translation is into another language" in (
        response.content.decode()
    )
    assert not claim.verdicts.exists()

    response = checker_client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "The ministry denied it.",
            "correction_note": "",
            "translations-TOTAL_FORMS": "2",
            "translations-INITIAL_FORMS": "0",
            "translations-0-language": "kk",
            "translations-0-rationale": "Министрлік жоққа шығарды.",
            "translations-1-language": "ru",
            "translations-1-rationale": "Министерство опровергло.",
        },
    )

    # Russian, the claim's language, is the one its readers most need the rationale in.
    assert response.status_code == 302
    assert [
        (translation.language, translation.rationale)
        for translation in claim.verdicts.get().translations.all()
    ] == [("kk", "Министрлік жоққа шығарды."), ("ru", "Министерство опровергло.")]


def test_translations_written_in_bulk_are_searched_too():
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")

    ClaimTranslation.objects.bulk_create(
        [ClaimTranslation(claim=claim, language="en", text=ENGLISH_TEXT)]
    )

    assert found("seized") == {claim.pk}
