import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims import services, workflow
from claims.models import Appearance, Claim, Claimant, Event, Evidence, Verdict
from claims.roles import EDITORS, FACT_CHECKERS
from figures import services as figures_services
from figures.models import Figure, Quantity
from sources import services as sources_services
from sources.models import Outlet, Source


class ThroughServiceFactory(factory.django.DjangoModelFactory):
    """Creates its record through the record's service, as every write path does, so the
    assessment and the audit trail follow as they would in use."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        save = {
            Claim: services.save_claim,
            Evidence: services.save_evidence,
            Appearance: services.save_appearance,
        }[model_class]
        # A test may start a claim in any workflow state: set directly, as no interface can.
        state = {
            name: kwargs.pop(name)
            for name in ("status", "published_at", "retraction_reason", "assigned_to")
            if name in kwargs
        }
        record = save(by=kwargs.pop("by", None), **kwargs)
        if state:
            model_class.objects.filter(pk=record.pk).update(**state)
            record.refresh_from_db()
        return record


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.test")
    password = factory.django.Password("pass-word-123")


class FactCheckerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=FACT_CHECKERS))


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=EDITORS))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    kind = Outlet.Kind.NEWS
    country = "KZ"
    reliability = Outlet.Reliability.HIGH


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Source {n}")
    outlet = factory.SubFactory(OutletFactory)
    kind = Source.Kind.ARTICLE
    language = "en"

    @factory.post_generation
    def cites(self, create, extracted, **kwargs):
        if create and extracted:
            sources_services.save_source(instance=self, by=None, cites=list(extracted))


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Claimant {n}")
    slug = factory.Sequence(lambda n: f"claimant-{n}")

    @factory.post_generation
    def affiliations(self, create, extracted, **kwargs):
        if create and extracted:
            services.save_claimant(instance=self, by=None, affiliations=list(extracted))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")


class ClaimFactory(ThroughServiceFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} as it was stated.")
    summary = factory.Sequence(lambda n: f"Claim {n}")
    language = "en"
    claimant = factory.SubFactory(ClaimantFactory)
    event = factory.SubFactory(EventFactory)
    kind = Claim.Kind.EVENT


class EvidenceFactory(ThroughServiceFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    strength = Evidence.Strength.MODERATE
    excerpt = "An excerpt from the source."


class AppearanceFactory(ThroughServiceFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "The words as they appeared."


class VerdictFactory(factory.django.DjangoModelFactory):
    """A draft in whatever state a test needs (written directly, so it may break rules
    the workflow keeps); its author is its writer."""

    class Meta:
        model = Verdict
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    rating = "false"
    rationale = "Why the claim is rated this way."
    author = factory.SubFactory(FactCheckerFactory)

    @factory.post_generation
    def writers(self, create, extracted, **kwargs):
        if create and self.author_id:
            self.written_by.add(self.author)


def published_claim(*, rating="false", **kwargs) -> Claim:
    """A claim published with a verdict, the way an import brings one in."""
    claim = ClaimFactory(**kwargs)
    return workflow.import_claim_state(
        claim=claim,
        status=Claim.Status.PUBLISHED,
        rating=rating,
        rationale="Why the claim is rated this way.",
    )


def corrected_claim(
    *, author, publisher, note="The ministry revised its count.", **kwargs
) -> Claim:
    """A published claim whose verdict was corrected through the workflow."""
    claim = published_claim(**kwargs)
    EvidenceFactory(claim=claim)
    draft_correction(claim, by=author, note=note)
    workflow.publish_claim(claim=claim, by=publisher)
    return claim


def draft_correction(
    claim, *, by, rating="mostly_false", rationale="A second count.", note="Revised count."
) -> Verdict:
    """A draft correction of a published claim's verdict."""
    return workflow.draft_verdict(
        claim=claim, by=by, rating=rating, rationale=rationale, correction_note=note
    )


class QuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quantity

    name = factory.Sequence(lambda n: f"People counted {n}")
    slug = factory.Sequence(lambda n: f"quantity-{n}")
    unit = "people"
    event = factory.SubFactory(EventFactory)


class FigureFactory(factory.django.DjangoModelFactory):
    """A figure saved through figures.services.save_figure, so the revision rule runs."""

    class Meta:
        model = Figure

    quantity = factory.SubFactory(QuantityFactory)
    value = 100
    as_of = datetime.date(2022, 1, 9)
    reported_by = factory.SubFactory(ClaimantFactory)
    source = factory.SubFactory(SourceFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return figures_services.save_figure(instance=None, by=kwargs.pop("by", None), **kwargs)
