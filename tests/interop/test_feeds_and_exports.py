"""The corrections feed as feed readers parse it (feedparser), and the CSV export as a
spreadsheet would open it."""

import csv
import io

import feedparser
import pytest

from claims.api.export import neutralise
from tests import factories

pytestmark = pytest.mark.django_db


def test_feed_readers_find_the_corrections_page_and_the_language(
    client, publisher, fact_checker, editor
):
    claim = factories.corrected_claim(
        author=fact_checker, publisher=editor, note="The ministry revised its count."
    )

    feed = feedparser.parse(client.get("/feeds/corrections/").content)

    assert not feed.bozo, feed.bozo_exception
    alternate = [link.href for link in feed.feed.links if link.rel == "alternate"]
    self_link = [link.href for link in feed.feed.links if link.rel == "self"]
    assert [href.rsplit("/", 2)[-2] for href in alternate] == ["corrections"]
    assert self_link[0].endswith("/feeds/corrections/")
    assert feed.feed.language == "en-gb"
    [entry] = feed.entries
    assert entry.link.endswith(f"{claim.get_absolute_url()}#verdict-{claim.current_verdict_id}")
    page = client.get("/corrections/")
    assert page.status_code == 200
    assert "The ministry revised its count." in page.content.decode()
    assert claim.summary in page.content.decode()


def test_the_corrections_page_shows_no_unpublished_work(client, fact_checker):
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim)
    factories.draft_correction(claim, by=fact_checker, note="A draft note nobody published.")

    assert "A draft note nobody published." not in client.get("/corrections/").content.decode()


def export(client, query=""):
    response = client.get(f"/api/v1/claims/export/{query}")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_the_excel_variant_starts_with_a_byte_order_mark(client, publisher):
    claim = factories.published_claim(summary="Более 200 человек погибли")

    plain, excel = export(client), export(client, "?excel=1")

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"))))
    assert row["summary"] == "Более 200 человек погибли"
    assert row["public_url"] == f"https://factcheck.example.org/claims/{claim.pk}/"
    assert client.get("/api/v1/claims/export/?excel=yes&oops=1").status_code == 400


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "＝1+1",  # full-width equals sign, read as "=" by spreadsheets
        '﹦HYPERLINK("http://evil.example")',
        "@SUM(A1)",
        "＠SUM(A1)",
        "+1+1",
        "-1+cmd|' /C calc'!A0",
        "－2*3",
        "\t=1",
        "\r=1",
    ],
)
def test_what_a_spreadsheet_would_evaluate_is_escaped(value):
    assert neutralise(value) == f"'{value}"


@pytest.mark.parametrize(
    "value", ["-5 people", "+7 701 555 0100", "- about 200", "Twenty", "", "42", "-12.5"]
)
def test_ordinary_values_are_left_as_they_are(value):
    assert neutralise(value) == value


def test_an_entry_in_another_language_than_the_feed_says_so():
    from newsroom.feeds import _AtomWithEntryLanguage

    feed = _AtomWithEntryLanguage(
        title="Corrections", link="https://factcheck.example.org/corrections/", description="",
        language="en-gb",
    )  # fmt: skip
    for language in ("ru", "en-gb"):
        feed.add_item(
            title=f"In {language}", link=f"https://factcheck.example.org/{language}",
            description="", language=language,
        )  # fmt: skip

    parsed = feedparser.parse(feed.writeString("utf-8"))

    assert parsed.feed.language == "en-gb"
    assert [entry.title_detail.language for entry in parsed.entries] == ["ru", "en-gb"]
    assert feed.writeString("utf-8").count('xml:lang="ru"') == 1
