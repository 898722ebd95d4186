import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intake.claimreview_import import import_reviews, read
from intake.models import ExternalReview
from intake.ratings import normalise_rating

pytestmark = pytest.mark.django_db


def review(n, rating="False", **extra):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checker.example.org/checks/{n}",
        "claimReviewed": f"Claim number {n} about the fuel price doubling overnight.",
        "datePublished": "2022-01-10",
        "inLanguage": "en",
        "author": {
            "@type": "Organization",
            "name": "Checker",
            "url": "https://checker.example.org",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A minister"},
            "datePublished": "2022-01-05",
        },
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        **extra,
    }


def fact_check_tools(*texts):
    return {
        "claims": [
            {
                "text": text,
                "claimant": "A governor",
                "claimDate": "2022-01-04T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Fact Desk", "site": "factdesk.example"},
                        "url": f"https://factdesk.example/{i}",
                        "title": f"Fact check {i}",
                        "reviewDate": "2022-01-06T10:00:00Z",
                        "textualRating": "Misleading",
                        "languageCode": "en",
                    }
                ],
            }
            for i, text in enumerate(texts)
        ],
        "nextPageToken": "abc",
    }


def run(tmp_path, name, content, capsys):
    """The command's output; it exits non-zero (CommandError) when a record failed."""
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    try:
        call_command("import_claimreview", str(path))
    except CommandError as error:
        assert "not imported" in str(error)
    return capsys.readouterr()


def test_a_fact_check_tools_response(tmp_path, capsys):
    out = run(
        tmp_path,
        "page.json",
        fact_check_tools("Bread costs twice as much", "Schools closed"),
        capsys,
    )
    assert "2 new, 0 updated, 0 unchanged, 0 not imported" in out.out
    first = ExternalReview.objects.get(url="https://factdesk.example/0")
    assert (first.claim_text, first.claimant, str(first.claim_date)) == (
        "Bread costs twice as much",
        "A governor",
        "2022-01-04",
    )
    assert (first.publisher_name, first.publisher_site, first.rating_text, first.rating) == (
        "Fact Desk",
        "factdesk.example",
        "Misleading",
        "misleading",
    )
    assert str(first.review_date) == "2022-01-06" and first.language == "en"


def test_a_folder_of_fact_check_tools_pages(tmp_path, capsys):
    (tmp_path / "p1.json").write_text(json.dumps(fact_check_tools("One")))
    second = fact_check_tools("Two")
    second["claims"][0]["claimReview"][0]["url"] = "https://factdesk.example/second"
    (tmp_path / "p2.json").write_text(json.dumps(second))
    call_command("import_claimreview", str(tmp_path))
    assert "2 new" in capsys.readouterr().out


@pytest.mark.parametrize(
    "shape",
    [
        lambda: review(1),
        lambda: [review(1), review(2)],
        lambda: {
            "@context": "https://schema.org",
            "@graph": [review(1), {"@type": "WebPage"}, review(2)],
        },
        lambda: {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [review(1)]},
                {"@type": "DataFeedItem", "item": review(2)},
            ],
        },
    ],
    ids=["object", "array", "graph", "datafeed"],
)
def test_schema_org_json_ld(tmp_path, capsys, shape):
    data = shape()
    out = run(tmp_path, "reviews.jsonld", data, capsys)
    expected = 1 if isinstance(data, dict) and data.get("@type") == "ClaimReview" else 2
    assert f"{expected} new" in out.out
    first = ExternalReview.objects.get(url="https://checker.example.org/checks/1")
    assert first.rating == "false" and first.claimant == "A minister"
    assert first.publisher_name == "Checker"


def test_html_pages_carrying_json_ld(tmp_path, capsys):
    page = (
        "<!doctype html><html><head><title>Check</title>"
        '<script type="application/ld+json">' + json.dumps(review(7)) + "</script>"
        "<script>var x = 1;</script></head><body>text</body></html>"
    )
    out = run(tmp_path, "check.html", page, capsys)
    assert "1 new" in out.out
    assert ExternalReview.objects.get().url.endswith("/checks/7")


