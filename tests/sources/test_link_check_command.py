"""The link check on demand, over demo data whose links nothing serves."""

import io

import pytest
from django.core.management import call_command

from sources.models import LinkState, Source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("allow_private", [True, False])
def test_demo_data_dead_links_are_marked_broken(settings, allow_private):
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = allow_private
    call_command("generate_demo_data", claims=5, sources=30, stdout=io.StringIO())
    linked = Source.objects.exclude(url="")
    assert linked.count() == 3  # one in ten
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert "Checked 3 links: 0 ok, 0 changed, 3 broken." in out.getvalue()
    states = LinkState.objects.filter(source__in=linked)
    assert {state.status for state in states} == {"broken"}
    reason = states.first().reason
    assert ("could not be reached" if allow_private else "refused") in reason


def test_check_links_can_leave_the_work_to_the_workers(django_capture_on_commit_callbacks):
    call_command("generate_demo_data", claims=5, sources=30, stdout=io.StringIO())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_links", "--due", "--enqueue", stdout=out)
    assert "Queued 3 link checks." in out.getvalue()
    out = io.StringIO()
    call_command("run_pending_tasks", stdout=out)
    assert "Ran 3 tasks." in out.getvalue()
    assert set(LinkState.objects.values_list("status", flat=True)) == {"broken"}
