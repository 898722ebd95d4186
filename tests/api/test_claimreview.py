import datetime

import pytest

from claims import services, workflow
from claims.claimreview import claim_review
from claims.models import Claim, Claimant
from claims.ratings import BEST_RATING, WORST_RATING
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHER = {
    "site_url": "https://factcheck.example/",
    "publisher_name": "Example Fact Check",
    "publisher_url": "https://factcheck.example/about/",
}


def modified(claim):
    return claim.current_verdict.published_at.astimezone(datetime.UTC).isoformat()


def build(claim):
    return claim_review(Claim.objects.with_claimreview().get(pk=claim.pk), **PUBLISHER)


def test_rated_claim_carries_the_numeric_rating_on_the_ordered_scale():
    claim = factories.published_claim(rating="mostly_false", summary="Unemployment halved")

    review = build(claim)

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Unemployment halved"
    assert review["url"] == f"https://factcheck.example{claim.get_absolute_url()}"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingExplanation": "Why the claim is rated this way.",
        "ratingValue": 2,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
    }
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example/about/",
    }
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert review["dateModified"] == modified(claim)


@pytest.mark.parametrize(
    ("rating", "label"), [("misleading", "Misleading"), ("unsubstantiated", "Unsubstantiated")]
)
def test_rating_off_the_ordered_scale_carries_its_name_and_no_number(rating, label):
    claim = factories.published_claim(rating=rating)

    review_rating = build(claim)["reviewRating"]

    assert review_rating["alternateName"] == label
    assert not {"ratingValue", "bestRating", "worstRating"} & review_rating.keys()


@pytest.mark.parametrize(
    "claim_values",
    [
        {"rating": "not_checkable", "checkable": False},
        {"rating": "not_checkable"},
        {"rating": "false", "checkable": False},
    ],
)
def test_a_claim_that_is_not_checkable_has_no_claimreview_anywhere(claim_values, anon):
    claim = factories.published_claim(**claim_values)
    loaded = Claim.objects.with_claimreview().get(pk=claim.pk)

    with pytest.raises(ValueError):
        build(claim)
    assert not loaded.has_claimreview
    assert not Claim.objects.reviewable().filter(pk=claim.pk).exists()
    assert anon.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404
    assert anon.get("/api/v1/claimreview/").json()["dataFeedElement"] == []
    page = anon.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert b"ClaimReview" not in page.content


def test_item_reviewed_names_the_claimant_the_date_and_where_the_claim_appeared():
    claimant = factories.ClaimantFactory(
        name="Minister of Interior", role="Minister", kind=Claimant.Kind.PERSON
    )
    claim = factories.published_claim(claimant=claimant, stated_on=datetime.date(2022, 1, 6))
    later = factories.AppearanceFactory(
        claim=claim,
        appeared_on=datetime.date(2022, 1, 8),
        source=factories.SourceFactory(title="Later repeat", url="https://news.example/later"),
    )
    first = factories.AppearanceFactory(
        claim=claim,
        appeared_on=datetime.date(2022, 1, 6),
        source=factories.SourceFactory(
            title="Televised address", outlet=factories.OutletFactory(name="State TV")
        ),
    )

    item = build(claim)["itemReviewed"]

    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Minister of Interior",
        "jobTitle": "Minister",
    }
    assert item["datePublished"] == "2022-01-06"
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "headline": first.source.title,
        "datePublished": "2022-01-06",
        "publisher": {"@type": "Organization", "name": "State TV"},
    }
    assert [work["headline"] for work in item["appearance"]] == [
        "Televised address",
        "Later repeat",
    ]
    assert item["appearance"][1]["url"] == later.source.url


def test_organisation_claimant_is_an_organization_author():
    claimant = factories.ClaimantFactory(name="Ministry", kind=Claimant.Kind.ORGANISATION)
    claim = factories.published_claim(claimant=claimant)

    assert build(claim)["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry"}


