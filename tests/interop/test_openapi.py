"""The OpenAPI schema is valid for openapi-spec-validator, and a client generated from it
by openapi-python-client lists claims, pages through a cursor, gets a 304 for an unchanged
page by its ETag, and accepts every value the API sends (an external review's empty
rating included). The client talks HTTP to the application through httpx's WSGI
transport, in the test's own transaction."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

from intake.claimreview_import import import_reviews, records_from_bytes
from tests import factories
from tests.intake.test_import import review

pytestmark = pytest.mark.django_db

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        document = SchemaGenerator().get_schema(request=None, public=True)
    # JSON as a client generator reads it (dates and lazy strings as text).
    return json.loads(json.dumps(document, default=str))


@pytest.fixture(scope="module")
def generated(schema, tmp_path_factory):
    """The package openapi-python-client writes for our schema, imported."""
    folder = tmp_path_factory.mktemp("openapi")
    (folder / "schema.json").write_text(json.dumps(schema))
    (folder / "config.yaml").write_text(
        "project_name_override: factcheck_client\npackage_name_override: factcheck_client\npost_hooks: []\n"
    )
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"), "generate", "--path", "schema.json",
            "--meta", "none", "--config", "config.yaml", "--output-path", "factcheck_client",
        ],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    yield lambda name: importlib.import_module(f"factcheck_client.{name}")
    sys.path.remove(str(folder))
    for name in [n for n in sys.modules if n.startswith("factcheck_client")]:
        del sys.modules[name]


@pytest.fixture
def api(generated):
    """A generated client whose requests reach the application in-process."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    transport = httpx.WSGITransport(app=get_wsgi_application())
    client = generated("client").Client(
        base_url="http://testserver", httpx_args={"transport": transport}
    )
    yield client
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_every_enum_lists_every_value_the_api_sends(schema):
    rating = schema["components"]["schemas"]["ExternalReview"]["properties"]["rating"]
    listed = set()
    for option in rating.get("oneOf", [rating]):
        name = option["$ref"].rsplit("/", 1)[-1]
        listed |= set(schema["components"]["schemas"][name]["enum"])
    assert "" in listed and "false" in listed


def test_the_generated_client_lists_pages_and_polls(api, generated):
    claims_list = generated("api.claims.claims_list")
    published = [factories.published_claim() for _ in range(3)]

    first = claims_list.sync_detailed(client=api, page_size=2)
    cursor = httpx.URL(first.parsed.next_).params["cursor"]
    second = claims_list.sync_detailed(client=api, page_size=2, cursor=cursor)
    unchanged = claims_list.sync_detailed(
        client=api.with_headers({"If-None-Match": first.headers["ETag"]}), page_size=2
    )

    assert first.status_code == 200
    ids = [claim.id for claim in first.parsed.results + second.parsed.results]
    assert sorted(ids) == sorted(claim.pk for claim in published)
    assert second.parsed.next_ is None
    assert first.parsed.results[0].public_url.startswith("http")
    assert unchanged.status_code == 304


def test_the_generated_client_reads_an_unmapped_external_review(api, generated):
    body = json.dumps([review(1, rating="Mixto"), review(2, rating="False")]).encode()
    import_reviews(records_from_bytes(body, "reviews.json"))
    external_reviews_list = generated("api.external_reviews.external_reviews_list")

    answer = external_reviews_list.sync_detailed(client=api)

    ratings = {item.rating_text: item.rating for item in answer.parsed.results}
    assert answer.status_code == 200
    assert ratings["Mixto"].value == ""
    assert ratings["False"].value == "false"


def test_the_generated_client_reads_the_claimreview_feed(api, generated):
    factories.published_claim(rating="misleading")
    feed = generated("api.claimreview.claimreview_list")

    answer = feed.sync_detailed(client=api)

    assert answer.status_code == 200
    assert answer.parsed.type_ == "DataFeed"
    assert answer.parsed.data_feed_element[0].review_rating.alternate_name == "Misleading"
