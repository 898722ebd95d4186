import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from claims import overview
from claims.demo_data import DemoSize, generate
from claims.models import Claim, Evidence, OverviewCount, Verdict

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


def snapshot() -> list[tuple]:
    claims = Claim.objects.order_by("id").values_list(
        "text", "summary", "stated_on", "status", "evidence_status", "current_verdict__rating"
    )
    evidence = Evidence.objects.order_by("id").values_list(
        "claim__summary", "source__title", "stance", "strength"
    )
    return [*claims, *evidence]


def test_demo_data_is_assessed_and_half_published(capsys):
    call_command("generate_demo_data", claims=40, sources=30)
    claims = Claim.objects.all()
    assert claims.count() == 40
    assert claims.published().count() == 20
    assert Verdict.objects.count() == 20
    assert not claims.published().filter(current_verdict=None).exists()
    with_evidence = claims.filter(evidence__isnull=False).distinct()
    assert not with_evidence.filter(evidence_status="unverified").exists()
    assert "Generated 40 demo claims." in capsys.readouterr().out


def test_every_claim_is_assessed_as_the_service_would():
    generate(size=DemoSize(claims=60, sources=40), today=TODAY)
    stored = dict(Claim.objects.values_list("pk", "evidence_status"))

    Claim.objects.update(evidence_status="unverified")
    call_command("reassess_claims", stdout=None)

    assert dict(Claim.objects.values_list("pk", "evidence_status")) == stored


def generated(seed: int) -> list[tuple]:
    """What the generator makes with ``seed``, rolled back afterwards."""
    with transaction.atomic():
        generate(size=DemoSize(claims=30, sources=20), seed=seed, today=TODAY)
        made = snapshot()
        transaction.set_rollback(True)
    return made


def test_the_same_seed_gives_the_same_data():
    first = generated(7)

    assert generated(7) == first
    assert generated(8) != first


def test_demo_text_spreads_words_like_a_language():
    vocabulary = generate(size=DemoSize(claims=400, sources=20), today=TODAY)
    common = Claim.objects.matching(vocabulary.common_word).count()

    assert 20 <= common <= 100  # about a tenth
    assert Claim.objects.matching(vocabulary.rare_word).count() <= 4
    assert max(len(s) for s in Claim.objects.values_list("summary", flat=True)) < 75


def test_demo_rows_count_in_the_overview_and_leave_no_audit_events():
    from claims.models import ClaimHistory

    generate(size=DemoSize(claims=20, sources=20), today=TODAY)

    live = {(r.dimension, r.key): r.count for r in OverviewCount.objects.exclude(count=0)}
    overview.recount()
    assert live == {(r.dimension, r.key): r.count for r in OverviewCount.objects.exclude(count=0)}
    assert not ClaimHistory.objects.exists()


def test_generating_the_same_seed_twice_is_refused():
    call_command("generate_demo_data", claims=2, sources=10)
    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate_demo_data", claims=2, sources=10)


def test_demo_data_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="at least 1 claim"):
        call_command("generate_demo_data", claims=0)


def test_demo_claims_are_in_english_russian_and_kazakh_and_found_in_each():
    vocabulary = generate(size=DemoSize(claims=300, sources=20), today=TODAY)
    by_language = dict(Claim.objects.order_by().values_list("language").annotate(n=Count("pk")))

    assert set(by_language) == {"en", "ru", "kk"}
    assert 60 <= by_language["ru"] <= 140  # about a third
    assert 5 <= by_language["kk"] <= 45
    # Words in forms no claim uses find claims in their language, through its stems.
    russian = Claim.objects.matching(vocabulary.common_russian_word)
    assert russian.exists()
    assert set(russian.values_list("language", flat=True)) == {"ru"}
    kazakh = Claim.objects.matching(vocabulary.kazakh_word)
    assert kazakh.exists()
    assert set(kazakh.values_list("language", flat=True)) == {"kk"}
