import pytest
from django.db import IntegrityError, connection, transaction

from claims.models import Claim, Evidence, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def test_one_evidence_row_per_claim_and_source():
    evidence = factories.EvidenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(claim=evidence.claim, source=evidence.source, stance="contradicts")


def test_database_refuses_an_unknown_stance():
    claim = factories.ClaimFactory()
    source = factories.SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(claim=claim, source=source, stance="agrees")


def test_database_refuses_an_unknown_claim_status_even_through_raw_sql():
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET status = 'finished' WHERE id = %s", [claim.pk])


def test_a_correcting_verdict_must_carry_a_correction_note():
    first = factories.VerdictFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            claim=first.claim, rating="true", rationale="New facts.", corrects=first
        )


def test_an_unknown_rating_is_refused():
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim, rating="pants_on_fire", rationale="No.")


def test_every_write_bumps_the_version_whatever_the_path():
    claim = factories.ClaimFactory()
    assert claim.version == 1
    Claim.objects.filter(pk=claim.pk).update(summary="Changed in bulk")
    claim.refresh_from_db()
    assert claim.version == 2
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_claim SET summary = 'Changed by SQL' WHERE id = %s", [claim.pk]
        )
    claim.refresh_from_db()
    assert claim.version == 3


def test_a_save_that_changes_nothing_keeps_the_version():
    claim = factories.ClaimFactory()
    claim.save()
    claim.refresh_from_db()
    assert claim.version == 1


def test_published_is_what_anonymous_readers_see(django_user_model):
    draft = factories.ClaimFactory()
    published = factories.published_claim()
    anonymous = django_user_model()  # not staff
    visible = list(Claim.objects.visible_to(anonymous))
    assert published in visible
    assert draft not in visible


def test_str_reads_well():
    outlet = factories.OutletFactory(name="Health Ministry")
    source = factories.SourceFactory(title="Death toll statement", outlet=outlet)
    claimant = factories.ClaimantFactory(
        name="Kassym-Jomart Tokayev", role="President of Kazakhstan"
    )
    event = factories.EventFactory(name="January 2022 unrest in Kazakhstan")
    claim = factories.ClaimFactory(summary="164 people were killed", claimant=claimant, event=event)
    evidence = factories.EvidenceFactory(claim=claim, source=source, stance="contradicts")
    appearance = factories.AppearanceFactory(claim=claim, source=source, appeared_on="2022-01-09")
    appearance.refresh_from_db()
    verdict = factories.VerdictFactory(claim=claim, rating="mostly_false")

    assert str(outlet) == "Health Ministry"
    assert str(source) == "Death toll statement (Health Ministry)"
    assert str(claimant) == "Kassym-Jomart Tokayev, President of Kazakhstan"
    assert str(event) == "January 2022 unrest in Kazakhstan"
    assert str(claim) == "164 people were killed"
    assert str(evidence) == "Death toll statement contradicts “164 people were killed”"
    assert str(appearance) == "“164 people were killed” in Death toll statement on 09 Jan 2022"
    assert str(verdict) == "Mostly false: 164 people were killed"
