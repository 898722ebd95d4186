"""The queue's own rules: backoff that grows, periodic jobs called on their schedule."""

from datetime import timedelta

from core import background


def test_retry_delays_grow_and_are_capped(settings):
    settings.BACKGROUND_RETRY_BASE_SECONDS = 60
    delays = [background.retry_delay(attempt) for attempt in range(1, 5)]
    assert delays == [timedelta(minutes=m) for m in (1, 4, 16, 64)]
    assert background.retry_delay(30) == timedelta(days=1)


def test_periodic_jobs_run_when_due(monkeypatch):
    monkeypatch.setattr(background, "PERIODIC", {})
    calls = []
    background.register_periodic("tick", every=timedelta(minutes=5), func=lambda: calls.append(1))
    assert background.run_periodic(now=1000.0) == ["tick"]
    assert background.run_periodic(now=1000.0 + 299) == []
    assert background.run_periodic(now=1000.0 + 300) == ["tick"]
    assert len(calls) == 2


def test_a_failing_periodic_job_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(background, "PERIODIC", {})
    calls = []

    def broken():
        raise RuntimeError("boom")

    background.register_periodic("broken", every=timedelta(minutes=1), func=broken)
    background.register_periodic("fine", every=timedelta(minutes=1), func=lambda: calls.append(1))
    assert background.run_periodic(now=10.0) == ["broken", "fine"]
    assert calls == [1]
