"""Unpublished work never reaches an anonymous visitor, on any page; staff see it marked."""

import pytest

from tests.web.conftest import MARKER


def public_pages(work) -> list[str]:
    published = work.published
    return [
        "/",
        "/claims/",
        "/claims/?q=zebras",
        "/claims/?sort=updated",
        "/claims/?claimant=hidden-claimant",
        "/claims/?event=hidden-event",
        published.get_absolute_url(),
        published.claimant.get_absolute_url(),
        published.event.get_absolute_url(),
        work.public_source.get_absolute_url(),
        work.public_source.outlet.get_absolute_url(),
        f"/embed/claims/{published.pk}/",
        "/methodology/",
    ]


def hidden_pages(work) -> list[str]:
    return [
        work.draft.get_absolute_url(),
        f"/embed/claims/{work.retracted.pk}/",
        f"/embed/claims/{work.draft.pk}/",
        work.claimant.get_absolute_url(),
        work.event.get_absolute_url(),
        work.hidden_source.get_absolute_url(),
        work.outlet.get_absolute_url(),
    ]


def test_no_unpublished_text_in_any_anonymous_response(client, unpublished_work):
    retracted = unpublished_work.retracted.get_absolute_url()
    for url in public_pages(unpublished_work) + hidden_pages(unpublished_work) + [retracted]:
        response = client.get(url)
        assert response.status_code in (200, 400, 404, 410), url
        assert MARKER not in response.content.decode(), url


def test_a_retracted_claim_keeps_a_public_notice_with_its_reason_only(client, unpublished_work):
    response = client.get(unpublished_work.retracted.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "A withdrawn fact-check" in page
    assert "The quote was misattributed." in page
    assert MARKER not in page
    assert "application/ld+json" not in page


def test_unpublished_records_are_not_found_for_anonymous_visitors(client, unpublished_work):
    for url in hidden_pages(unpublished_work):
        assert client.get(url).status_code == 404, url


def test_staff_see_unpublished_work_marked_as_not_public(staff_client, unpublished_work):
    draft_page = staff_client.get(unpublished_work.draft.get_absolute_url()).content.decode()
    published_page = staff_client.get(
        unpublished_work.published.get_absolute_url()
    ).content.decode()
    listing = staff_client.get("/claims/", {"q": MARKER}).content.decode()

    assert f"{MARKER} text" in draft_page
    assert f"{MARKER} rationale" in draft_page
    assert "Not public: draft verdict" in draft_page
    assert f"{MARKER} new rationale" in published_page
    assert "Not public: draft verdict" in published_page
    assert f"{MARKER} summary" in listing
    assert "Not public: Draft" in listing
    assert "Not public: Fact-check withdrawn" in listing


@pytest.mark.parametrize("page", ["claimant", "event", "hidden_source", "outlet"])
def test_staff_can_open_records_of_unpublished_work(staff_client, unpublished_work, page):
    response = staff_client.get(getattr(unpublished_work, page).get_absolute_url())

    assert response.status_code == 200
    assert MARKER in response.content.decode()


def test_a_staff_user_with_no_role_sees_the_pages_the_public_sees(client, unpublished_work):
    from tests import factories

    client.force_login(factories.UserFactory(username="intern", is_staff=True))
    for url in public_pages(unpublished_work):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        page = response.content.decode()
        assert MARKER not in page, url
        assert "unpublished work is shown here" not in page, url
    for url in hidden_pages(unpublished_work):
        assert client.get(url).status_code == 404, url
    assert MARKER not in client.get("/feeds/corrections/").content.decode()


def test_a_fact_checker_sees_the_unpublished_work_marked(client, fact_checker, unpublished_work):
    client.force_login(fact_checker)

    page = client.get(unpublished_work.draft.get_absolute_url()).content.decode()

    assert MARKER in page
    assert "unpublished work is shown here" in client.get("/").content.decode()
