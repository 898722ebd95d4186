"""The figures' whole story as the desk lives it: a verdict holds as of a date; a revised
figure entered in the admin marks the older one revised, puts the published claim in the
queue “figures changed since the verdict” (overview and admin) and tells subscribers."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from claims import workflow
from claims.models import Claim
from figures.models import (
    ChangedFigureClaim,
    ChangedSinceVerdict,
    Figure,
    _due,
    changed_since_verdict,
)
from tests.factories import (
    AppearanceFactory,
    ClaimantFactory,
    EditorFactory,
    EvidenceFactory,
    FigureFactory,
    QuantityFactory,
    published_claim,
)
from webhooks.models import EventType, Message, Subscription

pytestmark = pytest.mark.django_db


def verdict_as_of(claim, day, *, author, publisher):
    if not claim.evidence.exists():
        EvidenceFactory(claim=claim)
    workflow.draft_verdict(
        claim=claim,
        by=author,
        rating="mostly_true",
        rationale="The ministry's count bears it out.",
        correction_note="Checked against the ministry's count.",
        holds_as_of=day,
    )
    return workflow.publish_claim(claim=claim, by=publisher)


@pytest.fixture
def case():
    author, publisher = EditorFactory(), EditorFactory()
    ministry = ClaimantFactory(name="Health ministry")
    toll = QuantityFactory(name="People killed", slug="people-killed")
    claim = published_claim(summary="164 people were killed")
    old = FigureFactory(
        quantity=toll,
        reported_by=ministry,
        value=164,
        as_of=datetime.date(2022, 1, 9),
        claims=[claim],
    )
    verdict_as_of(claim, datetime.date(2022, 1, 9), author=author, publisher=publisher)
    return {"claim": claim, "old": old, "toll": toll, "ministry": ministry, "editor": author}


def admin_figure(case, **fields):
    data = {
        "quantity": case["toll"].pk,
        "value": "225",
        "low": "",
        "high": "",
        "approximate": "",
        "as_of": "2022-01-15",
        "as_of_precision": "day",
        "reported_on": "2022-01-15",
        "reported_by": case["ministry"].pk,
        "reporting_outlet": "",
        "source": "",
        "standing": "current",
        "note": "",
        "claims": [],
    }
    data.update(fields)
    return data


def test_a_revised_figure_entered_in_the_admin_moves_the_claim_into_the_queue(client, case):
    Subscription.objects.create(
        url="https://hooks.example.org/in", events=[EventType.FIGURE_REVISED], secret="whsec_test"
    )
    claim = case["claim"]
    assert not changed_since_verdict(Claim.objects.all()).exists()
    client.force_login(case["editor"])
    # The ministry's new count, in material the published claim's page already shows.
    statement = AppearanceFactory(claim=claim).source
    response = client.post("/admin/figures/figure/add/", admin_figure(case, source=statement.pk))
    assert response.status_code == 302, response.content.decode()[:2000]

    case["old"].refresh_from_db()
    new = Figure.objects.get(value=225)
    assert case["old"].standing == Figure.Standing.REVISED
    assert case["old"].revised_by == new
    assert list(changed_since_verdict(Claim.objects.all())) == [claim]

    (message,) = Message.objects.filter(type=EventType.FIGURE_REVISED)
    body = message.body if isinstance(message.body, dict) else json.loads(message.body)
    assert body["data"]["figure"]["id"] == case["old"].pk
    assert body["data"]["revised_by"]["id"] == new.pk

    overview = client.get("/").content.decode()
    assert "Figures changed since the verdict" in overview
    assert "164 people were killed" in overview
    queue = client.get("/admin/figures/changedfigureclaim/").content.decode()
    assert "164 people were killed" in queue and "164 → 225" in queue


def test_a_figure_revised_before_the_verdict_date_leaves_the_claim_alone(case):
    FigureFactory(
        quantity=case["toll"],
        reported_by=case["ministry"],
        value=170,
        as_of=datetime.date(2022, 1, 10),
        reported_on=datetime.date(2022, 1, 8),
    )
    case["old"].refresh_from_db()
    assert case["old"].standing == Figure.Standing.REVISED
    # The old figure became the earlier one... but it was revised on 8 January, before
    # the verdict's 9 January: the verdict already knew.
    assert not changed_since_verdict(Claim.objects.all()).exists()


def test_a_correction_holding_as_of_a_later_date_takes_the_claim_out_of_the_queue(case):
    FigureFactory(
        quantity=case["toll"],
        reported_by=case["ministry"],
        value=225,
        as_of=datetime.date(2022, 1, 15),
    )
    assert changed_since_verdict(Claim.objects.all()).exists()
    verdict_as_of(
        case["claim"], datetime.date(2022, 1, 16), author=EditorFactory(), publisher=case["editor"]
    )
    assert not changed_since_verdict(Claim.objects.all()).exists()


def test_a_withdrawn_fact_check_leaves_the_queue(case):
    FigureFactory(
        quantity=case["toll"],
        reported_by=case["ministry"],
        value=225,
        as_of=datetime.date(2022, 1, 15),
    )
    assert changed_since_verdict(Claim.objects.all()).exists()

    workflow.retract_claim(claim=case["claim"], by=case["editor"], reason="Published in error.")

    assert not changed_since_verdict(Claim.objects.all()).exists()
    assert not ChangedSinceVerdict.objects.exists()


def test_demo_data_fills_the_queue_as_the_rule_says(django_assert_max_num_queries):
    call_command("generate_demo_data", claims=300, stdout=StringIO(), stderr=StringIO())
    stored = set(ChangedSinceVerdict.objects.values_list("claim_id", flat=True))
    assert stored and stored == _due()
    with django_assert_max_num_queries(1):
        assert changed_since_verdict(Claim.objects.all()).count() == len(stored)


def test_the_verdict_shows_its_as_of_date_in_the_page_and_claimreview(client, case):
    page = client.get(case["claim"].get_absolute_url()).content.decode()
    assert 'as of <time datetime="2022-01-09">2022-01-09</time>' in page
    review = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )
    assert review["temporalCoverage"] == "../2022-01-09"
    api = client.get(f"/api/v1/claims/{case['claim'].pk}/claimreview/").json()
    assert api["temporalCoverage"] == "../2022-01-09"
    listed = client.get("/api/v1/claims/").json()["results"][0]
    assert listed["verdict"]["holds_as_of"] == "2022-01-09"


def test_a_verdict_without_a_set_date_holds_as_of_its_publication_day(case):
    claim = published_claim()
    assert claim.current_verdict.as_of == claim.current_verdict.published_at.date()


def test_the_claim_page_says_its_figure_was_later_revised(client, case):
    FigureFactory(
        quantity=case["toll"],
        reported_by=case["ministry"],
        value=225,
        as_of=datetime.date(2022, 1, 15),
        source=case["claim"].evidence.get().source,  # public: the published claim uses it
    )
    page = client.get(case["claim"].get_absolute_url()).content.decode()
    assert "Figures in this claim" in page
    assert "Later revised: Health ministry gave 225 as of 2022-01-15." in page


def test_a_reader_is_not_told_a_revised_value_they_may_not_see(client, case):
    # The new count is in no public source and no published claim asserts it yet: readers
    # learn that the claim's figure was revised, not the value the desk has not published.
    FigureFactory(
        quantity=case["toll"],
        reported_by=case["ministry"],
        value=225,
        as_of=datetime.date(2022, 1, 15),
    )
    page = client.get(case["claim"].get_absolute_url()).content.decode()
    assert "Later revised by its reporter." in page
    assert "225" not in page
    quantity_page = client.get(case["toll"].get_absolute_url()).content.decode()
    assert "225" not in quantity_page
    client.force_login(case["editor"])
    page = client.get(case["claim"].get_absolute_url()).content.decode()
    assert "Later revised: Health ministry gave 225 as of 2022-01-15." in page


def test_the_claim_page_says_its_figure_is_out_of_line(client, case):
    other = ClaimantFactory(name="Rights group")
    FigureFactory(quantity=case["toll"], reported_by=other, value=400, claims=[published_claim()])
    page = client.get(case["claim"].get_absolute_url()).content.decode()
    assert "Out of line with independent figures" in page
    assert "is 400" in page


def test_the_queue_is_staff_only(client, case):
    FigureFactory(
        quantity=case["toll"],
        reported_by=case["ministry"],
        value=225,
        as_of=datetime.date(2022, 1, 15),
    )
    assert "Figures changed since the verdict" not in client.get("/").content.decode()
    assert ChangedFigureClaim.objects.count() >= 1
