"""Readers' pages in Russian (/ru/...) and Kazakh (/kk/...): nothing of the interface is
left in English, every page links to itself in the other languages, dates are written the
language's way, and the admin follows the browser's language."""

import datetime
import gettext
import re
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import formats, timezone, translation

from claims.models import Appearance, Claim, Claimant, Event, Evidence, Verdict
from figures.models import Figure, Quantity
from sources.models import Outlet, Source
from tests import factories
from tests.conftest import require_program

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("ru", "kk")
# Words that are the same in every language: names of languages, formats and the site.
SAME_IN_EVERY_LANGUAGE = {"English", "Atom", "SHA-256", "WARC", "/api/v1/corrections/", "API"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
EDGES = " \t\n,.;:·()“”\"'–—→"


class _Text(HTMLParser):
    """The text a reader sees (and the page's title and labels read out to them), as the
    pieces the markup splits it into."""

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value:
                self.pieces.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self._hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.pieces.append(text)


def text_pieces(response) -> list[str]:
    parser = _Text()
    parser.feed(response.content.decode())
    return parser.pieces


def record_texts() -> list[str]:
    """What the records hold (claims, names, titles, notes): shown as written."""
    texts = [settings.FACTCHECK_PUBLISHER_NAME]
    for model in (
        Claim,
        Claimant,
        Event,
        Source,
        Outlet,
        Appearance,
        Evidence,
        Verdict,
        Figure,
        Quantity,
    ):
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, str) and value:
                    texts.append(value)
            if model is Figure:
                texts.append(row.reporter_name)
    return texts


def is_data(piece: str, records: list[str]) -> bool:
    """Whether every part of ``piece`` (a page title joins its parts with " · ") is what
    the records, the settings or every language say the same way."""
    for part in piece.split(" · "):
        core = part.strip(EDGES)
        if core and core not in SAME_IN_EVERY_LANGUAGE and not any(core in t for t in records):
            return False
    return True


def english_left(path: str, language: str, client) -> list[str]:
    """The pieces of the page in ``language`` that are the English page's own words."""
    english = client.get(path)
    translated = client.get(f"/{language}{path}")
    assert english.status_code == translated.status_code, path
    records = record_texts()
    english_pieces = set(text_pieces(english))
    return [
        piece
        for piece in text_pieces(translated)
        if piece in english_pieces and ENGLISH_WORD.search(piece) and not is_data(piece, records)
    ]


@pytest.fixture
def seeded(db):
    call_command("load_seeds", stdout=StringIO())


def seeded_pages() -> list[str]:
    confession = Claim.objects.get(ref="televised-confession")
    return [
        "/",
        "/claims/",
        "/claims/?verdict=bogus",
        confession.get_absolute_url(),
        Claim.objects.published().filter(figures__isnull=False).first().get_absolute_url(),
        confession.claimant.get_absolute_url(),
        confession.event.get_absolute_url(),
        Source.objects.get(ref="report-164-killed").get_absolute_url(),
        Outlet.objects.get(slug="viewers-in-kyrgyzstan").get_absolute_url(),
        Quantity.objects.first().get_absolute_url(),
        "/methodology/",
        "/corrections/",
        "/tips/new/",
        f"/embed/claims/{confession.pk}/",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left_on_the_translated_pages(client, seeded, language):
    left = {path: english_left(path, language, client) for path in seeded_pages()}

    assert {path: pieces for path, pieces in left.items() if pieces} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_correction_and_its_labels_are_translated(client, language, fact_checker, editor):
    claim = factories.corrected_claim(author=fact_checker, publisher=editor, note="Our note.")

    for path in ("/", claim.get_absolute_url(), "/corrections/"):
        assert english_left(path, language, client) == [], path


def test_the_english_pages_stay_at_their_addresses(client, seeded):
    page = client.get("/claims/")

    assert page.status_code == 200
    assert page["Content-Language"] == "en-gb"
    assert '<html lang="en-gb">' in page.content.decode()
    assert "Show claims" in page.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["Заявления", "Показать заявления"]),
        ("kk", ["Мәлімдемелер", "Мәлімдемелерді көрсету"]),
    ],
)
def test_prefixed_addresses_serve_the_language(client, seeded, language, words):
    page = client.get(f"/{language}/claims/")
    html = page.content.decode()

    assert page["Content-Language"] == language
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html


def test_every_page_links_to_itself_in_the_other_languages(client, seeded, settings):
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org"
    claim = Claim.objects.get(ref="televised-confession")
    path = claim.get_absolute_url()

    html = client.get(f"/ru{path}").content.decode()

    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert f'<a href="{path}" hreflang="en-gb"' in switcher
    assert f'<a href="/kk{path}" hreflang="kk"' in switcher
    assert '<strong lang="ru" aria-current="true">Русский</strong>' in switcher
    site = "https://factcheck.example.org"
    for code, address in [
        ("en-gb", path),
        ("ru", f"/ru{path}"),
        ("kk", f"/kk{path}"),
        ("x-default", path),
    ]:
        assert f'<link rel="alternate" hreflang="{code}" href="{site}{address}">' in html


