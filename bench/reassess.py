"""How long recomputing every claim's stored assessment takes (``reassess_claims``)."""

import io
import time

from bench.database import setup_scratch_database


def run(*, claims: int) -> None:
    setup_scratch_database()
    from django.core.management import call_command

    from claims.demo_data import DemoSize, generate
    from claims.models import Claim, Evidence

    started = time.perf_counter()
    generate(size=DemoSize(claims=claims, sources=max(1000, claims // 5)))
    generated = time.perf_counter() - started
    Claim.objects.update(evidence_status="unverified", assessment="")

    started = time.perf_counter()
    call_command("reassess_claims", stdout=io.StringIO(), stderr=io.StringIO())
    elapsed = time.perf_counter() - started
    print(
        f"reassess_claims: {claims} claims, {Evidence.objects.count()} evidence rows: "
        f"{elapsed:.1f} s ({claims / elapsed:,.0f} claims/s); data generated in {generated:.1f} s"
    )
