"""Fuzzing: schemathesis generates requests for every operation of the OpenAPI schema,
valid and invalid, anonymously and with a fact-checker's and an editor's token, against a
live server on the test database, and checks every answer: no server error, a status
code the schema documents, a body and headers that conform to it.

The run is bounded and reproducible (a fixed seed, a fixed number of examples per
operation: about 2,000 requests in all). CI runs it with `make fuzz`.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from knox.models import AuthToken

from core.throttles import AnonThrottle, SearchThrottle, UserThrottle
from tests import factories

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEED = 20260112
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "14"))
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
REPORTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "fuzz"


@pytest.fixture
def unthrottled(monkeypatch):
    """Thousands of requests from one address and three users: the rates are not under test."""
    for throttle in (AnonThrottle, UserThrottle, SearchThrottle):
        monkeypatch.setattr(throttle, "allow_request", lambda self, request, view: True)


def fuzz(base_url: str, who: str, token: str | None):
    REPORTS.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/api/schema/",
        "--url", base_url, "--phases", "examples,fuzzing",
        "--seed", str(SEED), "--max-examples", str(EXAMPLES), "--generation-deterministic",
        "--checks", CHECKS, "--workers", "1", "--continue-on-failure", "--no-shrink",
        "--request-timeout", "30", "--max-redirects", "0",
        "--report", "ndjson", "--report-ndjson-path", str(REPORTS / f"{who}.ndjson"),
    ]  # fmt: skip
    if token:
        # Signing out would revoke the token the rest of the run uses.
        command += ["--header", f"Authorization: Token {token}"]
        command += ["--exclude-path-regex", "^/api/auth/"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("who", ["anonymous", "fact-checker", "editor"])
def test_no_generated_request_breaks_the_api_or_its_schema(live_server, unthrottled, who):
    call_command("load_seeds", stdout=StringIO())
    user = {
        "anonymous": None,
        "fact-checker": lambda: factories.FactCheckerFactory(username="fuzz-checker"),
        "editor": lambda: factories.EditorFactory(username="fuzz-editor"),
    }[who]
    token = AuthToken.objects.create(user())[1] if user else None

    result = fuzz(live_server.url, who, token)

    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
