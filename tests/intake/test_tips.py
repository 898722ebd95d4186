from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim
from intake import services
from intake.models import Tip
from intake.signals import tip_received
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = {
    "text": "The mayor said the new metro line carries a million people a day.",
    "seen_url": "https://video.example.org/watch/123",
    "seen_description": "",
    "contact": "reader@example.org",
}


def test_the_public_page_asks_for_the_claim_where_it_was_seen_and_a_contact(client):
    page = client.get("/tips/new/").content.decode()
    assert "Suggest a claim to check" in page
    assert "Where you saw it (link)" in page
    assert "How we can reach you (optional)" in page
    assert "<script" not in page.split("<main", 1)[1]


def test_a_valid_tip_is_stored_and_thanked(client, django_capture_on_commit_callbacks):
    heard = []
    tip_received.connect(
        lambda sender, tip, **kw: heard.append(tip.pk), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/tips/new/", GOOD, follow=True)
    finally:
        tip_received.disconnect(dispatch_uid="t")
    assert "Your suggestion has reached our fact-checkers" in response.content.decode()
    tip = Tip.objects.get()
    assert tip.text == GOOD["text"] and tip.status == Tip.Status.NEW
    assert heard == [tip.pk]


def test_the_honeypot_stores_nothing_but_looks_the_same(client):
    response = client.post("/tips/new/", {**GOOD, "website": "http://spam.example"}, follow=True)
    assert "Your suggestion has reached our fact-checkers" in response.content.decode()
    assert not Tip.objects.exists()


def test_a_tip_without_where_it_was_seen_is_a_form_error(client):
    response = client.post("/tips/new/", {**GOOD, "seen_url": ""})
    assert response.status_code == 400
    assert "Say where you saw it" in response.content.decode()
    assert not Tip.objects.exists()


def test_an_oversized_tip_is_a_form_error(client, settings):
    response = client.post("/tips/new/", {**GOOD, "text": "word " * 1000})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not Tip.objects.exists()


def test_tips_are_throttled_per_address(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "tips": "2/hour",
        },
    }
    from intake.throttles import TipThrottle

    TipThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    try:
        assert client.post("/tips/new/", GOOD).status_code == 302
        assert client.post("/tips/new/", GOOD).status_code == 302
        refused = client.post("/tips/new/", GOOD)
        assert refused.status_code == 429
        assert (
            client.post("/api/v1/tips/", GOOD, content_type="application/json").status_code == 429
        )
    finally:
        from rest_framework.settings import api_settings

        TipThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert Tip.objects.count() == 2


def test_partner_tools_send_tips_through_the_api(client):
    response = client.post("/api/v1/tips/", GOOD, content_type="application/json")
    assert response.status_code == 202
    assert Tip.objects.get().via_api


def test_the_api_names_the_fields_of_a_bad_tip(client):
    response = client.post(
        "/api/v1/tips/", {"text": "short", "seen_url": "not a url"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "text" in str(body) and "seen_url" in str(body)
    assert not Tip.objects.exists()


def test_anonymous_visitors_never_see_tips(client):
    services.receive_tip(**GOOD)
    assert client.get("/api/v1/tips/").status_code in (401, 403)
    assert client.get("/admin/intake/tip/").status_code == 302
    assert GOOD["text"] not in client.get("/claims/?q=metro").content.decode()


def test_contact_details_are_shown_to_editors_only(client, fact_checker, editor):
    services.receive_tip(**GOOD)
    client.force_login(fact_checker)
    assert client.get("/api/v1/tips/").json()["results"][0]["contact"] is None
    tip = Tip.objects.get()
    page = client.get(f"/admin/intake/tip/{tip.pk}/change/").content.decode()
    assert "reader@example.org" not in page and "Visible to editors only" in page
    client.force_login(editor)
    assert client.get("/api/v1/tips/").json()["results"][0]["contact"] == "reader@example.org"
    assert (
        "reader@example.org" in client.get(f"/admin/intake/tip/{tip.pk}/change/").content.decode()
    )


def test_contacts_are_erased_after_the_retention_period(settings):
    settings.TIP_CONTACT_RETENTION_DAYS = 30
    old = services.receive_tip(**GOOD)
    Tip.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=31))
    recent = services.receive_tip(**GOOD)
    assert services.erase_old_contacts(by=None) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.contact == "" and old.contact_erased_at is not None
    assert recent.contact == "reader@example.org"


def test_a_tip_becomes_a_draft_claim_with_its_link_as_an_appearance(fact_checker):
    tip = services.receive_tip(**GOOD)
    claim = services.tip_to_claim(tip=tip, by=fact_checker)
    assert claim.text == GOOD["text"] and claim.status == Claim.Status.DRAFT
    appearance = claim.appearances.get()
    assert appearance.source.url == GOOD["seen_url"]
    tip.refresh_from_db()
    assert tip.status == Tip.Status.CLAIMED and tip.claim == claim


def test_the_queue_action_turns_a_tip_into_a_claim(client, fact_checker):
    tip = services.receive_tip(**GOOD)
    client.force_login(fact_checker)
    queue = client.get("/admin/intake/tip/").content.decode()
    assert "The mayor said the new metro line" in queue
    response = client.post(
        "/admin/intake/tip/",
        {"action": "turn_into_claim", "_selected_action": [tip.pk]},
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/claims/claim/{claim.pk}/change/"
    )


def test_the_tip_page_lists_similar_claims(client, fact_checker):
    factories.ClaimFactory(
        text="The new metro line carries one million passengers every day, said the mayor."
    )
    tip = services.receive_tip(**GOOD)
    client.force_login(fact_checker)
    page = client.get(f"/admin/intake/tip/{tip.pk}/change/").content.decode()
    assert "Possibly the same claim" in page
    assert "one million passengers every day" in page
