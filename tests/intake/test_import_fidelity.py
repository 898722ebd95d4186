"""What an import keeps of another fact-checker's review, and how it treats bad records."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from core.records import Refused
from intake import services
from intake.claimreview_import import MAX_DEPTH, import_reviews, records_from_bytes
from intake.models import ExternalReview, RatingWording
from tests.intake.test_import import fact_check_tools, review

pytestmark = pytest.mark.django_db


def imported(data, name="upload.json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return import_reviews(records_from_bytes(body, name))


def nested(depth):
    return "[" * depth + "]" * depth


def test_language_numbers_and_appearances_are_kept():
    report = imported(
        [
            review(
                1,
                inLanguage="ru",
                reviewRating={
                    "@type": "Rating",
                    "alternateName": "Ложь",
                    "ratingValue": "1",
                    "bestRating": 5,
                    "worstRating": 1,
                },
                itemReviewed={
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": "A minister"},
                    "datePublished": "2022-01-05",
                    "firstAppearance": {"@type": "CreativeWork", "url": "https://tv.example/1"},
                    "appearance": [
                        {"@type": "CreativeWork", "url": "https://tv.example/1"},
                        "https://paper.example/2",
                    ],
                },
            )
        ]
    )

    stored = ExternalReview.objects.get()
    assert report.new == 1 and not report.warnings
    assert stored.language == "ru"
    assert (stored.rating_value, stored.best_rating, stored.worst_rating) == (1, 5, 1)
    assert stored.rating == "false"
    assert stored.appearance_urls == ["https://tv.example/1", "https://paper.example/2"]
    assert str(stored.claim_date) == "2022-01-05"


def test_fact_check_tools_language_and_an_html_pages_lang():
    imported(fact_check_tools("Prices doubled"))
    without_language = {**review(2)}
    del without_language["inLanguage"]
    page = (
        '<html lang="fr"><head><script type="application/ld+json">'
        + json.dumps(without_language)
        + "</script></head></html>"
    )
    imported(page.encode(), "page.html")

    assert ExternalReview.objects.get(url="https://factdesk.example/0").language == "en"
    assert ExternalReview.objects.get(url__endswith="/checks/2").language == "fr"


def test_one_review_per_normalised_address():
    imported([review(1, url="https://Checker.example.org/checks/1/?utm_source=feed#top")])
    report = imported(
        [
            review(1, url="http://checker.example.org/checks/1?fbclid=abc"),
            review(1, url="https://checker.example.org/checks/1"),
        ]
    )

    assert ExternalReview.objects.count() == 1
    assert report.new == 0 and report.unchanged == 2
    assert ExternalReview.objects.get().identity == "checker.example.org/checks/1"


def test_publisher_site_is_the_host_in_both_input_forms():
    imported(fact_check_tools("Prices doubled"))
    imported(
        [
            review(
                1,
                author={
                    "@type": "Organization",
                    "name": "F",
                    "url": "https://WWW.Factdesk.example/about/",
                },
            )
        ]
    )

    assert set(ExternalReview.objects.values_list("publisher_site", flat=True)) == {
        "factdesk.example"
    }


def test_an_invalid_optional_value_is_dropped_with_a_warning_for_that_record():
    report = imported(
        [
            review(
                1,
                datePublished="2020-02-30",
                inLanguage="not a language",
                reviewRating={"@type": "Rating", "alternateName": "False", "ratingValue": "high"},
            )
        ]
    )

    stored = ExternalReview.objects.get()
    assert report.new == 1 and not report.errors
    assert stored.review_date is None and stored.language == "" and stored.rating_value is None
    assert [position for position, _ in report.warnings] == ["upload.json: [0]"] * 3
    assert "the review date “2020-02-30” is not a date" in report.warnings[0][1]


def test_over_long_text_is_refused_with_a_message_not_cut():
    long_title = "A" * 501
    report = imported([review(1, headline=long_title), review(2)])

    assert report.new == 1
    assert report.errors == [
        ("upload.json: [0]", "the title is 501 characters long; at most 500 are kept")
    ]
    assert not ExternalReview.objects.filter(url__endswith="/1").exists()


def test_unmapped_ratings_are_kept_as_text_and_mapped_by_an_editors_table(editor):
    imported([review(1, rating="Mixto"), review(2, rating="C'est plus compliqué")])
    assert set(ExternalReview.objects.values_list("rating_text", "rating")) == {
        ("Mixto", ""),
        ("C'est plus compliqué", ""),
    }

    services.save_rating_wording(by=editor, wording="mixto", rating="mixed")
    services.save_rating_wording(by=editor, wording="C’est plus compliqué!", rating="misleading")
    imported([review(3, rating="MIXTO")])

    assert dict(ExternalReview.objects.values_list("rating_text", "rating")) == {
        "Mixto": "mixed",
        "C'est plus compliqué": "misleading",
        "MIXTO": "mixed",
    }
    with pytest.raises(Refused, match="already mapped"):
        services.save_rating_wording(by=editor, wording="Mixto", rating="false")
    with pytest.raises(Refused, match="already maps"):
        services.save_rating_wording(by=editor, wording="False", rating="true")


def test_editors_map_a_wording_in_the_admin(editor_client):
    imported([review(1, rating="Engañoso")])

    response = editor_client.post(
        "/admin/intake/ratingwording/add/", {"wording": "Engañoso", "rating": "misleading"}
    )

    assert response.status_code == 302
    assert RatingWording.objects.get().key == "enganoso"
    assert ExternalReview.objects.get().rating == "misleading"


def test_fact_checkers_cannot_change_the_wordings_table(client, fact_checker):
    client.force_login(fact_checker)

    assert client.get("/admin/intake/ratingwording/add/").status_code == 403


# Bad records: each is reported and skipped, the rest stored ----------------------------


def test_a_nul_character_refuses_that_record_only():
    report = imported([review(1, claimReviewed="Fuel\u0000 prices"), review(2)])

    assert report.new == 1
    assert report.errors == [
        ("upload.json: [0]", "the claim holds a control character (U+0000) that cannot be stored")
    ]


def test_deeply_nested_json_refuses_where_it_is_nested():
    deep = (
        '{"@type": "ClaimReview", "url": "https://x.example/1", "claimReviewed": '
        + nested(5000)
        + "}"
    )
    body = "[" + json.dumps(review(1)) + "," + deep + "," + json.dumps(review(2)) + "]"

    report = imported(body.encode())

    assert report.new == 2
    assert report.errors == [("upload.json: [1]", f"nested more than {MAX_DEPTH} levels deep")]


def test_a_deep_array_of_arrays_is_refused_without_a_traceback():
    report = imported(nested(100_000).encode())

    assert report.new == 0
    assert report.errors[0][1] == f"nested more than {MAX_DEPTH} levels deep"


def test_the_command_stores_the_good_records_reports_the_bad_and_exits_non_zero(tmp_path, capsys):
    deep = '{"@type": "ClaimReview", "itemReviewed": ' + nested(3000) + "}"
    body = (
        "["
        + ",".join([json.dumps(review(1)), json.dumps(review(2, claimReviewed="a\u0000b")), deep])
        + "]"
    )
    path = tmp_path / "bad.json"
    path.write_text(body, encoding="utf-8")

    with pytest.raises(CommandError, match="2 record"):
        call_command("import_claimreview", str(path))

    err = capsys.readouterr().err
    assert "bad.json: [1]: the claim holds a control character (U+0000)" in err
    assert f"bad.json: [2]: nested more than {MAX_DEPTH} levels deep" in err
    assert ExternalReview.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        json.dumps([review(1, claimReviewed="x\u0000y"), review(2)]).encode(),
        ("[" + json.dumps(review(2)) + "," + nested(20_000) + "]").encode(),
    ],
)
def test_the_admin_upload_answers_with_a_message_never_a_500(client, fact_checker, body):
    client.force_login(fact_checker)
    upload = SimpleUploadedFile("reviews.json", body)

    response = client.post("/admin/intake/externalreview/import/", {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 new, 0 updated, 0 unchanged, 1 not imported" in page
    assert ExternalReview.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["https://checker.example.org:99999/1", "https://[::1/2", "https:///3"]
)
def test_an_address_without_a_usable_host_is_refused_with_a_reason(url):
    report = imported([review(1, url=url), review(2)])

    assert report.new == 1
    assert "is not an http(s) address" in report.errors[0][1]


def test_an_appearance_that_is_not_an_address_is_left_out_with_a_warning():
    item = {
        "@type": "Claim",
        "author": "A minister",
        "appearance": ["https://tv.example/1", "http://not an address/", "ftp://files.example/2"],
    }

    report = imported([review(1, itemReviewed=item)])

    assert report.new == 1
    assert ExternalReview.objects.get().appearance_urls == ["https://tv.example/1"]
    assert len(report.warnings) == 2
