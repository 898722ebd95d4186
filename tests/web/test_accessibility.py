"""Every page: a title, one h1 and no skipped heading levels, a label for every form
field, a language, and a viewport for phones."""

import pytest

from claims.models import Claim
from sources.models import Outlet, Source
from tests.web.dom import heading_levels, parse

pytestmark = pytest.mark.django_db


def seeded_pages() -> list[str]:
    confession = Claim.objects.get(ref="televised-confession")
    return [
        "/",
        "/claims/",
        "/claims/?verdict=bogus",
        confession.get_absolute_url(),
        confession.claimant.get_absolute_url(),
        confession.event.get_absolute_url(),
        Source.objects.get(ref="report-164-killed").get_absolute_url(),
        Outlet.objects.get(slug="viewers-in-kyrgyzstan").get_absolute_url(),
        "/methodology/",
        f"/embed/claims/{confession.pk}/",
    ]


def check_page(client, url, titles):
    page = parse(client.get(url).content)
    html = page.find("html")
    assert html.attrs.get("lang") == "en-gb", url  # British English, the site's default language
    assert page.find_all("meta", name="viewport"), url

    title = page.find("title").text()
    assert title and title not in titles, url
    titles.add(title)

    levels = heading_levels(page)
    assert levels.count(1) == 1 and levels[0] == 1, url
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{url}: h{before} followed by h{after}"

    labelled = {label.attrs.get("for") for label in page.find_all("label")}
    for tag in ("input", "select", "textarea"):
        for control in page.find_all(tag):
            if control.attrs.get("type") not in ("hidden", "submit"):
                assert control.attrs.get("id") in labelled, f"{url}: unlabelled {tag}"


def test_every_page_is_titled_headed_in_order_and_labelled(client, seeded):
    titles = set()
    for url in seeded_pages():
        check_page(client, url, titles)


def test_staff_pages_keep_the_same_structure(staff_client, seeded):
    titles = set()
    for url in seeded_pages():
        check_page(staff_client, url, titles)
