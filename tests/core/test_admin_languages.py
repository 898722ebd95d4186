"""The admin in Russian and Kazakh: on the lists, add and change pages of the main
records, no name of a model or field, help text, choice label, column or section title is
left as the English page has it, and the messages after an action, a workflow refusal and
a form's error come in the user's language (the readers' pages have their own test,
tests/newsroom/test_languages_pages.py)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from claims import workflow
from claims.models import Claim, Claimant, Event, Evidence, Verdict
from figures.models import Figure, Quantity
from sources.models import Outlet, Source
from tests import factories
from tests.admin_payloads import NO_TRANSLATIONS
from tests.newsroom.test_languages_pages import record_texts

pytestmark = pytest.mark.django_db

LANGUAGES = ("ru", "kk")
# What reads the same in every language: names of formats and standards.
SAME_IN_EVERY_LANGUAGE = {"API", "BCP 47", "ClaimReview", "ID", "JSON-LD", "SHA-256", "URL"}
# What other packages' catalogues leave in English in Kazakh: django-countries' names of
# countries and Django's "Show counts" of the list filters.
with translation.override("en"):
    NOT_OURS = {str(name) for _code, name in countries} | {"Show counts"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
EDGES = " \t\n,.;:·()“”\"'–—→*"
MAIN_MODELS = (Claim, Source, Outlet, Verdict, Evidence, Figure, Quantity, Claimant, Event)
# The elements that carry the names a page gives its models, fields and choices.
NAMING = {"title", "h1", "h2", "h3", "label", "legend", "th", "summary", "option", "caption"}


class _Names(HTMLParser):
    """The text of the page's labels, headings, column titles, choices and help texts."""

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._open: list[str] = []
        self._text: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if (tag in NAMING or "help" in classes) and "hidden" not in classes:
            self._open.append(tag)
            self._text.append([])
        elif tag in ("script", "style", "textarea") or (tag in NAMING and "hidden" in classes):
            self._open.append(tag)
            self._text.append(None)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()
            text = self._text.pop()
            if text is not None:
                joined = " ".join(" ".join(text).split())
                if joined:
                    self.pieces.append(joined)

    def handle_data(self, data):
        if self._text and self._text[-1] is not None:
            self._text[-1].append(data)


def names(response) -> list[str]:
    parser = _Names()
    parser.feed(response.content.decode())
    return parser.pieces


def is_same_everywhere(piece: str, records: list[str]) -> bool:
    core = piece.strip(EDGES)
    return (
        not core
        or core in SAME_IN_EVERY_LANGUAGE
        or piece in NOT_OURS
        or not ENGLISH_WORD.search(core)
        or any(core in text for text in records)
    )


def english_left(client, path: str, language: str) -> list[str]:
    """The names on the admin page ``path`` in ``language`` that are the English page's."""
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    translated = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert english.status_code == translated.status_code == 200, path
    assert translated["Content-Language"] == language
    records = record_texts() + [
        str(row) for model in (get_user_model(), *MAIN_MODELS) for row in model.objects.all()
    ]
    english_names = set(names(english))
    return sorted(
        {
            piece
            for piece in names(translated)
            if piece in english_names and not is_same_everywhere(piece, records)
        }
    )


@pytest.fixture
def records():
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim)
    factories.AppearanceFactory(claim=claim)
    factories.FigureFactory()
    return claim


def admin_pages() -> list[str]:
    pages = []
    for model in MAIN_MODELS:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        pages += [base, f"{base}add/", f"{base}{model.objects.first().pk}/change/"]
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_name_is_left_on_the_admins_main_pages(client, records, editor, language):
    client.force_login(editor)

    left = {path: english_left(client, path, language) for path in admin_pages()}

    assert {path: pieces for path, pieces in left.items() if pieces} == {}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_actions_messages_come_in_russian(client, editor):
    client.force_login(editor)
    ready = factories.ClaimFactory(status=Claim.Status.DRAFT)
    published = factories.published_claim()

    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "send_to_research", "_selected_action": [ready.pk, published.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert messages_of(response) == [
        f"«{published}»: его статус — «опубликовано», а не «черновик».",
        "Заявлений переведено в статус «изучается»: 1.",
    ]


def test_a_workflow_refusal_comes_in_russian(client, editor):
    client.force_login(editor)
    claim = factories.ClaimFactory(status=Claim.Status.IN_REVIEW)

    response = client.post(
        reverse("admin:claims_claim_retract", args=[claim.pk]),
        {"reason": "Withdrawn."},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert messages_of(response) == [
        "Заявление нельзя перевести из статуса «На проверке у редактора» в статус "
        "«Проверка отозвана»."
    ]


def test_a_verdict_forms_error_and_the_publish_page_come_in_russian(client, editor):
    client.force_login(editor)
    claim = factories.published_claim()

    response = client.post(
        reverse("admin:claims_verdict_add"),
        {"claim": claim.pk, "rating": "true", "rationale": "New facts.", **NO_TRANSLATIONS},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["correction_note"] == [
        "У этого заявления уже есть опубликованный вердикт: в примечании об исправлении "
        "публично объясните, что меняет это исправление и почему."
    ]

    workflow.draft_verdict(
        claim=claim, by=editor, rating="true", rationale="New facts.", correction_note="Newer."
    )
    page = client.get(
        reverse("admin:claims_claim_step", args=[claim.pk, Claim.Status.PUBLISHED]),
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert page.status_code == 200
    assert page.context["title"] == "Опубликовать исправление «Правда»"
