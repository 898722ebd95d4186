"""Every list page costs the same number of queries whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import workflow
from claims.models import Claim
from tests import factories
from tests.conftest import rows_for_the_module

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/claims/", "/api/v1/claims/?q=claim", "/api/v1/evidence/", "/api/v1/sources/",
    "/api/v1/outlets/", "/api/v1/claimants/", "/api/v1/events/", "/api/v1/verdicts/",
    "/api/v1/corrections/", "/api/v1/claimreview/",
]  # fmt: skip


@pytest.fixture(scope="module")
def many_claims(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        build_many_claims(
            fact_checker=factories.FactCheckerFactory(username="bounds-checker"),
            editor=factories.EditorFactory(username="bounds-editor"),
        )
        yield


def build_many_claims(*, fact_checker, editor):
    for _ in range(50):
        claim = factories.published_claim()
        source = factories.SourceFactory(cites=[factories.SourceFactory()])
        factories.EvidenceFactory(claim=claim, source=source)
        factories.AppearanceFactory(claim=claim, source=source)
        factories.ClaimantFactory(affiliations=[source.outlet])
    for claim in list(Claim.objects.all()[:50]):
        factories.draft_correction(
            claim, by=fact_checker, rating="true", rationale="New count.", note="Revised."
        )
        workflow.publish_claim(claim=claim, by=editor)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_page_of_5_and_page_of_50_cost_the_same_queries(anon, many_claims, url):
    joiner = "&" if "?" in url else "?"
    small = queries(anon, f"{url}{joiner}page_size=5")
    large = queries(anon, f"{url}{joiner}page_size=50")

    assert small == large <= 4, (small, large)


@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/evidence/", "/api/v1/sources/"])
def test_staff_pages_cost_the_same_queries_too(checker_api, many_claims, url):
    assert queries(checker_api, f"{url}?page_size=5") == queries(checker_api, f"{url}?page_size=50")


def test_claim_detail_is_a_fixed_number_of_queries(
    anon, many_claims, django_assert_max_num_queries
):
    claim = Claim.objects.published().first()

    # The claim, its evidence, appearances, verdicts and their translations, and the
    # figures it asserts.
    with django_assert_max_num_queries(6):
        assert anon.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