def test_correction_keeps_first_publication_date_and_adds_date_modified(editor, fact_checker):
    claim = factories.published_claim(rating="false")
    Claim.objects.filter(pk=claim.pk).update(
        published_at=claim.published_at - datetime.timedelta(days=3)
    )
    factories.draft_correction(
        claim,
        by=fact_checker,
        rating="misleading",
        rationale="New material changes the picture.",
        note="Rating revised.",
    )
    factories.EvidenceFactory(claim=claim)
    workflow.publish_claim(claim=claim, by=editor)
    claim.refresh_from_db()

    review = build(claim)

    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert review["dateModified"] == modified(claim)


def test_unpublished_claim_has_no_claimreview():
    claim = factories.ClaimFactory()

    with pytest.raises(ValueError):
        build(claim)


def test_builder_makes_no_query_once_the_claim_is_loaded(django_assert_num_queries):
    claim = factories.published_claim()
    factories.AppearanceFactory(claim=claim)
    loaded = Claim.objects.with_claimreview().get(pk=claim.pk)

    with django_assert_num_queries(0):
        claim_review(loaded, **PUBLISHER)


def test_claimreview_endpoint_returns_the_builders_output(anon, settings):
    settings.FACTCHECK_SITE_URL = PUBLISHER["site_url"]
    settings.FACTCHECK_PUBLISHER_NAME = PUBLISHER["publisher_name"]
    settings.FACTCHECK_PUBLISHER_URL = PUBLISHER["publisher_url"]
    claim = factories.published_claim(rating="false")
    factories.AppearanceFactory(claim=claim)

    response = anon.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    assert response.status_code == 200
    assert response.json() == build(claim)
    assert (
        anon.get(response.request["PATH_INFO"], HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_claimreview_feed_lists_published_claims_only_and_pages(anon, fact_checker):
    published = [factories.published_claim(rating=r) for r in ("false", "misleading", "true")]
    factories.ClaimFactory()

    first = anon.get("/api/v1/claimreview/?page_size=2").json()
    second = anon.get(first["next"]).json()

    assert first["@type"] == "DataFeed"
    assert first["dateModified"]
    reviewed = [r["claimReviewed"] for r in first["dataFeedElement"] + second["dataFeedElement"]]
    assert reviewed == [claim.summary for claim in reversed(published)]
    assert second["next"] is None


def test_claimreview_carries_the_language_and_the_publishers_address(settings):
    settings.LANGUAGE_CODE = "ru"
    claim = factories.published_claim()

    review = build(claim)

    assert review["inLanguage"] == "ru"
    assert review["author"]["url"] == PUBLISHER["publisher_url"]
    without = claim_review(
        Claim.objects.with_claimreview().get(pk=claim.pk), **{**PUBLISHER, "publisher_url": ""}
    )
    assert without["author"]["url"] == PUBLISHER["site_url"]


def test_claim_date_falls_back_to_the_first_appearance():
    claim = factories.published_claim(stated_on=None)
    factories.AppearanceFactory(claim=claim, appeared_on=datetime.date(2022, 1, 9))
    factories.AppearanceFactory(claim=claim, appeared_on=datetime.date(2022, 1, 7))

    item = build(claim)["itemReviewed"]

    assert item["datePublished"] == "2022-01-07"
    assert item["firstAppearance"]["datePublished"] == "2022-01-07"


def test_a_same_day_correction_changes_date_modified(editor, fact_checker):
    claim = factories.published_claim(rating="false")
    before = build(claim)
    factories.EvidenceFactory(claim=claim)
    factories.draft_correction(claim, by=fact_checker, note="Same-day fix.")
    workflow.publish_claim(claim=claim, by=editor)
    claim.refresh_from_db()

    after = build(claim)

    assert after["datePublished"] == before["datePublished"]
    assert after["dateModified"] > before["dateModified"]
    assert after["dateModified"] == modified(claim)


def test_a_published_claim_without_a_verdict_has_no_claimreview_and_no_500(client):
    factories.published_claim()
    bare = factories.ClaimFactory()
    # Written straight into the database, as no interface can.
    Claim.objects.filter(pk=bare.pk).update(status=Claim.Status.PUBLISHED)

    single = client.get(f"/api/v1/claims/{bare.pk}/claimreview/")
    feed_item = client.get(f"/api/v1/claimreview/{bare.pk}/")
    feed = client.get("/api/v1/claimreview/")
    page = client.get(f"/claims/{bare.pk}/")

    assert single.status_code == feed_item.status_code == 404
    assert feed.status_code == 200
    assert len(feed.json()["dataFeedElement"]) == 1
    assert page.status_code == 200


def test_unpublished_claim_has_no_claimreview_even_for_staff(checker_api):
    claim = factories.ClaimFactory()

    assert checker_api.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404


def translated(claim, *, by, **rationales):
    """``claim`` with its verdict's rationale translated into each language given."""
    for language, rationale in rationales.items():
        services.save_verdict_translation(
            verdict=claim.current_verdict, by=by, language=language, rationale=rationale
        )
    return claim


def test_the_feed_carries_a_review_per_published_translation_of_the_rationale(anon, editor):
    plain = factories.published_claim(summary="Internet access was cut nationwide")
    claim = translated(
        factories.published_claim(summary="Troops fired on crowds", language="ru"),
        by=editor,
        ru="Почему, по-русски.",
        kk="Неге, қазақша.",
    )
    services.save_claim_translation(
        claim=claim, by=editor, language="kk", text="Әскер.", summary="Әскер оқ атты"
    )
    factories.draft_correction(claim, by=editor)  # its translations are not published
    services.save_verdict_translation(
        verdict=claim.verdicts.drafts().get(), by=editor, language="de", rationale="Entwurf."
    )

    first = anon.get("/api/v1/claimreview/?page_size=1")
    second = anon.get(first.json()["next"]).json()

    reviews = first.json()["dataFeedElement"]
    assert [(r["inLanguage"], r["claimReviewed"]) for r in reviews] == [
        ("en-GB", "Troops fired on crowds"),
        ("kk", "Әскер оқ атты"),
        ("ru", "Troops fired on crowds"),
    ]
    assert [r["reviewRating"]["ratingExplanation"] for r in reviews[1:]] == [
        "Неге, қазақша.",
        "Почему, по-русски.",
    ]
    assert len({r["url"] for r in reviews}) == 1  # all of them the claim's page
    # Pages count claims: the second page holds the other claim's one review.
    assert [r["claimReviewed"] for r in second["dataFeedElement"]] == [plain.summary]
    assert second["next"] is None
    # A new translation changes the page's tag; an unchanged page is a 304.
    unchanged = anon.get("/api/v1/claimreview/?page_size=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    translated(claim, by=editor, uk="Чому, українською.")
    again = anon.get("/api/v1/claimreview/?page_size=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert len(again.json()["dataFeedElement"]) == 4


def test_the_feed_costs_the_same_queries_with_translations(
    anon, editor, django_assert_max_num_queries
):
    for n in range(6):
        claim = translated(
            factories.published_claim(summary=f"Claim {n}", language="ru"),
            by=editor,
            ru=f"Почему {n}.",
            kk=f"Неге {n}.",
        )
        services.save_claim_translation(claim=claim, by=editor, language="kk", text=f"Мәтін {n}.")
        factories.AppearanceFactory(claim=claim)

    # The page of claims, their appearances (with sources and outlets), their
    # translations and their verdicts' translations.
    with django_assert_max_num_queries(4):
        small = anon.get("/api/v1/claimreview/?page_size=2")
    with django_assert_max_num_queries(4):
        large = anon.get("/api/v1/claimreview/?page_size=6")

    assert len(small.json()["dataFeedElement"]) == 2 * 3
    assert len(large.json()["dataFeedElement"]) == 6 * 3
