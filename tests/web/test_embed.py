import pytest

from claims.models import Claim
from tests import factories
from tests.web.dom import parse

pytestmark = pytest.mark.django_db


def test_embed_card_shows_the_verdict_and_links_back(client, seeded):
    claim = Claim.objects.get(ref="televised-confession")

    response = client.get(f"/embed/claims/{claim.pk}/")

    card = parse(response.content).find("article", class_="embed-card")
    assert card.find("h1").text() == claim.summary
    assert card.find("span", class_="badge").text() == "Unsubstantiated"
    assert "Evidence check: No independent evidence" in card.text()  # one unverified broadcast
    assert card.find("a").attrs["href"] == f"http://127.0.0.1:8000/claims/{claim.pk}/"


def test_only_the_embed_card_may_be_framed(client, seeded):
    claim = Claim.objects.get(ref="televised-confession")

    embed = client.get(f"/embed/claims/{claim.pk}/")
    page = client.get(claim.get_absolute_url())

    assert "X-Frame-Options" not in embed.headers
    assert page.headers["X-Frame-Options"] == "DENY"
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_unpublished_claims_have_no_embed_card_even_for_staff(staff_client, db):
    claim = factories.ClaimFactory()

    assert staff_client.get(f"/embed/claims/{claim.pk}/").status_code == 404


def test_content_security_policy_lets_only_the_embed_card_be_framed(client, seeded):
    claim = Claim.objects.get(ref="televised-confession")

    embed = client.get(f"/embed/claims/{claim.pk}/")
    page = client.get(claim.get_absolute_url())

    assert "frame-ancestors" not in embed.headers["Content-Security-Policy"]
    assert "script-src 'self'" in embed.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
