"""What a role does not use stays out of its admin: the audit trail's raw events, the task
queue's rows, sign-in lockouts and API tokens are for superusers; a new record's form
shows no version or timestamps before the record exists."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

MACHINERY = ["pghistory", "django_tasks_database", "axes", "knox"]


def app_labels(client):
    return {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}


@pytest.mark.parametrize("role", ["fact_checker", "editor"])
def test_the_desk_does_not_see_the_machinery(client, role, request):
    client.force_login(request.getfixturevalue(role))
    labels = app_labels(client)
    assert "claims" in labels
    assert not labels & set(MACHINERY)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Tasks Database Backend" not in page
    assert "Pghistory" not in page and "PGHISTORY" not in page
    assert client.get(reverse("admin:pghistory_events_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")).status_code
        == 403
    )


def test_a_superuser_still_sees_the_machinery(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    assert set(MACHINERY) <= app_labels(client)
    assert client.get(reverse("admin:pghistory_events_changelist")).status_code == 200


@pytest.mark.parametrize(
    "url", ["admin:claims_claimant_add", "admin:claims_event_add", "admin:sources_outlet_add"]
)
def test_a_new_records_form_shows_no_version_or_timestamps(checker_client, url):
    page = checker_client.get(reverse(url) + "?_popup=1&_to_field=id")
    fields = {
        name
        for fieldset in page.context["adminform"]
        for line in fieldset
        for field in line
        for name in [field.field["name"] if isinstance(field.field, dict) else field.field.name]
    }
    assert not fields & {"version", "created_at", "updated_at"}
    text = page.content.decode()
    assert "Version:" not in text and "Created at:" not in text


def test_an_existing_records_page_still_shows_its_version(checker_client):
    claimant = factories.ClaimantFactory()
    text = checker_client.get(
        reverse("admin:claims_claimant_change", args=[claimant.pk])
    ).content.decode()
    assert "Version" in text
