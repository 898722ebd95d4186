"""No lost edits on outlets and sources in the admin: a save made on top of someone else's
newer save is refused naming who changed what, and the refused input stays in the form."""

import pytest
from django.test import Client
from django.urls import reverse

from sources.models import Outlet
from tests import factories
from tests.admin_payloads import resubmitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkers():
    clients = Client(), Client()
    clients[0].force_login(factories.FactCheckerFactory(username="aigerim"))
    clients[1].force_login(factories.FactCheckerFactory(username="daniyar"))
    return clients


def errors_of(response) -> str:
    return " ".join(response.context["adminform"].form.non_field_errors())


def test_a_stale_outlet_save_is_refused_naming_who_changed_what(checkers):
    first, second = checkers
    outlet = factories.OutletFactory(name="Khabar 24", reliability="mixed")
    url = reverse("admin:sources_outlet_change", args=[outlet.pk])
    first_page, second_page = first.get(url), second.get(url)

    saved = first.post(url, resubmitted(first_page) | {"reliability": "low"})
    assert saved.status_code == 302

    refused = second.post(url, resubmitted(second_page) | {"name": "Khabar TV"})
    assert refused.status_code == 200
    assert "aigerim changed the outlet" in errors_of(refused)
    assert "Reliability from “Mixed” to “Low”" in errors_of(refused)
    assert 'value="Khabar TV"' in refused.content.decode()
    outlet.refresh_from_db()
    assert (outlet.name, outlet.reliability) == ("Khabar 24", "low")

    # The form now carries the current version: saving again replaces the other change.
    again = second.post(url, resubmitted(refused) | {"name": "Khabar TV"})
    assert again.status_code == 302
    assert Outlet.objects.get(pk=outlet.pk).name == "Khabar TV"


def test_a_stale_source_save_is_refused_naming_who_changed_what(checkers):
    first, second = checkers
    source = factories.SourceFactory(title="Statement of the Ministry of Internal Affairs")
    url = reverse("admin:sources_source_change", args=[source.pk])
    first_page, second_page = first.get(url), second.get(url)

    saved = first.post(url, resubmitted(first_page) | {"title": "Ministry statement, 5 January"})
    assert saved.status_code == 302

    refused = second.post(url, resubmitted(second_page) | {"description": "Read on TV."})
    assert refused.status_code == 200
    assert "aigerim changed the source" in errors_of(refused)
    assert (
        "Title from “Statement of the Ministry of Internal Affairs” to “Ministry statement, 5 January”"
        in errors_of(refused)
    )
    assert "Read on TV." in refused.content.decode()
    source.refresh_from_db()
    assert (source.title, source.description) == ("Ministry statement, 5 January", "")
