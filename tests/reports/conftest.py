from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims import workflow
from claims.demo_data import DemoSize, generate
from claims.models import Claim
from intake import services as intake
from tests import factories


def desk_work(*, fact_checker, editor) -> dict:
    """A month of the desk's work through the services: a claim researched, reviewed,
    sent back, reviewed again, published, corrected; another retracted; tips received,
    turned into a claim, declined."""
    claim = factories.ClaimFactory()
    factories.EvidenceFactory(claim=claim)
    for to in ("researching", "in_review", "researching", "in_review"):
        workflow.move_claim(claim=claim, to=to, by=fact_checker if to == "in_review" else editor)
    workflow.draft_verdict(claim=claim, by=fact_checker, rating="false", rationale="It is not so.")
    workflow.publish_claim(claim=claim, by=editor)
    factories.draft_correction(claim, by=fact_checker)
    workflow.publish_claim(claim=claim, by=editor)

    retracted = factories.published_claim(rating="true")
    factories.published_claim(rating="false", language="en-GB", text="Said in London.")
    factories.published_claim(rating="false", language="ru", text="Сказано в Алматы.")
    workflow.retract_claim(claim=retracted, by=editor, reason="Published by mistake.")

    tips = [intake.receive_tip(text=f"A tip about claim {n}") for n in range(4)]
    from_tip = intake.tip_to_claim(tip=tips[0], by=fact_checker)
    factories.EvidenceFactory(claim=from_tip)
    workflow.move_claim(claim=from_tip, to="researching", by=fact_checker)
    workflow.move_claim(claim=from_tip, to="in_review", by=fact_checker)
    workflow.draft_verdict(claim=from_tip, by=fact_checker, rating="mixed", rationale="Partly.")
    workflow.publish_claim(claim=from_tip, by=editor)
    intake.decline_tip(tip=tips[1], by=editor)
    return {"claim": claim, "retracted": retracted, "from_tip": from_tip}


@pytest.fixture
def desk(db, fact_checker, editor):
    """The seed case, demo data over the last eight years, and a month of desk work."""
    call_command("load_seeds", stdout=StringIO())
    generate(size=DemoSize(claims=160, sources=40), today=timezone.localdate())
    # Some demo claims retracted, so every figure has something in it.
    for claim in Claim.objects.published().filter(ref__isnull=True).order_by("pk")[:3]:
        workflow.retract_claim(claim=claim, by=editor, reason="Demo retraction.")
    return desk_work(fact_checker=fact_checker, editor=editor)
