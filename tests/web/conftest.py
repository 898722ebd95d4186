from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from claims import workflow
from claims.models import Evidence
from tests import factories

# Text that only unpublished work carries: it must never reach an anonymous visitor.
MARKER = "Qzv-unpublished-4417"


@pytest.fixture
def seeded(db):
    call_command("load_seeds", stdout=StringIO())


@pytest.fixture
def staff_client(client, fact_checker):
    client.force_login(fact_checker)
    return client


def add_correction(claim, *, rating, note, author, editor):
    """Publish a new verdict on a published claim, correcting its current one."""
    factories.draft_correction(
        claim, by=author, rating=rating, rationale=f"Corrected rationale: {note}", note=note
    )
    return workflow.publish_claim(claim=claim, by=editor)


@pytest.fixture
def unpublished_work(db, fact_checker, editor):
    """Unpublished work of every kind, each carrying MARKER, next to a published claim
    that touches it: provenance to a hidden source and a draft correction."""
    outlet = factories.OutletFactory(name=f"{MARKER} outlet", slug="hidden-outlet")
    hidden_source = factories.SourceFactory(title=f"{MARKER} source", outlet=outlet)
    claimant = factories.ClaimantFactory(name=f"{MARKER} claimant", slug="hidden-claimant")
    event = factories.EventFactory(name=f"{MARKER} event", slug="hidden-event")
    draft = factories.ClaimFactory(
        text=f"{MARKER} text about zebras",
        summary=f"{MARKER} summary",
        claimant=claimant,
        event=event,
    )
    factories.EvidenceFactory(
        claim=draft,
        source=hidden_source,
        stance=Evidence.Stance.CONTRADICTS,
        excerpt=f"{MARKER} excerpt",
    )
    factories.AppearanceFactory(claim=draft, source=hidden_source, quote=f"{MARKER} quote")
    factories.VerdictFactory(claim=draft, rationale=f"{MARKER} rationale", author=fact_checker)

    retracted = factories.published_claim(
        summary="A withdrawn fact-check", text=f"{MARKER} retracted text"
    )
    workflow.retract_claim(claim=retracted, by=editor, reason="The quote was misattributed.")

    public_source = factories.SourceFactory(title="Public report", cites=[hidden_source])
    published = factories.published_claim(rating="false", summary="A published claim")
    factories.EvidenceFactory(claim=published, source=public_source)
    factories.AppearanceFactory(claim=published, source=public_source)
    factories.draft_correction(
        published,
        by=fact_checker,
        rating="true",
        rationale=f"{MARKER} new rationale",
        note=f"{MARKER} correction note",
    )
    return SimpleNamespace(
        draft=draft,
        retracted=retracted,
        published=published,
        public_source=public_source,
        hidden_source=hidden_source,
        outlet=outlet,
        claimant=claimant,
        event=event,
    )
