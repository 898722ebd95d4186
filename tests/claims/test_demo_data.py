import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim

pytestmark = pytest.mark.django_db


def test_demo_data_is_assessed_and_half_published(capsys):
    call_command("generate_demo_data", claims=40, sources=30)
    claims = Claim.objects.all()
    assert claims.count() == 40
    assert claims.published().count() == 20
    assert not claims.published().filter(current_verdict=None).exists()
    with_evidence = claims.filter(evidence__isnull=False).distinct()
    assert not with_evidence.filter(evidence_status="unverified").exists()
    assert "Generated 40 demo claims." in capsys.readouterr().out


def test_demo_data_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="at least 1 claim"):
        call_command("generate_demo_data", claims=0)
