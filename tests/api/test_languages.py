"""Languages through the API and ClaimReview: a claim's language and translations are
written and read, filtered by, and published only with what they translate."""

import json
import re

import pytest
from django.apps import apps
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
            language="ru",
            rationale="Почему, по-русски.",
        )
        assert translation.pk

    with django_assert_max_num_queries(1):
        results = anon.get("/api/v1/claims/").json()["results"]

    assert len(results) == 5
    assert all(len(item["translations"]) == 3 for item in results)
    assert all(item["translations"][0]["translated_by"] == "person" for item in results)
    assert all(item["verdict"]["translations"][0]["language"] == "ru" for item in results)


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
        verdict=draft, by=fact_checker, language="ru", rationale="A secret draft rationale."
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


# The rationale's translations on the verdicts endpoint -----------------------------------

RUSSIAN_RATIONALE = "Министерство опровергло это в тот же день."
KAZAKH_RATIONALE = "Министрлік мұны сол күні жоққа шығарды."


def draft_with_translations(client, claim, translations, **values):
    return client.post(
        "/api/v1/verdicts/",
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "The ministry denied it the same day.",
            "translations": translations,
            **values,
        },
        format="json",
    )


def test_a_draft_verdict_is_written_with_its_rationale_in_other_languages(
    checker_api, fact_checker
):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")

    response = draft_with_translations(
        checker_api,
        claim,
        [
            {"language": "ru", "rationale": RUSSIAN_RATIONALE},
            {"language": "KK", "rationale": KAZAKH_RATIONALE, "machine": True},
        ],
    )

    assert response.status_code == 201, response.content
    expected = [
        {"language": "kk", "rationale": KAZAKH_RATIONALE, "translated_by": "machine"},
        {"language": "ru", "rationale": RUSSIAN_RATIONALE, "translated_by": fact_checker.username},
    ]
    assert response.json()["translations"] == expected
    read = checker_api.get(f"/api/v1/verdicts/{response.json()['id']}/")
    assert read.json()["translations"] == expected
    assert read["ETag"] == response["ETag"]
    detail = checker_api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["verdicts"][0]["translations"] == expected
    history = apps.get_model("claims", "VerdictTranslationHistory").objects
    assert (
        history.filter(pgh_label="insert", pgh_context__metadata__user=fact_checker.pk).count() == 2
    )


def test_translations_sent_with_a_draft_edit_are_added_or_replace_their_language(
    checker_api, fact_checker
):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    draft = workflow.draft_verdict(
        claim=claim,
        by=fact_checker,
        rating="false",
        rationale="The ministry denied it.",
        translations=[
            {"language": "ru", "rationale": "Старый перевод."},
            {"language": "de", "rationale": "Das Ministerium dementierte."},
        ],
    )
    read = checker_api.get(f"/api/v1/verdicts/{draft.pk}/")

    response = checker_api.patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {
            "translations": [
                {"language": "ru", "rationale": RUSSIAN_RATIONALE},
                {"language": "kk", "rationale": KAZAKH_RATIONALE},
            ]
        },
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(t["language"], t["rationale"]) for t in body["translations"]] == [
        ("de", "Das Ministerium dementierte."),
        ("kk", KAZAKH_RATIONALE),
        ("ru", RUSSIAN_RATIONALE),
    ]
    assert body["rationale"] == "The ministry denied it."
    assert body["version"] > read.json()["version"]


def test_a_stale_version_writes_no_translation(checker_api, fact_checker):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    draft = workflow.draft_verdict(
        claim=claim, by=fact_checker, rating="false", rationale="The ministry denied it."
    )
    read = checker_api.get(f"/api/v1/verdicts/{draft.pk}/")
    first = checker_api.patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {"translations": [{"language": "kk", "rationale": KAZAKH_RATIONALE}]},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    # A second writer who read the draft before the translation was added.
    second = checker_api.patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {"translations": [{"language": "kk", "rationale": "Басқа аударма."}]},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert first.status_code == 200, first.content
    assert second.status_code == 412
    (translation,) = draft.translations.all()
    assert translation.rationale == KAZAKH_RATIONALE


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        ({"language": "en"}, "language", "The original is in English"),
        ({"language": "en-US"}, "language", "The original is in English"),
        ({"language": "xx-nonsense"}, "language", "is not a language code"),
        ({"language": "ru", "rationale": "Bad\x0b text."}, "rationale", "invisible character"),
    ],
)
def test_a_translation_into_the_verdicts_own_language_or_no_language_is_a_400(
    checker_api, sent, field, message
):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")

    response = draft_with_translations(
        checker_api,
        claim,
        [
            {"language": "kk", "rationale": KAZAKH_RATIONALE},
            {"rationale": "The ministry denied it.", **sent},
        ],
    )

    assert response.status_code == 400
    # The second translation is refused, on its field.
    (refused,) = response.json()["translations"].items()
    assert refused[0] == "1"
    assert message in refused[1][field][0]
    assert not claim.verdicts.exists()


