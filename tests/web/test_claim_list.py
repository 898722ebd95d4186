import datetime

import pytest

from claims.models import Claim
from tests import factories
from tests.web.dom import parse

pytestmark = pytest.mark.django_db


def summaries(response) -> list[str]:
    return [h.text() for h in parse(response.content).find_all("h3", class_="claim-row-title")]


def test_filter_by_verdict_shows_only_claims_with_that_verdict(client, seeded):
    response = client.get("/claims/", {"verdict": "not_checkable"})

    assert response.status_code == 200
    assert sorted(summaries(response)) == [
        "Some in the West have misinterpreted the events in Kazakhstan",
        "The counterterrorism operation goes on until terrorists are eliminated",
    ]


def test_filter_by_evidence_status_claimant_and_event(client, seeded):
    unsubstantiated = summaries(client.get("/claims/", {"evidence_status": "unsubstantiated"}))
    by_tokayev = summaries(client.get("/claims/", {"claimant": "kassym-jomart-tokayev"}))
    about_event = summaries(client.get("/claims/", {"event": "kazakhstan-unrest-january-2022"}))

    # Published: 20,000 bandits, terrorist groups, Nazarbayev, the confession.
    assert len(unsubstantiated) == 4
    assert by_tokayev == ["Almaty was attacked by 20,000 “bandits and terrorists”"]
    assert len(about_event) == Claim.objects.published().count()


def test_filter_by_date_range_of_the_statement(client, db):
    factories.published_claim(summary="Early", stated_on=datetime.date(2022, 1, 5))
    factories.published_claim(summary="Middle", stated_on=datetime.date(2022, 1, 8))
    factories.published_claim(summary="Late", stated_on=datetime.date(2022, 1, 20))

    response = client.get("/claims/", {"stated_from": "2022-01-06", "stated_to": "2022-01-10"})

    assert summaries(response) == ["Middle"]


def test_search_finds_claims_by_their_words(client, seeded):
    assert summaries(client.get("/claims/", {"q": "confession"})) == [
        "A man shown confessing on TV was paid to come from Kyrgyzstan to riot"
    ]
    assert summaries(client.get("/claims/", {"q": "nothing-matches-this"})) == []


def test_sort_orders_by_statement_date_both_ways(client, db):
    factories.published_claim(summary="First", stated_on=datetime.date(2022, 1, 1))
    factories.published_claim(summary="Second", stated_on=datetime.date(2022, 1, 2))
    factories.published_claim(summary="Undated", stated_on=None)

    assert summaries(client.get("/claims/", {"sort": "newest"})) == ["Second", "First", "Undated"]
    assert summaries(client.get("/claims/", {"sort": "oldest"})) == ["First", "Second", "Undated"]


def test_search_results_come_best_match_first_unless_sorted_otherwise(client, db):
    factories.published_claim(
        summary="Strong match",
        text="Ballots ballots ballots were burned, ballots lost.",
        stated_on=datetime.date(2022, 1, 1),
    )
    factories.published_claim(
        summary="Weak match", text="Some ballots were late.", stated_on=datetime.date(2022, 1, 9)
    )

    assert summaries(client.get("/claims/", {"q": "ballots"})) == ["Strong match", "Weak match"]
    assert summaries(client.get("/claims/", {"q": "ballots", "sort": "relevance"})) == [
        "Strong match",
        "Weak match",
    ]
    assert summaries(client.get("/claims/", {"q": "ballots", "sort": "newest"})) == [
        "Weak match",
        "Strong match",
    ]


def test_pages_hold_twenty_claims_and_links_keep_the_filters(client, db):
    for day in range(1, 26):
        factories.published_claim(rating="false", stated_on=datetime.date(2022, 1, day))

    first = client.get("/claims/", {"verdict": "false", "sort": "oldest"})
    next_link = parse(first.content).find("a", rel="next").attrs["href"]
    second = client.get(f"/claims/{next_link}")

    assert len(summaries(first)) == 20
    assert len(summaries(second)) == 5
    assert "verdict=false" in next_link
    assert "sort=oldest" in next_link
    assert "after=" in next_link
    assert 'rel="next"' not in second.content.decode()


def test_pages_follow_on_without_repeating_claims_without_a_date_last(client, db):
    dated = [
        factories.published_claim(stated_on=datetime.date(2022, 1, day)) for day in range(1, 23)
    ]
    undated = factories.published_claim(stated_on=None)

    first = client.get("/claims/", {"sort": "newest"})
    second = client.get(f"/claims/{parse(first.content).find('a', rel='next').attrs['href']}")

    seen = summaries(first) + summaries(second)
    assert seen == [c.summary for c in reversed(dated)] + [undated.summary]


def test_a_page_link_that_is_not_ours_is_refused_with_the_form(client, db):
    factories.published_claim()

    response = client.get("/claims/", {"after": "not-a-cursor"})

    assert response.status_code == 400
    assert "page link is not valid" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"verdict": "bogus"},
        {"evidence_status": "maybe"},
        {"event": "no-such-event"},
        {"claimant": "no-such-claimant"},
        {"stated_from": "not-a-date"},
        {"stated_from": "2022-02-01", "stated_to": "2022-01-01"},
        {"sort": "by-magic"},
        {"q": "x" * 201},
        {"q": "null\x00byte"},
        {"page": "-1", "verdict": "bogus"},
    ],
)
def test_invalid_filters_give_a_form_error_not_a_server_error(client, seeded, query):
    response = client.get("/claims/", query)

    assert response.status_code == 400
    errors = parse(response.content).find(class_="form-errors")
    assert errors.find_all("li")


def test_anonymous_visitors_cannot_filter_by_workflow_status(client, seeded):
    response = client.get("/claims/", {"status": "draft"})

    assert response.status_code == 200
    assert not parse(response.content).find_all("select", name="status")
    assert len(summaries(response)) == Claim.objects.published().count()


def test_staff_see_unpublished_claims_marked_and_can_filter_by_status(staff_client, seeded):
    everything = staff_client.get("/claims/")
    in_review = staff_client.get("/claims/", {"status": "in_review"})

    assert len(summaries(everything)) == 20
    assert "Not public: Researching" in parse(everything.content).text()
    assert summaries(in_review) == ["Tokayev says he ordered shooting to kill without warning"]
