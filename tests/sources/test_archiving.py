"""Archived copies: made when a source gets a URL, kept when the page changes or goes,
shown on the pages and in the API."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult
from warcio.archiveiterator import ArchiveIterator

from core.background import run_pending_tasks
from sources.models import LinkState, Snapshot, Source
from sources.services import save_source
from sources.tasks import enqueue_due_link_checks
from tests import factories
from tests.sources.conftest import article

pytestmark = pytest.mark.django_db

TEXT = "The ministry counted 4,578 people hospitalised on 9 January across the country."


@pytest.fixture
def add_source(django_capture_on_commit_callbacks, fact_checker):
    """Add a source the way every write path does, and let its transaction commit."""

    def add(url, **values):
        with django_capture_on_commit_callbacks(execute=True):
            return save_source(by=fact_checker, title="Ministry statement", url=url, **values)

    return add


def published_use(source):
    claim = factories.published_claim()
    factories.EvidenceFactory(claim=claim, source=source)
    return claim


def test_a_new_source_is_archived_with_hash_text_and_warc(site, add_source, client):
    site.page("/statement", article(TEXT))
    source = add_source(site.url("/statement"))
    assert run_pending_tasks() == 1

    copy = Snapshot.objects.get(source=source)
    body = article(TEXT).encode()
    assert copy.sha256 == hashlib.sha256(body).hexdigest()
    assert copy.status_code == 200
    assert copy.content_type == "text/html"
    assert copy.final_url == site.url("/statement")
    assert copy.size == len(body)
    assert TEXT in copy.text
    assert "© Ministry" not in copy.text  # boilerplate left out
    with copy.warc.open("rb") as warc:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(warc)
        ]
    assert records == [
        ("warcinfo", None),
        ("response", site.url("/statement")),
        ("request", site.url("/statement")),
    ]

    with copy.warc.open("rb") as warc:
        bodies = [
            r.content_stream().read() for r in ArchiveIterator(warc) if r.rec_type == "response"
        ]
    assert bodies == [body]

    assert LinkState.objects.get(source=source).status == "ok"

    claim = published_use(source)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert f"archived {date_format(copy.fetched_at)}" in page
    assert copy.sha256[:12] in page
    assert copy.get_absolute_url() in page

    archived = client.get(copy.get_absolute_url())
    assert archived.status_code == 200
    assert TEXT in archived.content.decode()
    assert copy.sha256 in archived.content.decode()


def test_the_api_gives_link_status_and_archives(site, add_source, client):
    site.page("/statement", article(TEXT))
    source = add_source(site.url("/statement"))
    run_pending_tasks()
    published_use(source)
    copy = Snapshot.objects.get(source=source)

    data = client.get(f"/api/v1/sources/{source.pk}/").json()
    assert data["link_status"] == "ok"
    [archive] = data["archives"]
    assert archive["sha256"] == copy.sha256
    assert archive["status"] == 200
    assert archive["url"] == f"http://testserver{copy.get_absolute_url()}"
    assert archive["fetched_at"].startswith(copy.fetched_at.strftime("%Y-%m-%dT%H:%M"))


def test_a_redirect_is_followed_and_recorded(site, add_source):
    site.redirect("/old-address", "/statement", status=301)
    site.page("/statement", article(TEXT))
    source = add_source(site.url("/old-address"))
    run_pending_tasks()
    copy = Snapshot.objects.get(source=source)
    assert copy.url == site.url("/old-address")
    assert copy.final_url == site.url("/statement")
    assert TEXT in copy.text


def test_a_page_that_changes_is_marked_changed_and_both_copies_kept(site, add_source):
    site.page("/statement", article(TEXT))
    source = add_source(site.url("/statement"))
    run_pending_tasks()

    call_command("check_links", stdout=io.StringIO())
    assert Snapshot.objects.filter(source=source).count() == 1  # same bytes: nothing new
    assert LinkState.objects.get(source=source).status == "ok"

    site.page("/statement", article("The ministry now says 2,100 people were hospitalised."))
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert "1 changed" in out.getvalue()
    copies = list(Snapshot.objects.filter(source=source).order_by("fetched_at"))
    assert len(copies) == 2
    assert copies[0].sha256 != copies[1].sha256
    state = LinkState.objects.get(source=source)
    assert state.status == "changed"
    assert state.archived == copies[1]


def test_a_page_that_disappears_is_broken_and_its_copy_stays_linked(site, add_source, client):
    site.page("/statement", article(TEXT))
    source = add_source(site.url("/statement"))
    run_pending_tasks()
    copy = Snapshot.objects.get(source=source)
    published_use(source)

    site.remove("/statement")
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert "1 broken" in out.getvalue()

    state = LinkState.objects.get(source=source)
    assert state.status == "broken"
    assert "404" in state.reason
    assert state.archived == copy

    page = client.get(source.get_absolute_url()).content.decode()
    assert "the live link is broken" in page
    assert copy.get_absolute_url() in page
    assert client.get(f"/api/v1/sources/{source.pk}/").json()["link_status"] == "broken"


def test_work_is_enqueued_when_the_transaction_commits(
    site, django_capture_on_commit_callbacks, fact_checker
):
    site.page("/statement", article(TEXT))
    with django_capture_on_commit_callbacks() as callbacks:
        save_source(by=fact_checker, title="Statement", url=site.url("/statement"))
        assert DBTaskResult.objects.count() == 0  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert DBTaskResult.objects.get().task_path == "sources.tasks.archive_source"


def test_nothing_is_enqueued_when_the_transaction_rolls_back(
    site, django_capture_on_commit_callbacks, fact_checker
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        save_source(by=fact_checker, title="Statement", url=site.url("/statement"))
        raise RuntimeError("the write fails after the source was saved")
    assert callbacks == []
    assert DBTaskResult.objects.count() == 0
    assert run_pending_tasks() == 0


def test_a_new_url_is_archived_again_and_no_url_is_not_fetched(
    site, add_source, django_capture_on_commit_callbacks, fact_checker
):
    site.page("/one", article(TEXT))
    site.page("/two", article("A different statement about the curfew in Almaty."))
    source = add_source(site.url("/one"))
    run_pending_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        save_source(instance=source, by=fact_checker, url=site.url("/two"))
    assert LinkState.objects.get(source=source).status == "pending"
    run_pending_tasks()
    state = LinkState.objects.get(source=source)
    assert state.status == "ok"
    assert state.archived.url == site.url("/two")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_source(by=fact_checker, title="A broadcast with no address")
    assert callbacks == []


def test_a_failed_fetch_is_retried_with_backoff_and_recorded(site, add_source, settings):
    settings.BACKGROUND_MAX_ATTEMPTS = 3
    site.page("/flaky", "Service unavailable", status=503)
    source = add_source(site.url("/flaky"))
    assert run_pending_tasks() == 1

    failed = DBTaskResult.objects.get(status="FAILED")
    assert "503" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    state = LinkState.objects.get(source=source)
    assert (state.status, state.failures) == ("broken", 1)
    assert "503" in state.reason

    assert run_pending_tasks() == 0  # the retry waits for its time
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_pending_tasks() == 1
    third = DBTaskResult.objects.get(status="READY")
    assert third.run_after - timezone.now() > timedelta(seconds=200)  # backoff grows

    site.page("/flaky", article(TEXT))
    DBTaskResult.objects.filter(pk=third.pk).update(run_after=timezone.now())
    assert run_pending_tasks() == 1
    assert DBTaskResult.objects.get(pk=third.pk).status == "SUCCESSFUL"
    assert LinkState.objects.get(source=source).status == "ok"


def test_retries_stop_after_the_last_attempt(site, add_source, settings):
    settings.BACKGROUND_MAX_ATTEMPTS = 2
    site.page("/down", "", status=500)
    add_source(site.url("/down"))
    run_pending_tasks()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_pending_tasks()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_refused_address_is_recorded_and_not_retried(add_source, settings):
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = False
    source = add_source("http://10.20.30.40/internal")
    run_pending_tasks()
    state = LinkState.objects.get(source=source)
    assert state.status == "broken"
    assert "private" in state.reason
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_failures_are_visible_to_staff_in_the_admin(site, add_source, client, fact_checker):
    site.page("/flaky", "", status=503)
    source = add_source(site.url("/flaky"))
    run_pending_tasks()
    client.force_login(fact_checker)
    # The queue's own rows are a superuser's; the desk sees the failure on the source.
    tasks = "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"
    assert client.get(tasks).status_code == 403
    links = client.get("/admin/sources/linkstate/?status__exact=broken")
    assert "503" in links.content.decode()
    change = client.get(f"/admin/sources/source/{source.pk}/change/")
    assert "503 Service Unavailable" in change.content.decode()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    assert "archive_source" in client.get(tasks).content.decode()


def test_the_periodic_check_queues_due_links_once(
    site, add_source, django_capture_on_commit_callbacks
):
    site.page("/statement", article(TEXT))
    source = add_source(site.url("/statement"))
    run_pending_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_due_link_checks() == 0  # checked a moment ago
        LinkState.objects.filter(source=source).update(next_check_at=timezone.now())
        # A source written in bulk, without a link state, is picked up too.
        bulk = factories.SourceFactory(url=site.url("/statement"))
        assert enqueue_due_link_checks() == 2
        assert enqueue_due_link_checks() == 0  # claimed: another worker finds nothing
    assert run_pending_tasks() == 2
    assert LinkState.objects.get(source=bulk).status == "ok"


def test_a_source_added_in_the_admin_is_archived_once_saved(
    site, checker_client, django_capture_on_commit_callbacks
):
    site.page("/statement", article(TEXT))
    data = {
        "title": "Ministry statement",
        "url": site.url("/statement"),
        "kind": "statement",
        "unattributed": "on",
        "media-TOTAL_FORMS": "0",
        "media-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = checker_client.post("/admin/sources/source/add/", data)
    assert answer.status_code == 302
    source = Source.objects.get(title="Ministry statement")
    assert run_pending_tasks() == 1
    change = checker_client.get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert "Live, as archived" in change
    assert Snapshot.objects.get(source=source).sha256 in change


def test_a_new_source_is_offered_the_title_archived_for_its_url(
    site, add_source, client, fact_checker
):
    site.page("/statement", article(TEXT))
    add_source(site.url("/statement"))
    run_pending_tasks()
    client.force_login(fact_checker)
    lookup = reverse("admin:sources_source_title")

    found = client.get(lookup, {"url": site.url("/statement")}).json()
    unknown = client.get(lookup, {"url": site.url("/never-archived")}).json()

    assert found["title"] == Snapshot.objects.get().title != ""
    assert unknown == {"title": ""}
    add_page = client.get(reverse("admin:sources_source_add")).content.decode()
    assert "admin/source_title.js" in add_page


def test_the_title_lookup_is_for_the_newsroom_only(client):
    response = client.get(reverse("admin:sources_source_title"), {"url": "https://example.org/"})
    assert response.status_code == 302  # to the sign-in page
