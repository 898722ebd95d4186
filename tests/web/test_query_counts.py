"""Every list page costs the same number of queries with 3 rows as with 25.

The tests only read, so both sets of rows are built once for the module."""

from types import SimpleNamespace

import pytest

from claims.models import LATEST_DATE, Evidence
from core.keyset import encode_cursor
from tests import factories
from tests.conftest import rows_for_the_module
from tests.web.conftest import add_correction

pytestmark = pytest.mark.django_db

SIZES = [3, 25]
LATEST = LATEST_DATE.isoformat()
RATINGS = ["false", "true", "misleading", "unsubstantiated", "mostly_false"]


def build_case(n, fact_checker, editor):
    """``n`` published claims by one claimant about one event, all resting on one source
    of one outlet, one of them with ``n`` pieces of evidence, appearances and corrections;
    plus ``n`` claims in each work queue."""
    claimant, event = factories.ClaimantFactory(), factories.EventFactory()
    outlet = factories.OutletFactory()
    shared = factories.SourceFactory(outlet=outlet)
    claims = []
    for i in range(n):
        claim = factories.published_claim(
            rating=RATINGS[i % len(RATINGS)], claimant=claimant, event=event
        )
        factories.EvidenceFactory(claim=claim, source=shared, stance=Evidence.Stance.CONTRADICTS)
        factories.AppearanceFactory(claim=claim, source=shared)
        claims.append(claim)
        factories.ClaimFactory(claimant=factories.ClaimantFactory())
    busy = claims[0]
    for i in range(n):
        factories.EvidenceFactory(claim=busy, source=factories.SourceFactory(cites=[shared]))
        factories.AppearanceFactory(claim=busy)
        add_correction(
            busy,
            rating=RATINGS[(i + 1) % len(RATINGS)],
            note=f"Correction {i}",
            author=fact_checker,
            editor=editor,
        )
        shared.cites.add(factories.SourceFactory())
    return SimpleNamespace(claimant=claimant, event=event, outlet=outlet, source=shared, busy=busy)


@pytest.fixture(scope="module")
def cases(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        fact_checker = factories.FactCheckerFactory(username="counted-checker")
        editor = factories.EditorFactory(username="counted-editor")
        yield {n: build_case(n, fact_checker, editor) for n in SIZES}


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-rows")
def case(request, cases):
    return cases[request.param]


PAGES = {
    "overview": (lambda c: "/", 4),  # the counts, top claimants, latest verdicts, corrections
    "claims list": (lambda c: "/claims/?sort=updated", 4),
    "claims search": (lambda c: "/claims/?q=claim&verdict=misleading", 4),
    "claims list, a later page": (
        lambda c: f"/claims/?sort=oldest&after={encode_cursor('oldest', LATEST, c.busy.pk)}",
        4,
    ),
    # + relied-on material, reviews, the claim's figures with each quantity's latest values,
    # and the translations of the claim and its verdict (for its ClaimReviews)
    "claim": (lambda c: c.busy.get_absolute_url(), 10),
    "claimant": (lambda c: c.claimant.get_absolute_url(), 5),
    "event": (lambda c: c.event.get_absolute_url(), 4),
    "source": (lambda c: c.source.get_absolute_url(), 6),  # + its media files
    "outlet": (lambda c: c.outlet.get_absolute_url(), 5),
    "embed": (lambda c: f"/embed/claims/{c.busy.pk}/", 1),
    "methodology": (lambda c: "/methodology/", 0),
}


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_pages_cost_constant_queries(client, case, name, django_assert_max_num_queries):
    url, bound = PAGES[name]

    with django_assert_max_num_queries(bound):
        response = client.get(url(case))

    assert response.status_code == 200


STAFF_EXTRA = 4  # the session, the user, and the permissions of the user and of its groups


@pytest.mark.parametrize("name", ["overview", "claims list", "claim", "source", "outlet"])
def test_staff_pages_cost_constant_queries(staff_client, case, name, django_assert_max_num_queries):
    url, bound = PAGES[name]
    # The work queues (overdue: one query; the others and figures changed since the
    # verdict: their rows, with their totals from the counts).
    extra = 6 if name == "overview" else 0

    with django_assert_max_num_queries(bound + STAFF_EXTRA + extra):
        response = staff_client.get(url(case))

    assert response.status_code == 200