def test_a_draft_edit_with_a_refused_translation_changes_nothing(checker_api, fact_checker):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")
    draft = workflow.draft_verdict(
        claim=claim, by=fact_checker, rating="false", rationale="The ministry denied it."
    )

    response = checker_api.patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {
            "rationale": "Rewritten.",
            "translations": [
                {"language": "kk", "rationale": KAZAKH_RATIONALE},
                {"language": "kk", "rationale": "Twice."},
            ],
        },
        format="json",
        HTTP_IF_MATCH=checker_api.get(f"/api/v1/verdicts/{draft.pk}/")["ETag"],
    )

    assert response.status_code == 400
    assert "kk came more than once" in json.dumps(response.json()["translations"])
    draft.refresh_from_db()
    assert draft.rationale == "The ministry denied it."
    assert not draft.translations.exists()


def test_a_published_verdict_is_never_translated_through_the_api(editor_api):
    verdict = factories.published_claim(text=RUSSIAN_TEXT, language="ru").current_verdict

    response = editor_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {
            "translations": [{"language": "ru", "rationale": RUSSIAN_RATIONALE}],
            "version": verdict.version,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "never changed" in response.json()["detail"]
    assert not verdict.translations.exists()


def test_who_may_not_write_verdicts_may_not_translate_them(reader_api):
    claim = factories.ClaimFactory(text=RUSSIAN_TEXT, language="ru")

    response = draft_with_translations(
        reader_api, claim, [{"language": "kk", "rationale": KAZAKH_RATIONALE}]
    )

    assert response.status_code == 403
    assert not claim.verdicts.exists()


def test_a_draft_verdicts_translation_reaches_only_who_may_see_the_draft(anon, checker_api, editor):
    claim = factories.published_claim(text=RUSSIAN_TEXT, language="ru")
    services.save_verdict_translation(
        verdict=claim.current_verdict, by=editor, language="ru", rationale=RUSSIAN_RATIONALE
    )
    factories.EvidenceFactory(claim=claim)
    drafted = draft_with_translations(
        checker_api,
        claim,
        [{"language": "kk", "rationale": "A secret draft rationale."}],
        correction_note="Revised.",
    )
    assert drafted.status_code == 201, drafted.content

    # The newsroom sees the draft's translation beside the draft; the public, nowhere.
    for path in ("/api/v1/verdicts/", f"/api/v1/claims/{claim.pk}/"):
        assert "secret draft" in checker_api.get(path).content.decode()
    for path in ("/api/v1/verdicts/", f"/api/v1/claims/{claim.pk}/", "/api/v1/claims/"):
        assert "secret draft" not in anon.get(path).content.decode()
    assert anon.get(f"/api/v1/verdicts/{drafted.json()['id']}/").status_code == 404
    (published,) = anon.get("/api/v1/verdicts/").json()["results"]
    assert published["translations"] == [
        {"language": "ru", "rationale": RUSSIAN_RATIONALE, "translated_by": "person"}
    ]


def test_the_verdict_list_costs_the_same_queries_with_translations(
    anon, checker_api, editor, django_assert_max_num_queries
):
    for n in range(5):
        claim = factories.published_claim(text=f"{RUSSIAN_TEXT} {n}", language="ru")
        for code in ("ru", "kk", "de"):
            services.save_verdict_translation(
                verdict=claim.current_verdict, by=editor, language=code, rationale=f"{n} {code}"
            )

    # The page, then the translations of all its verdicts with their translators.
    with django_assert_max_num_queries(2):
        results = anon.get("/api/v1/verdicts/").json()["results"]
    staff = checker_api.get("/api/v1/verdicts/").json()["results"]

    assert len(results) == 5
    assert all([t["language"] for t in v["translations"]] == ["de", "kk", "ru"] for v in results)
    assert {t["translated_by"] for v in results for t in v["translations"]} == {"person"}
    assert {t["translated_by"] for v in staff for t in v["translations"]} == {editor.username}
