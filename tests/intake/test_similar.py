"""Similar-claim matching on the held-out paraphrase set (tests/intake/paraphrases.py),
through the same path the endpoint takes, and who may see what it finds."""

import pytest
from django.db.models import F

from claims import services
from claims.models import Claim
from intake import similarity
from intake.claimreview_import import import_reviews, records_from_bytes
from tests import factories
from tests.intake.paraphrases import DISTRACTORS, GROUPS, TRANSLATIONS, language_of

pytestmark = pytest.mark.django_db

# What the set must reach (the target is 0.9 for English at recall@5).
RECALL_AT_5 = {
    "English": 0.9,
    "Russian": 0.9,
    "Kazakh": 0.9,
    "Russian→English": 0.8,
    "Kazakh→English": 0.8,
    "Kazakh→Russian": 0.8,
}


@pytest.fixture
def archive():
    claimant = factories.ClaimantFactory()
    texts = list(dict.fromkeys([t for pairs in GROUPS.values() for t, _ in pairs] + DISTRACTORS))
    Claim.objects.bulk_create(
        Claim(
            language=language_of(t),
            text=t,
            summary=t[:100],
            claimant=claimant,
            status=Claim.Status.PUBLISHED,
        )
        for t in texts
    )
    return {c.text: c.pk for c in Claim.objects.all()}


def recall(archive, pairs):
    ranks = []
    for target, query in pairs:
        found = [m.id for m in similarity.similar(query, user=None, limit=5, include_reviews=False)]
        ranks.append(found.index(archive[target]) if archive[target] in found else None)
    at1 = sum(r == 0 for r in ranks) / len(ranks)
    at5 = sum(r is not None for r in ranks) / len(ranks)
    return at1, at5


@pytest.mark.parametrize("group", list(GROUPS))
def test_paraphrases_are_found_compared_exhaustively(archive, group):
    at1, at5 = recall(archive, GROUPS[group])
    print(f"{group}: recall@1 {at1:.2f}, recall@5 {at5:.2f}")
    assert at5 >= RECALL_AT_5[group]


@pytest.mark.parametrize("group", ["Russian→English", "Kazakh→English", "Kazakh→Russian"])
def test_across_languages_translations_are_word_candidates(archive, group, monkeypatch, editor):
    """Without pgvector, on a large archive: a query in another language than the claim's
    finds it through the words of a translation the desk recorded."""
    monkeypatch.setattr(similarity, "EXHAUSTIVE_LIMIT", 0)
    before = recall(archive, GROUPS[group])[1]
    for target, language, text in TRANSLATIONS:
        services.save_claim_translation(
            claim=Claim.objects.get(pk=archive[target]), by=editor, language=language, text=text
        )

    at1, at5 = recall(archive, GROUPS[group])
    print(f"{group} (word candidates, with translations): recall@1 {at1:.2f}, @5 {at5:.2f}")
    assert before < 0.8 <= at5


@pytest.mark.parametrize("group", ["English", "Russian", "Kazakh"])
def test_paraphrases_are_found_from_word_candidates(archive, group, monkeypatch):
    """As on a large archive without pgvector: candidates come from the words alone."""
    monkeypatch.setattr(similarity, "EXHAUSTIVE_LIMIT", 0)
    at1, at5 = recall(archive, GROUPS[group])
    print(f"{group} (word candidates): recall@1 {at1:.2f}, recall@5 {at5:.2f}")
    assert at5 >= {"English": 0.8, "Russian": 0.6, "Kazakh": 0.8}[group]


def test_common_words_are_dropped_and_rare_ones_rank_first(monkeypatch):
    monkeypatch.setattr(similarity, "COMMON_WORD_LIMIT", 3)
    claimant = factories.ClaimantFactory()
    Claim.objects.bulk_create(
        Claim(language="en", text=t, summary=t, claimant=claimant, status=Claim.Status.PUBLISHED)
        for t in [
            "the minister spoke",
            "the minister lied",
            "the minister left",
            "the minister and the zebra",
        ]
    )
    ids = similarity.word_candidates(
        Claim.objects.all(),
        F("search_document"),
        similarity.query_words("minister zebra"),
        limit=5,
    )
    assert [Claim.objects.get(pk=pk).text for pk in ids] == ["the minister and the zebra"]


def test_anonymous_clients_see_published_claims_only(client, fact_checker):
    text = "The river flooded two hundred homes in the northern district last spring."
    factories.ClaimFactory(text=text)  # a draft
    published = factories.ClaimFactory(text=text + " ", status=Claim.Status.PUBLISHED)
    found = client.get("/api/v1/claims/similar/", {"text": text}).json()["results"]
    assert [(m["kind"], m["id"]) for m in found] == [("claim", published.pk)]
    client.force_login(fact_checker)
    found = client.get("/api/v1/claims/similar/", {"text": text}).json()["results"]
    assert len([m for m in found if m["kind"] == "claim"]) == 2


