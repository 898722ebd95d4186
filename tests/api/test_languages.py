"""Languages through the API and ClaimReview: a claim's language and translations are
written and read, filtered by, and published only with what they translate."""

import json
import re

import pytest
from django.conf import settings

from claims import languages, services, workflow
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db

RUSSIAN_TEXT = "Террористы захватили аэропорт Алматы и здание акимата."
ENGLISH_TEXT = "Terrorists seized Almaty airport and the city administration building."


def test_a_fact_checker_records_a_russian_claim_with_an_english_translation(
    checker_api, fact_checker
):
    claimant = factories.ClaimantFactory()

    response = checker_api.post(
        "/api/v1/claims/",
        {
            "text": RUSSIAN_TEXT,
            "summary": "Террористы захватили аэропорт",
            "language": "ru",
            "claimant": claimant.slug,
            "translations": [{"language": "en", "text": ENGLISH_TEXT, "summary": "Airport seized"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["language"], body["text"]) == ("ru", RUSSIAN_TEXT)
    assert body["translations"] == [
        {
            "language": "en",
            "text": ENGLISH_TEXT,
            "summary": "Airport seized",
            "translated_by": fact_checker.username,
            "note": "",
        }
    ]
    found = checker_api.get("/api/v1/claims/", {"q": "airport seized"}).json()["results"]
    assert [claim["id"] for claim in found] == [body["id"]]
    found = checker_api.get("/api/v1/claims/", {"q": "террористов"}).json()["results"]
    assert [claim["id"] for claim in found] == [body["id"]]


def test_a_translation_sent_again_replaces_the_one_in_its_language(checker_api):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    services.save_claim_translation(claim=claim, by=None, language="en", text="Old.")
    claim.refresh_from_db()

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"translations": [{"language": "en", "text": ENGLISH_TEXT, "machine": True}]},
        format="json",
        HTTP_IF_MATCH=checker_api.get(f"/api/v1/claims/{claim.pk}/")["ETag"],
    )

    assert response.status_code == 200, response.content
    (translation,) = response.json()["translations"]
    assert (translation["text"], translation["translated_by"]) == (ENGLISH_TEXT, "machine")


@pytest.mark.parametrize("code", ["xx-nonsense", "english", "und", ""])
def test_an_unknown_language_code_is_a_400_on_its_field(checker_api, code):
    response = checker_api.post(
        "/api/v1/claims/",
        {
            "text": "Said.",
            "summary": "Said",
            "language": code,
            "claimant": factories.ClaimantFactory().slug,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "language" in response.json()
    assert not Claim.objects.exists()


def test_a_translation_in_the_claims_own_language_is_a_400(checker_api):
    response = checker_api.post(
        "/api/v1/claims/",
        {
            "text": RUSSIAN_TEXT,
            "summary": "Захват",
            "language": "ru",
            "claimant": factories.ClaimantFactory().slug,
            "translations": [{"language": "ru", "text": "Другой текст."}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "language" in json.dumps(response.json())
    assert not Claim.objects.exists()


def test_the_language_filter(anon):
    russian = factories.published_claim(text=RUSSIAN_TEXT, language="ru")
    british = factories.published_claim(text="Said in London.", language="en-GB")
    factories.published_claim(text="Лаңкестер әуежайды басып алды.", language="kk")

    def ids(code):
        response = anon.get("/api/v1/claims/", {"language": code})
        assert response.status_code == 200
        return {claim["id"] for claim in response.json()["results"]}

    assert ids("ru") == {russian.pk}
    assert ids("en") == {british.pk}
    assert ids("en-GB") == {british.pk}
    assert anon.get("/api/v1/claims/", {"language": "klingon"}).status_code == 400


def test_the_list_costs_the_same_queries_with_translations(
    anon, editor, django_assert_max_num_queries
):
    for n in range(5):
        claim = factories.published_claim(text=f"{RUSSIAN_TEXT} {n}", language="ru")
        for code in ("en", "kk", "de"):
            services.save_claim_translation(
                claim=claim, by=editor, language=code, text=f"Translation {n} {code}"
            )
        translation = services.save_verdict_translation(
            verdict=claim.current_verdict,
            by=editor,
            language="en",
            rationale="Why, in English.",
        )
        assert translation.pk

    with django_assert_max_num_queries(1):
        results = anon.get("/api/v1/claims/").json()["results"]

    assert len(results) == 5
    assert all(len(item["translations"]) == 3 for item in results)
    assert all(item["translations"][0]["translated_by"] == "person" for item in results)
    assert all(item["verdict"]["translations"][0]["language"] == "en" for item in results)


def claim_reviews_on_the_page(client, claim) -> list[dict]:
    page = client.get(claim.get_absolute_url()).content.decode()
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(found)
    return data if isinstance(data, list) else [data]


def test_claimreview_says_the_language_of_the_review_and_of_the_claim(client, anon):
    claim = factories.published_claim(text=RUSSIAN_TEXT, language="ru")

    (review,) = claim_reviews_on_the_page(client, claim)
    fed = anon.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()

    site = languages.normalize(settings.LANGUAGE_CODE)  # the newsroom writes in it
    assert review["inLanguage"] == fed["inLanguage"] == site
    assert review["itemReviewed"]["inLanguage"] == fed["itemReviewed"]["inLanguage"] == "ru"


def test_a_published_rationale_translation_is_a_second_claimreview(client, editor):
    claim = factories.published_claim(text=RUSSIAN_TEXT, language="ru")
    services.save_claim_translation(
        claim=claim, by=editor, language="kk", text="Лаңкестер.", summary="Лаңкестер әуежайда"
    )
    services.save_verdict_translation(
        verdict=claim.current_verdict, by=editor, language="kk", rationale="Неге, қазақша."
    )

    original, translated = claim_reviews_on_the_page(client, claim)

    assert original["reviewRating"]["ratingExplanation"] == "Why the claim is rated this way."
    assert translated["inLanguage"] == "kk"
    assert translated["reviewRating"]["ratingExplanation"] == "Неге, қазақша."
    assert translated["claimReviewed"] == "Лаңкестер әуежайда"
    assert translated["itemReviewed"]["inLanguage"] == "ru"


def test_an_unpublished_verdicts_translation_is_never_shown(client, anon, editor, fact_checker):
    claim = factories.published_claim(text=RUSSIAN_TEXT, language="ru")
    factories.EvidenceFactory(claim=claim)
    draft = factories.draft_correction(claim, by=fact_checker)
    services.save_verdict_translation(
        verdict=draft, by=fact_checker, language="en", rationale="A secret draft rationale."
    )

    assert len(claim_reviews_on_the_page(client, claim)) == 1
    assert "secret draft" not in client.get(claim.get_absolute_url()).content.decode()
    assert "secret draft" not in anon.get("/api/v1/claims/").content.decode()
    assert "secret draft" not in anon.get(f"/api/v1/claims/{claim.pk}/").content.decode()

    workflow.publish_claim(claim=claim, by=editor)

    assert len(claim_reviews_on_the_page(client, claim)) == 2
    assert "secret draft" in anon.get("/api/v1/claims/").content.decode()


def test_anonymous_readers_never_see_a_draft_claims_translations(anon, checker_api):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    services.save_claim_translation(
        claim=claim, by=None, language="en", text="An unpublished translation."
    )

    assert "unpublished translation" not in anon.get("/api/v1/claims/").content.decode()
    assert anon.get("/api/v1/claims/", {"q": "unpublished translation"}).json()["results"] == []
    assert "unpublished translation" in checker_api.get("/api/v1/claims/").content.decode()


def test_only_an_editor_translates_a_published_claim(checker_api):
    claim = factories.published_claim(text=RUSSIAN_TEXT, language="ru")

    response = checker_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"translations": [{"language": "en", "text": ENGLISH_TEXT}]},
        format="json",
        HTTP_IF_MATCH=checker_api.get(f"/api/v1/claims/{claim.pk}/")["ETag"],
    )

    assert response.status_code == 400
    assert not claim.translations.exists()


def test_labels_and_etags_follow_accept_language(anon):
    factories.published_claim(rating="false")

    english = anon.get("/api/v1/claims/")
    russian = anon.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    kazakh = anon.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="kk")
    unknown = anon.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="de")
    unchanged = anon.get(
        "/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="ru", HTTP_IF_NONE_MATCH=russian["ETag"]
    )

    label = {
        name: answer.json()["results"][0]["verdict"]["label"]
        for name, answer in [("en", english), ("ru", russian), ("kk", kazakh), ("de", unknown)]
    }
    assert label["en"] == label["de"] == "False"
    assert label["ru"] != "False" and label["kk"] != "False" and label["ru"] != label["kk"]
    assert russian["Content-Language"] == "ru" and "Accept-Language" in russian["Vary"]
    assert russian["ETag"] != english["ETag"]
    assert unchanged.status_code == 304
    # The data itself is the same in every language.
    assert russian.json()["results"][0]["text"] == english.json()["results"][0]["text"]


def test_the_claim_page_shows_a_translation_in_the_readers_language_and_the_original(
    client, editor
):
    claim = factories.published_claim(text=RUSSIAN_TEXT, language="ru")
    services.save_claim_translation(
        claim=claim, by=editor, language="en", text=ENGLISH_TEXT, machine=True
    )

    english = client.get(claim.get_absolute_url()).content.decode()
    russian = client.get(f"/ru{claim.get_absolute_url()}").content.decode()

    assert f'<blockquote class="statement" lang="en">{ENGLISH_TEXT}' in english
    assert "Machine translation." in english
    assert "As said, in Russian" in english
    assert f'<blockquote class="statement" lang="ru">{RUSSIAN_TEXT}' in english
    # A Russian reader reads the original, the English translation one click away.
    assert russian.index(RUSSIAN_TEXT) < russian.index(ENGLISH_TEXT)
    assert "As said" not in russian


def test_a_language_filter_full_of_format_characters_is_a_400(anon):
    response = anon.get("/api/v1/claims/", {"language": "%s%(x)s%"})

    assert response.status_code == 400
    assert "language" in response.json()
