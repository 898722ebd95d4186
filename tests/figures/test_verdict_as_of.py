"""A verdict holds as of a date: set on the draft (API, admin) or, left empty, the day it
is published."""

import datetime

import pytest
from django.utils import timezone

from claims import workflow
from claims.models import Claim, Verdict
from tests.admin_payloads import NO_TRANSLATIONS
from tests.api.conftest import token_client
from tests.factories import ClaimFactory, EditorFactory, EvidenceFactory, FactCheckerFactory

pytestmark = pytest.mark.django_db


def claim_in_review(by):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    workflow.move_claim(claim=claim, to=Claim.Status.RESEARCHING, by=by)
    workflow.move_claim(claim=claim, to=Claim.Status.IN_REVIEW, by=by)
    return claim


def test_a_draft_written_through_the_api_keeps_its_as_of_date_when_published():
    checker, editor = FactCheckerFactory(), EditorFactory()
    claim = claim_in_review(checker)
    drafted = token_client(checker).post(
        "/api/v1/verdicts/",
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "Because.",
            "holds_as_of": "2022-01-09",
        },
        format="json",
    )
    assert drafted.status_code == 201, drafted.content
    assert drafted.json()["holds_as_of"] == "2022-01-09"
    published = token_client(editor).post(f"/api/v1/claims/{claim.pk}/publish/")
    assert published.json()["verdict"]["holds_as_of"] == "2022-01-09"


def test_a_verdict_published_without_a_date_holds_as_of_its_publication_day():
    checker, editor = FactCheckerFactory(), EditorFactory()
    claim = claim_in_review(checker)
    workflow.draft_verdict(claim=claim, by=checker, rating="false", rationale="Because.")
    verdict = workflow.publish_claim(claim=claim, by=editor)
    assert verdict.holds_as_of == timezone.localdate()


def test_a_bad_as_of_date_is_a_400():
    checker = FactCheckerFactory()
    claim = claim_in_review(checker)
    response = token_client(checker).post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "false", "rationale": "Because.", "holds_as_of": "Sunday"},
        format="json",
    )
    assert response.status_code == 400
    assert "holds_as_of" in response.json()
    assert not Verdict.objects.exists()


def test_the_admin_verdict_form_sets_the_as_of_date(client):
    checker = FactCheckerFactory()
    claim = claim_in_review(checker)
    client.force_login(checker)
    response = client.post(
        "/admin/claims/verdict/add/",
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "Because.",
            "correction_note": "",
            "holds_as_of": "2022-01-09",
            **NO_TRANSLATIONS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Verdict.objects.get().holds_as_of == datetime.date(2022, 1, 9)
