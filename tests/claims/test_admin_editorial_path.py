"""The editorial path where people are: the draft verdict's page offers the claim's
workflow steps, a draft can be saved and sent to review at once, publishing asks first and
names the claim and the rating, and a new draft's form asks only for what a draft needs."""

import pytest
from django.urls import reverse

from claims import workflow
from claims.models import Claim
from tests import factories
from tests.admin_payloads import NO_TRANSLATIONS

pytestmark = pytest.mark.django_db

Status = Claim.Status


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def in_review_with_draft(author, summary="The army fired on the crowd"):
    claim = factories.ClaimFactory(status=Status.IN_REVIEW, summary=summary)
    factories.EvidenceFactory(claim=claim)
    workflow.draft_verdict(claim=claim, by=author, rating="false", rationale="No record of it.")
    return claim


def test_publishing_from_the_claims_page_asks_first_naming_the_claim_and_the_rating(
    editor_client, fact_checker
):
    claim = in_review_with_draft(fact_checker)
    url = reverse("admin:claims_claim_step", args=[claim.pk, Status.PUBLISHED])
    page = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert f'href="{url}"' in page.content.decode()

    asked = editor_client.get(url)
    text = asked.content.decode()
    assert "The army fired on the crowd" in text
    assert "Publish “False”" in text
    assert "No record of it." in text
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW  # asking publishes nothing

    done = editor_client.post(url, follow=True)
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED
    assert "Published the verdict “False”." in messages_of(done)


def test_the_draft_verdicts_page_offers_an_editor_the_publish_step(editor_client, fact_checker):
    claim = in_review_with_draft(fact_checker)
    draft = claim.verdicts.drafts().get()
    page = editor_client.get(reverse("admin:claims_verdict_change", args=[draft.pk]))
    text = page.content.decode()
    assert "Publish verdict…" in text
    assert "Back to research" in text
    assert reverse("admin:claims_claim_step", args=[claim.pk, Status.PUBLISHED]) in text


def test_the_draft_verdicts_page_offers_a_fact_checker_the_working_steps_only(
    checker_client, fact_checker
):
    claim = factories.ClaimFactory(status=Status.RESEARCHING)
    draft = workflow.draft_verdict(claim=claim, by=fact_checker, rating="true", rationale="Yes.")
    text = checker_client.get(
        reverse("admin:claims_verdict_change", args=[draft.pk])
    ).content.decode()
    assert "Send to review" in text
    assert "Publish verdict" not in text


def test_save_and_send_to_review_takes_a_draft_claim_to_review_in_one_click(
    checker_client, fact_checker
):
    claim = factories.ClaimFactory(status=Status.DRAFT)
    response = checker_client.post(
        reverse("admin:claims_verdict_add") + f"?claim={claim.pk}",
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "Nobody saw it.",
            "_send_to_review": "1",
            **NO_TRANSLATIONS,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("admin:claims_claim_change", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    assert claim.verdicts.drafts().get().author == fact_checker
    assert "The claim is now in review." in messages_of(response)


def test_a_draft_saved_and_sent_to_review_by_someone_who_may_not_is_saved_but_not_sent(
    client, fact_checker
):
    """A verdict writer without the right to change claims keeps the draft; the claim
    stays where it was, and the message says why."""
    claim = factories.ClaimFactory(status=Status.RESEARCHING)
    fact_checker.user_permissions.clear()
    for group in fact_checker.groups.all():
        group.permissions.remove(*group.permissions.filter(codename="change_claim"))
    client.force_login(fact_checker)
    response = client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "Nobody saw it.",
            "_send_to_review": "1",
            **NO_TRANSLATIONS,
        },
        follow=True,
    )
    assert Claim.objects.get(pk=claim.pk).status == Status.RESEARCHING
    assert claim.verdicts.drafts().exists()
    assert any(m.startswith("Not sent to review: ") for m in messages_of(response))


def test_a_new_drafts_form_asks_only_what_a_draft_needs(checker_client):
    claim = factories.ClaimFactory(status=Status.RESEARCHING)
    response = checker_client.get(reverse("admin:claims_verdict_add") + f"?claim={claim.pk}")
    form = response.context["adminform"].form
    assert set(form.fields) >= {"claim", "rating", "rationale"}
    assert "correction_note" not in form.fields
    text = response.content.decode()
    assert "Corrects" not in text
    assert 'name="_addanother"' not in text
    assert 'name="_send_to_review"' in text


def test_a_correcting_drafts_form_asks_for_the_correction_note(checker_client):
    claim = factories.published_claim()
    response = checker_client.get(reverse("admin:claims_verdict_add") + f"?claim={claim.pk}")
    assert "correction_note" in response.context["adminform"].form.fields
    assert 'name="_send_to_review"' not in response.content.decode()


def test_save_and_write_the_verdict_opens_the_new_claims_draft(checker_client):
    claimant = factories.ClaimantFactory()
    page = checker_client.get(reverse("admin:claims_claim_add")).content.decode()
    assert 'name="_draft_verdict"' in page
    assert 'name="_addanother"' in page  # claims are added one after another
    data = {
        "summary": "Troops arrived from abroad",
        "text": "Troops arrived from abroad.",
        "claimant": claimant.pk,
        "kind": "event",
        "checkable": "on",
        "stated_on_precision": "day",
        "_draft_verdict": "1",
    }
    for prefix in ("translations", "evidence", "appearances"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = checker_client.post(reverse("admin:claims_claim_add"), data)
    claim = Claim.objects.get(summary="Troops arrived from abroad")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == reverse("admin:claims_verdict_add") + f"?claim={claim.pk}"


def test_an_editors_home_page_lists_the_claims_waiting_for_review(editor_client, fact_checker):
    claim = in_review_with_draft(fact_checker, summary="Shops were looted on the 5th")
    text = editor_client.get(reverse("admin:index")).content.decode()
    assert "Waits for my review" in text
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in text
    assert "Shops were looted on the 5th" in text


def test_a_fact_checkers_home_page_lists_their_claims_not_the_review_queue(
    checker_client, fact_checker
):
    mine = factories.ClaimFactory(status=Status.RESEARCHING, assigned_to=fact_checker)
    in_review_with_draft(factories.FactCheckerFactory(), summary="Shops were looted on the 5th")
    text = checker_client.get(reverse("admin:index")).content.decode()
    assert "Waits for my review" not in text
    assert "Shops were looted on the 5th" not in text
    assert reverse("admin:claims_claim_change", args=[mine.pk]) in text
