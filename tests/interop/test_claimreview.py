"""ClaimReview as Google's fact-check tools and JSON-LD processors read it: extracted
from the public page with extruct, expanded with pyld, and the DataFeed imported by a
second instance unchanged."""

import json
import subprocess
import sys
from pathlib import Path

import extruct
import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from pyld import jsonld

from claims import services
from intake.models import ExternalReview
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_ORG = "https://schema.org/"


def page_claimreviews(client, claim) -> list[dict]:
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    data = extruct.extract(
        page.content.decode(), base_url="https://factcheck.example.org/", syntaxes=["json-ld"]
    )
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


def test_the_page_carries_every_field_google_requires_and_recommends(client, publisher, fact_check):
    [review] = page_claimreviews(client, fact_check)

    # Required: claimReviewed, reviewRating (alternateName), url; author with its name and url.
    assert review["claimReviewed"] == "Protesters seized the airport on 5 January"
    assert len(review["claimReviewed"]) < 75
    assert review["url"] == f"https://factcheck.example.org/claims/{fact_check.pk}/"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/methodology/",
    }
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert (
        review["reviewRating"]["worstRating"]
        <= review["reviewRating"]["ratingValue"]
        <= review["reviewRating"]["bestRating"]
    )
    # Recommended: the dates, the language, and the claim with who said it, when and where.
    assert review["datePublished"] and review["dateModified"]
    assert review["inLanguage"] == "en-GB"  # the site's LANGUAGE_CODE, as BCP 47 writes it
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["inLanguage"] == "en"  # the claim's own
    assert item["author"]["name"] == "Minister of Interior"
    assert item["datePublished"] == "2022-01-06"
    assert item["firstAppearance"]["url"] == "https://tv.example.kz/news/2022-01-06"
    assert [work["url"] for work in item["appearance"]] == [
        "https://tv.example.kz/news/2022-01-06",
        "https://paper.example.kz/a/1",
    ]


def test_a_not_checkable_claims_page_carries_no_claimreview(client, publisher):
    claim = factories.published_claim(rating="not_checkable", checkable=False)

    assert page_claimreviews(client, claim) == []


def _local_schema_org(url, options=None):
    """schema.org's context, as far as a ClaimReview needs it, without a network fetch:
    every term is a schema.org term, ``url`` values are IRIs."""
    if url.rstrip("/") not in {"https://schema.org", "http://schema.org"}:
        raise jsonld.JsonLdError(f"No document for {url} offline.", "loading document failed")
    context = {"@vocab": SCHEMA_ORG, "url": {"@id": "schema:url", "@type": "@id"}}
    context["schema"] = SCHEMA_ORG
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": context}}


def test_json_ld_processors_expand_it_to_schema_org_terms(client, publisher, fact_check):
    review = client.get(f"/api/v1/claims/{fact_check.pk}/claimreview/").json()

    expanded = jsonld.expand(review, {"documentLoader": _local_schema_org})
    triples = jsonld.to_rdf(
        review, {"documentLoader": _local_schema_org, "format": "application/n-quads"}
    )

    [node] = expanded
    assert node["@type"] == [f"{SCHEMA_ORG}ClaimReview"]
    assert node[f"{SCHEMA_ORG}url"] == [{"@id": review["url"]}]
    rating = node[f"{SCHEMA_ORG}reviewRating"][0]
    assert rating[f"{SCHEMA_ORG}alternateName"] == [{"@value": "Mostly false"}]
    assert f"<{SCHEMA_ORG}itemReviewed>" in triples
    assert all(key.startswith(("@", SCHEMA_ORG)) for key in node)


# The DataFeed round trip ----------------------------------------------------------------


def exported_feed(client, path="/api/v1/claimreview/?page_size=2") -> list[dict]:
    """Every page of the feed, followed through ``next``."""
    pages = []
    while path:
        page = client.get(path).json()
        assert page["@type"] == "DataFeed"
        pages.append(page)
        path = page["next"]
    return pages


