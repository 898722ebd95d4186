"""The database restarting under load: requests that meet it get 503 with Retry-After
(JSON for the API, a page for the site), never a 500."""

import logging

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_restarting(monkeypatch):
    real_execute = CursorWrapper.execute

    def execute(self, sql, params=None):
        if "claims_claim" in sql:
            raise OperationalError("terminating connection due to administrator command")
        return real_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)


def test_the_api_answers_503_with_retry_after(client, database_restarting, caplog):
    with caplog.at_level(logging.WARNING):
        answer = client.get("/api/v1/claims/")

    assert answer.status_code == 503
    assert answer.json() == {"detail": "The database is not answering just now."}
    assert int(answer["Retry-After"]) > 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_page_answers_503_with_retry_after(client, database_restarting):
    answer = client.get("/claims/")

    assert answer.status_code == 503
    assert "Briefly unavailable" in answer.content.decode()
    assert int(answer["Retry-After"]) > 0


def test_a_write_that_meets_it_is_refused_with_503_and_nothing_written(checker_client, monkeypatch):
    from claims.models import Evidence
    from tests import factories

    claim, source = factories.ClaimFactory(), factories.SourceFactory()
    real_execute = CursorWrapper.execute

    def execute(self, sql, params=None):
        if sql.startswith('INSERT INTO "claims_evidence"'):
            raise OperationalError("server closed the connection unexpectedly")
        return real_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    answer = checker_client.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": source.pk, "stance": "contradicts"},
        content_type="application/json",
    )

    assert answer.status_code == 503
    assert answer["Retry-After"]
    monkeypatch.undo()
    assert not Evidence.objects.exists()
