import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from tests import factories
from tests.admin_payloads import EMPTY_INLINES, claim_payload, evidence_row

pytestmark = pytest.mark.django_db


def test_fact_checker_opens_the_add_claim_page(checker_client):
    response = checker_client.get(reverse("admin:claims_claim_add"))
    assert response.status_code == 200
    assert b"Evidence" in response.content


def test_fact_checker_adds_a_claim_with_evidence(checker_client, fact_checker):
    claimant = factories.ClaimantFactory()
    source = factories.SourceFactory()
    data = claim_payload(
        claimant=claimant,
        summary="Almaty was attacked by 20,000 bandits",
        text="Almaty was attacked by a group of 20,000 bandits and terrorists.",
        evidence=[
            evidence_row(
                source, stance="contradicts", strength="strong", excerpt="No evidence was released."
            )
        ],
    )
    response = checker_client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    claim = Claim.objects.get(summary="Almaty was attacked by 20,000 bandits")
    assert claim.created_by == fact_checker
    evidence = claim.evidence.get()
    assert evidence.stance == "contradicts"
    assert evidence.added_by == fact_checker


def test_fact_checker_changes_a_claim(checker_client):
    claim = factories.ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    assert checker_client.get(url).status_code == 200


def test_bad_input_is_a_form_error_not_a_crash(checker_client):
    response = checker_client.post(
        reverse("admin:claims_claim_add"),
        {"summary": "", "text": "", "kind": "numeric", **EMPTY_INLINES},
    )
    assert response.status_code == 200
    assert "summary" in response.context["adminform"].form.errors
    assert Claim.objects.count() == 0


def in_review_with_draft(author):
    claim = factories.ClaimFactory(status=Claim.Status.IN_REVIEW)
    factories.EvidenceFactory(claim=claim)
    factories.VerdictFactory(claim=claim, author=author)
    return claim


def publish_action(client, claim):
    return client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "publish_draft_verdicts", "_selected_action": [claim.pk]},
        follow=True,
    )


def test_fact_checker_cannot_publish(checker_client, fact_checker):
    claim = in_review_with_draft(author=factories.FactCheckerFactory())
    response = publish_action(checker_client, claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert not Verdict.objects.published().exists()
    changelist = checker_client.get(reverse("admin:claims_claim_changelist"))
    assert b"publish_draft_verdicts" not in changelist.content
    assert response.status_code == 200


def test_editor_publishes_a_verdict_written_by_a_fact_checker(editor_client, editor):
    claim = in_review_with_draft(author=factories.FactCheckerFactory())
    publish_action(editor_client, claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.current_verdict.published_by == editor


def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries
):
    def changelist_queries(n):
        factories.ClaimFactory.create_batch(n)
        for claim in Claim.objects.all()[:n]:
            factories.VerdictFactory(claim=claim)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(reverse("admin:claims_claim_changelist")).status_code == 200
        return len(captured)

    small = changelist_queries(3)
    large = changelist_queries(30)
    assert large == small
    with django_assert_max_num_queries(small):
        editor_client.get(reverse("admin:claims_claim_changelist"))


@pytest.mark.parametrize(
    "name, make",
    [
        ("sources_source", lambda: factories.SourceFactory()),
        ("sources_outlet", lambda: factories.OutletFactory()),
        ("claims_evidence", lambda: factories.EvidenceFactory()),
        ("claims_verdict", lambda: factories.VerdictFactory()),
        ("claims_claimant", lambda: factories.ClaimantFactory()),
    ],
)
def test_other_changelists_cost_constant_queries(editor_client, name, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        for _ in range(n):
            make()
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        return len(captured)

    assert count(2) == count(20)


def test_source_page_shows_provenance_and_use(editor_client):
    statement = factories.SourceFactory(title="Ministry statement")
    factories.SourceFactory(title="Wire report", cites=[statement])
    factories.EvidenceFactory(
        source=statement, claim=factories.ClaimFactory(summary="Death toll 164")
    )
    page = editor_client.get(
        reverse("admin:sources_source_change", args=[statement.pk])
    ).content.decode()
    assert "Wire report" in page
    assert "Death toll 164" in page