@pytest.fixture
def peer_database():
    """A second, empty instance's database: the test database's schema, none of its rows."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_peer"
    options = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432}
    user = settings["USER"] or "postgres"
    dsn = f"postgres://{user}@{options['host']}:{options['port']}"
    with psycopg.connect(f"{dsn}/{settings['NAME']}", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    schema = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", f"{dsn}/{settings['NAME']}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{dsn}/{name}"],
        input=schema, capture_output=True, text=True, check=True,
    )  # fmt: skip
    yield f"{dsn}/{name}"
    with psycopg.connect(f"{dsn}/{settings['NAME']}", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_feed_imports_into_another_instance_unchanged(
    client, publisher, fact_check, peer_database, tmp_path
):
    factories.published_claim(rating="misleading", summary="Foreign troops fired on crowds")
    factories.published_claim(rating="true", summary="Internet access was cut nationwide")
    pages = exported_feed(client)
    exported = [review for page in pages for review in page["dataFeedElement"]]
    assert len(pages) == 2 and len(exported) == 3
    for number, page in enumerate(pages):
        (tmp_path / f"page-{number}.json").write_text(json.dumps(page), encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "manage.py", "import_claimreview", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": peer_database},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "3 new, 0 updated, 0 unchanged, 0 not imported" in result.stdout
    assert result.stderr == ""
    with psycopg.connect(peer_database) as peer:
        rows = peer.execute(
            "SELECT url, claim_text, claimant, claim_date::text, publisher_name, publisher_site,"
            " rating_text, rating, rating_value, best_rating, worst_rating, review_date::text,"
            " language, appearance_urls FROM intake_externalreview"
        ).fetchall()
    imported = {row[0]: row for row in rows}
    for review in exported:
        rating, item = review["reviewRating"], review["itemReviewed"]
        assert imported[review["url"]] == (
            review["url"],
            review["claimReviewed"],
            item["author"]["name"],
            item.get("datePublished"),
            review["author"]["name"],
            "factcheck.example.org",
            rating["alternateName"],
            {"Mostly false": "mostly_false", "Misleading": "misleading", "True": "true"}[
                rating["alternateName"]
            ],
            rating.get("ratingValue"),
            rating.get("bestRating"),
            rating.get("worstRating"),
            review["datePublished"],
            review["inLanguage"],
            list(
                dict.fromkeys(work["url"] for work in item.get("appearance", []) if "url" in work)
            ),
        )


def test_every_seed_summary_fits_what_fact_check_search_tools_show():
    seed = json.loads((ROOT / "seeds" / "kazakhstan-2022.json").read_text(encoding="utf-8"))

    too_long = [c["summary"] for c in seed["claims"] if len(c["summary"]) >= 75]

    assert seed["claims"] and too_long == []


@pytest.mark.parametrize(
    ("importing_site", "kept", "summary"),
    [
        ("en-gb", "en-GB", "2 new, 0 updated, 0 unchanged, 0 not imported, 2 left out"),
        ("ru", "ru", "новых: 2, обновлено: 0, без изменений: 0, не импортировано: 0, пропущено: 2"),
        ("de", "en-GB", "2 new, 0 updated, 0 unchanged, 0 not imported, 2 left out"),
    ],
)
def test_a_feed_with_translated_reviews_imports_one_review_per_claim(
    client, publisher, fact_check, editor, tmp_path, capsys, importing_site, kept, summary
):
    services.save_verdict_translation(
        verdict=fact_check.current_verdict, by=editor, language="ru", rationale="Почему."
    )
    services.save_verdict_translation(
        verdict=fact_check.current_verdict, by=editor, language="kk", rationale="Неге."
    )
    factories.published_claim(summary="Internet access was cut nationwide")
    pages = exported_feed(client)
    assert sum(len(page["dataFeedElement"]) for page in pages) == 4
    for number, page in enumerate(pages):
        (tmp_path / f"page-{number}.json").write_text(json.dumps(page), encoding="utf-8")

    # Another instance, writing in its own language, imports the feed: the review in its
    # language where the feed has one, else the first; the command reports in it.
    publisher.LANGUAGE_CODE = importing_site
    call_command("import_claimreview", str(tmp_path))

    assert summary in capsys.readouterr().out
    review = ExternalReview.objects.get(claim_text=fact_check.summary)
    assert review.language == kept
    assert ExternalReview.objects.count() == 2