def test_the_switcher_keeps_the_filters(client, seeded):
    html = client.get("/kk/claims/?verdict=false&sort=oldest").content.decode()

    assert 'href="/claims/?verdict=false&amp;sort=oldest" hreflang="en-gb"' in html
    assert 'href="/ru/claims/?verdict=false&amp;sort=oldest" hreflang="ru"' in html


def test_links_on_a_translated_page_stay_in_its_language(client, seeded):
    html = client.get("/ru/").content.decode()

    assert 'href="/ru/claims/"' in html
    assert 'href="/ru/methodology/"' in html
    assert 'href="/claims/"' not in html.replace('hreflang="en-gb"', "")


@pytest.mark.parametrize(
    ("language", "stated"),
    [("", "2022-01-09"), ("/ru", "9 января 2022 г."), ("/kk", "2022 жылғы 9 қаңтар")],
)
def test_dates_are_written_the_languages_way(client, language, stated):
    claim = factories.published_claim(stated_on=datetime.date(2022, 1, 9))

    html = client.get(f"{language}{claim.get_absolute_url()}").content.decode()

    assert stated in html


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en-gb", "about 12,500 as of about 2022-01-09"),
        ("ru", "около 12\xa0500 as of около 9 января 2022 г."),
        ("kk", "шамамен 12\xa0500 as of шамамен 2022 жылғы 9 қаңтар"),
    ],
)
def test_figures_are_written_the_languages_way(language, shown):
    figure = Figure(
        value=Decimal("12500"),
        approximate=Figure.Qualifier.ABOUT,
        as_of=datetime.date(2022, 1, 9),
        as_of_precision="approximate",
    )

    with translation.override(language):
        assert f"{figure.display_value} as of {figure.as_of_display}" == shown


def test_prefixed_pages_are_cached_as_their_own_entries_under_the_same_keys(client, seeded):
    claim = Claim.objects.get(ref="televised-confession")
    english = client.get(claim.get_absolute_url())
    russian = client.get(f"/ru{claim.get_absolute_url()}")

    assert russian["Cache-Control"].startswith("public")
    assert russian["Surrogate-Key"] == english["Surrogate-Key"]
    assert f"claim-{claim.pk}" in russian["Surrogate-Key"].split()
    # The address alone decides the language: a cache needs no variant per browser.
    assert "Accept-Language" not in russian.get("Vary", "")
    assert "Accept-Language" not in english.get("Vary", "")
    assert english["ETag"] != russian["ETag"]


def test_the_browsers_language_does_not_change_a_public_page(client, seeded):
    page = client.get("/claims/", HTTP_ACCEPT_LANGUAGE="ru")

    assert page["Content-Language"] == "en-gb"
    assert "Show claims" in page.content.decode()


def test_the_api_is_not_prefixed_and_its_labels_follow_accept_language(client, seeded):
    assert client.get("/ru/api/v1/claims/").status_code == 404
    answer = client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="ru")

    assert answer.status_code == 200
    assert answer["Content-Language"] == "ru"
    assert "Accept-Language" in answer["Vary"]


def test_the_admin_follows_the_browsers_language(client, editor):
    client.force_login(editor)

    russian = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    kazakh = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    english = client.get("/admin/").content.decode()

    assert '<html lang="ru"' in russian
    assert "Заявления, доказательства и вердикты" in russian  # ours
    assert "Выйти" in russian  # Django's
    assert "Мәлімдемелер, дәлелдер және вердиктер" in kazakh
    assert "Claims, evidence and verdicts" in english


def test_the_admin_writes_dates_as_the_pages_do(client, editor):
    claim = factories.published_claim()
    client.force_login(editor)

    listing = client.get("/admin/claims/claim/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    with translation.override("ru"):
        updated = formats.date_format(timezone.localtime(claim.updated_at), "DATETIME_FORMAT")
    assert re.fullmatch(r"\d{1,2} [а-я]+ \d{4} г\., \d{2}:\d{2}", updated)
    assert updated in listing


def _catalogue(path: Path) -> dict:
    with path.open("rb") as compiled:
        return dict(gettext.GNUTranslations(compiled)._catalog)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_are_complete_and_compiled(language, tmp_path):
    msgfmt = require_program("msgfmt", install="apt-get install gettext")
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    statistics = subprocess.run(
        [msgfmt, "--check-format", "--statistics", "-o", str(tmp_path / "fresh.mo"), source],
        capture_output=True,
        text=True,
        check=True,
    ).stderr

    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics
    committed = _catalogue(LOCALE / language / "LC_MESSAGES" / "django.mo")
    assert committed == _catalogue(tmp_path / "fresh.mo"), "run manage.py compilemessages"


@pytest.mark.parametrize(
    ("language", "name"), [("", "Kazakhstan"), ("/ru", "Казахстан"), ("/kk", "Қазақстан")]
)
def test_countries_are_named_in_the_pages_language(client, language, name):
    claim = factories.published_claim(claimant__country="KZ")
    factories.EvidenceFactory(claim=claim, source__outlet__country="KZ")
    outlet = claim.evidence.get().source.outlet

    for path in (claim.claimant.get_absolute_url(), outlet.get_absolute_url()):
        kicker = client.get(f"{language}{path}").content.decode().split('class="kicker"')[1]
        assert name in kicker.split("</p>")[0], path
