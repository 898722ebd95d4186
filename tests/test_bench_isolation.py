"""The benchmark's peer views exist only in bench/urls.py, never in the project's URLs."""

import pytest
from django.urls import Resolver404, resolve


def test_bench_views_are_not_in_the_project_url_configuration():
    with pytest.raises(Resolver404):
        resolve("/bench/peer/claims/")


@pytest.mark.django_db
def test_bench_addresses_are_not_found(client):
    assert client.get("/bench/peer/claims/").status_code == 404