def test_a_url_is_fetched_through_the_safe_client(live_file_server, capsys):
    url = live_file_server(json.dumps([review(1), review(2)]).encode())
    call_command("import_claimreview", url)
    assert "2 new" in capsys.readouterr().out


def test_a_url_to_a_private_address_is_refused(settings):
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = False
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="private"):
        call_command("import_claimreview", "http://127.0.0.1:9/reviews.json")


def test_importing_again_updates_and_counts(tmp_path, capsys):
    run(tmp_path, "a.json", [review(1), review(2)], capsys)
    out = run(tmp_path, "a.json", [review(1), review(2, rating="Mostly false"), review(3)], capsys)
    assert "1 new, 1 updated, 1 unchanged, 0 not imported" in out.out
    assert ExternalReview.objects.count() == 3
    assert ExternalReview.objects.get(url__endswith="/2").rating == "mostly_false"


def test_a_malformed_record_in_the_middle_is_reported_and_the_rest_imported(tmp_path, capsys):
    bad_date = review(2, datePublished="the fifth of May")
    no_url = review(3)
    del no_url["url"]
    out = run(tmp_path, "feed.json", [review(1), bad_date, no_url, "nonsense", review(5)], capsys)
    assert "3 new, 0 updated, 0 unchanged, 2 not imported" in out.out
    assert "feed.json: [1]: the review date “the fifth of May” is not a date: left empty" in out.err
    assert "feed.json: [2]: no url" in out.err
    assert "feed.json: [3]: expected an object" in out.err
    assert sorted(ExternalReview.objects.values_list("url", flat=True)) == [
        "https://checker.example.org/checks/1",
        "https://checker.example.org/checks/2",
        "https://checker.example.org/checks/5",
    ]
    assert ExternalReview.objects.get(url__endswith="/2").review_date is None


def test_a_value_too_long_for_its_field_writes_nothing_of_that_record():
    records = read_values([review(1, url="https://checker.example.org/" + "x" * 1100), review(2)])
    report = import_reviews(records)
    assert report.new == 1 and len(report.errors) == 1
    assert "url" in report.errors[0][1]


def read_values(data):
    from intake.claimreview_import import records_from_bytes

    return records_from_bytes(json.dumps(data).encode(), "upload.json")


def test_a_file_that_is_not_json_is_reported(tmp_path, capsys):
    out = run(tmp_path, "broken.json", "{not json", capsys)
    assert "broken.json: not valid JSON" in out.err


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("FALSE", "false"),
        ("false", "false"),
        ("False", "false"),
        ("False Context", "misleading"),
        ("Misleading", "misleading"),
        ("Mostly False", "mostly_false"),
        ("Half True", "mixed"),
        ("Ложь", "false"),
        ("Needs context", ""),
        ("Satire", ""),
        ("Partly false?!", "mixed"),
        ("", ""),
    ],
)
def test_ratings_map_onto_our_scale_only_when_clear(text, rating):
    assert normalise_rating(text) == rating


def test_the_admin_upload_imports_and_lists_what_was_refused(client, fact_checker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(fact_checker)
    upload = SimpleUploadedFile(
        "reviews.json", json.dumps([review(1), {"@type": "ClaimReview"}]).encode()
    )
    page = client.post("/admin/intake/externalreview/import/", {"file": upload}).content.decode()
    assert "1 new, 0 updated, 0 unchanged, 1 not imported" in page
    assert "reviews.json: [1]" in page and "no url" in page
    assert ExternalReview.objects.count() == 1


def test_external_reviews_are_listed_publicly(client):
    import_reviews(read_values([review(1)]))
    body = client.get("/api/v1/external-reviews/").json()
    assert body["results"][0]["url"] == "https://checker.example.org/checks/1"
    assert body["results"][0]["rating"] == "false"
    assert client.post("/api/v1/external-reviews/", {}).status_code == 405


def test_a_missing_path_is_reported(tmp_path):
    with pytest.raises(Exception, match="neither a file"):
        read(str(tmp_path / "missing.json"))
