import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Appearance, Claim, Claimant, Event, Evidence, Verdict
from claims.roles import EDITORS, FACT_CHECKERS
from sources.models import Outlet, Source


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
    country = "Kazakhstan"
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
            self.cites.add(*extracted)


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Claimant {n}")
    slug = factory.Sequence(lambda n: f"claimant-{n}")

    @factory.post_generation
    def affiliations(self, create, extracted, **kwargs):
        if create and extracted:
            self.affiliations.add(*extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} as it was stated.")
    summary = factory.Sequence(lambda n: f"Claim {n}")
    claimant = factory.SubFactory(ClaimantFactory)
    event = factory.SubFactory(EventFactory)
    kind = Claim.Kind.EVENT


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    strength = Evidence.Strength.MODERATE
    excerpt = "An excerpt from the source."


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "The words as they appeared."


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = "false"
    rationale = "Why the claim is rated this way."
    author = factory.SubFactory(FactCheckerFactory)


def published_claim(*, rating="false", **kwargs) -> Claim:
    """A claim published with a verdict, the way an import brings one in."""
    from claims import workflow

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
    from claims import workflow

    claim = published_claim(**kwargs)
    EvidenceFactory(claim=claim)
    workflow.draft_verdict(
        claim=claim,
        by=author,
        rating="mostly_false",
        rationale="A second count.",
        correction_note=note,
    )
    workflow.publish_claim(claim=claim, by=publisher)
    return claim