def test_external_reviews_are_matched_with_their_rating(client):
    review = {
        "@type": "ClaimReview",
        "url": "https://checker.example.org/flood",
        "claimReviewed": "Floods destroyed 200 houses in the north of the region last spring.",
        "author": {"name": "Checker"},
        "reviewRating": {"alternateName": "Mostly False"},
    }
    import_reviews(records_from_bytes(__import__("json").dumps(review).encode(), "r.json"))
    found = client.get(
        "/api/v1/claims/similar/",
        {"text": "The river flooded two hundred homes in the northern district last spring."},
    ).json()["results"]
    first = found[0]
    assert (
        first["kind"] == "external_review" and first["url"] == "https://checker.example.org/flood"
    )
    assert first["rating"] == "mostly_false" and first["publisher"] == "Checker"
    assert first["score"] > 0.5


def test_each_claim_match_carries_its_evidence_status(client):
    claim = factories.ClaimFactory(
        text="The river flooded two hundred homes.", status=Claim.Status.PUBLISHED
    )
    first = client.get("/api/v1/claims/similar/", {"text": claim.text}).json()["results"][0]
    assert first["evidence_status"] == "unverified" and first["url"] == f"/claims/{claim.pk}/"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": "x", "limit": "0"}, "limit"),
        ({"text": "x", "lim": "3"}, "lim"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "x", "limit": "²"}, "limit"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, params, field):
    response = client.get("/api/v1/claims/similar/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_stored_embeddings_are_used_and_refreshed_when_the_text_changes(fact_checker):
    from claims import services
    from intake.models import Embedding

    claim = factories.ClaimFactory(text="The tram fare rose to 200 tenge.")
    assert similarity.store_embeddings(claims=[claim]) == 1
    assert similarity.store_embeddings(claims=[claim]) == 0
    services.save_claim(instance=claim, by=fact_checker, text="The bus fare rose to 300 tenge.")
    claim.refresh_from_db()
    assert similarity.store_embeddings(claims=[claim]) == 1
    assert Embedding.objects.get(claim=claim).digest != ""


def test_the_claim_form_warns_about_a_close_match_on_save(client, fact_checker):
    existing = factories.ClaimFactory(text="The governor said the new hospital has 500 beds.")
    client.force_login(fact_checker)
    page = client.get("/admin/claims/claim/add/").content.decode()
    assert "intake/similar.js" in page
    response = client.post(
        "/admin/claims/claim/add/",
        {
            "summary": "Hospital beds",
            "text": "The governor said the new hospital has 500 beds.",
            "claimant": existing.claimant_id,
            "kind": "numeric",
            "stated_on_precision": "day",
            "checkable": "on",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
            "verdicts-TOTAL_FORMS": "0",
            "verdicts-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert "Possibly the same claim" in response.content.decode()


def test_claim_word_candidates_use_the_indexed_search_document(monkeypatch):
    """The words are looked up in the stored, indexed document, never recomputed per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(similarity, "EXHAUSTIVE_LIMIT", 0)
    factories.ClaimFactory(text="The zebra escaped.", status=Claim.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        similarity.similar("zebra", user=None, include_reviews=False)
    lookups = [q["sql"] for q in queries if "@@" in q["sql"]]
    assert lookups and all("search_document" in sql and "to_tsvector" not in sql for sql in lookups)


def test_words_the_statistics_call_common_are_dropped_without_a_lookup(monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(similarity, "COMMON_WORD_LIMIT", 3)
    monkeypatch.setattr(similarity, "_statistics", {})
    claimant = factories.ClaimantFactory()
    texts = [f"the minister spoke on day {n}" for n in range(12)] + ["the minister and the zebra"]
    Claim.objects.bulk_create(
        Claim(language="en", text=t, summary=t, claimant=claimant, status=Claim.Status.PUBLISHED)
        for t in texts
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    counts = similarity.word_counts("claims_claim", "search_document")
    assert counts["minist"] == pytest.approx(13)
    with CaptureQueriesContext(connection) as queries:
        ids = similarity.word_candidates(
            Claim.objects.all(),
            F("search_document"),
            similarity.query_words("minister zebra"),
            limit=5,
            counts=counts,
        )
    assert [Claim.objects.get(pk=pk).text for pk in ids] == ["the minister and the zebra"]
    lookups = [q["sql"] for q in queries if "@@" in q["sql"]]
    assert len(lookups) == 1 and "zebra" in lookups[0] and "minist" not in lookups[0]
