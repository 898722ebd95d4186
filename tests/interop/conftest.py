"""The ecosystem's own tools read what the tracker publishes. Everything these tests use is
installed from requirements-dev.txt; nothing is fetched while they run."""

import pytest

from tests import factories
from tests.sources.conftest import archive_settings, site  # noqa: F401
from tests.webhooks.conftest import receiver, subscribe, webhook_settings  # noqa: F401

PUBLISHER = {
    "FACTCHECK_SITE_URL": "https://factcheck.example.org",
    "FACTCHECK_PUBLISHER_NAME": "Example Fact Check",
    "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/methodology/",
}


@pytest.fixture
def publisher(settings):
    for name, value in PUBLISHER.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def fact_check(db):
    """A published fact-check as complete as the seed's: a dated claim by a named person,
    two appearances (one with an address), a rating on the ordered scale."""
    claimant = factories.ClaimantFactory(name="Minister of Interior", role="Minister")
    claim = factories.published_claim(
        rating="mostly_false",
        claimant=claimant,
        summary="Protesters seized the airport on 5 January",
        stated_on=None,
    )
    outlet = factories.OutletFactory(name="State TV", website="https://tv.example.kz/")
    factories.AppearanceFactory(
        claim=claim,
        appeared_on="2022-01-06",
        source=factories.SourceFactory(
            title="Evening news", url="https://tv.example.kz/news/2022-01-06", outlet=outlet
        ),
    )
    factories.AppearanceFactory(
        claim=claim,
        appeared_on="2022-01-08",
        source=factories.SourceFactory(title="Repeat", url="https://paper.example.kz/a/1"),
    )
    claim.refresh_from_db()
    return claim
