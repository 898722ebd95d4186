"""Who may read and write each endpoint: anonymous, a signed-in user with no role, a
fact-checker and an editor."""

import pytest

from claims import workflow
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anon", "reader_api", "checker_api", "editor_api"]
WRITE_STATUS = {"anon": 401, "reader_api": 403, "checker_api": None, "editor_api": None}


@pytest.fixture
def world():
    """A published claim and everything that belongs to it, all visible to anyone."""
    outlet = factories.OutletFactory()
    source = factories.SourceFactory(outlet=outlet)
    claim = factories.published_claim()
    evidence = factories.EvidenceFactory(claim=claim, source=source)
    return {
        "claims": claim,
        "evidence": evidence,
        "sources": source,
        "outlets": outlet,
        "claimants": claim.claimant,
        "events": claim.event,
        "verdicts": claim.current_verdict,
    }


def new_record(resource, world):
    claim = world["claims"]
    return {
        "claims": {
            "text": "Said on air.",
            "summary": "A new claim",
            "claimant": claim.claimant.slug,
        },
        "evidence": {
            "claim": claim.pk,
            "source": factories.SourceFactory().pk,
            "stance": "contradicts",
        },
        "sources": {"title": "A new source", "kind": "article"},
        "outlets": {"name": "A new outlet", "slug": "a-new-outlet"},
        "claimants": {"name": "A new claimant", "slug": "a-new-claimant"},
        "events": {"name": "A new event", "slug": "a-new-event"},
        "verdicts": {
            "claim": factories.ClaimFactory().pk,
            "rating": "false",
            "rationale": "Because.",
        },
    }[resource]


def change(resource):
    return {
        "claims": {"kind": "quote"},
        "evidence": {"note": "A reviewer's note."},
        "sources": {"title": "Retitled"},
        "outlets": {"country": "KG"},
        "claimants": {"role": "Former minister"},
        "events": {"country": "Kazakhstan"},
    }[resource]


RESOURCES = ["claims", "evidence", "sources", "outlets", "claimants", "events", "verdicts"]


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_published_material(request, role, resource, world):
    client = request.getfixturevalue(role)
    record = world[resource]

    listed = client.get(f"/api/v1/{resource}/")
    detail = client.get(f"/api/v1/{resource}/{record.pk}/")

    assert listed.status_code == 200
    assert record.pk in [row["id"] for row in listed.json()["results"]]
    assert detail.status_code == 200


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_creating_needs_a_newsroom_role(request, role, resource, world):
    client = request.getfixturevalue(role)

    response = client.post(f"/api/v1/{resource}/", new_record(resource, world), format="json")

    assert response.status_code == (WRITE_STATUS[role] or 201), response.content


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r != "verdicts"])
@pytest.mark.parametrize("role", ROLES)
def test_changing_needs_a_newsroom_role(request, role, resource, world):
    client = request.getfixturevalue(role)
    record = world[resource]
    record.refresh_from_db()

    response = client.patch(
        f"/api/v1/{resource}/{record.pk}/",
        {**change(resource), "version": record.version},
        format="json",
    )

    assert response.status_code == (WRITE_STATUS[role] or 200), response.content


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_draft_verdict_needs_a_newsroom_role(request, role, fact_checker):
    claim = factories.ClaimFactory()
    draft = workflow.draft_verdict(claim=claim, by=fact_checker, rating="false", rationale="First.")
    client = request.getfixturevalue(role)

    response = client.patch(
        f"/api/v1/verdicts/{draft.pk}/",
        {"rationale": "Second.", "version": draft.version},
        format="json",
    )

    assert response.status_code == (WRITE_STATUS[role] or 200), response.content


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anon", 401), ("reader_api", 403), ("checker_api", 403), ("editor_api", 200)],
)
def test_only_editors_publish(request, role, expected, fact_checker):
    claim = factories.ClaimFactory()
    factories.EvidenceFactory(claim=claim)
    workflow.move_claim(claim=claim, to=Claim.Status.RESEARCHING, by=fact_checker)
    workflow.move_claim(claim=claim, to=Claim.Status.IN_REVIEW, by=fact_checker)
    workflow.draft_verdict(claim=claim, by=fact_checker, rating="false", rationale="Because.")
    client = request.getfixturevalue(role)

    response = client.post(f"/api/v1/claims/{claim.pk}/publish/")

    assert response.status_code == expected, response.content
    claim.refresh_from_db()
    assert claim.is_published == (expected == 200)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anon", 401), ("reader_api", 403), ("checker_api", 403), ("editor_api", 200)],
)
def test_only_editors_retract(request, role, expected):
    claim = factories.published_claim()
    client = request.getfixturevalue(role)

    response = client.post(f"/api/v1/claims/{claim.pk}/retract/", {"reason": "Source withdrawn."})

    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anon", 401), ("reader_api", 403), ("checker_api", 200), ("editor_api", 200)],
)
def test_fact_checkers_and_editors_move_claims(request, role, expected):
    claim = factories.ClaimFactory()
    client = request.getfixturevalue(role)

    response = client.post(f"/api/v1/claims/{claim.pk}/transition/", {"to": "researching"})

    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anon", 401), ("reader_api", 403), ("checker_api", 403), ("editor_api", 200)],
)
def test_the_audit_trail_is_for_editors_only(request, role, expected, fact_checker):
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim)
    factories.draft_correction(
        claim,
        by=fact_checker,
        rating="true",
        rationale="Draft rationale nobody outside the desk may read.",
        note="Not yet public.",
    )
    client = request.getfixturevalue(role)

    response = client.get(f"/api/v1/claims/{claim.pk}/history/")

    assert response.status_code == expected
    if expected == 200:
        assert any(event["record"] == "verdict" for event in response.json())
    else:
        assert "verdict" not in response.content.decode()
