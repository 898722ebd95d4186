"""``manage.py embed_claims``: fills in every missing or stale embedding, in this process
or in worker processes, and leaves current ones alone."""

import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Claim
from intake import encoders
from intake.claimreview_import import import_reviews, records_from_bytes
from intake.models import Embedding, ExternalReview
from tests import factories

TEXTS = [
    "The tram fare rose to 200 tenge in January.",
    "Twenty thousand bandits attacked the city.",
    "Foreign fighters were behind the unrest.",
    "Internet access was cut across the country for five days.",
    "The airport was seized by armed men.",
]


def embed(**options) -> str:
    out = StringIO()
    call_command("embed_claims", stdout=out, stderr=StringIO(), **options)
    return out.getvalue().strip()


def archive():
    claimant = factories.ClaimantFactory()
    Claim.objects.bulk_create(
        Claim(language="en", text=t, summary=t[:40], claimant=claimant) for t in TEXTS
    )
    review = {
        "@type": "ClaimReview",
        "url": "https://checker.example.org/fare",
        "claimReviewed": "Tram tickets now cost 200 tenge.",
        "author": {"name": "Checker"},
        "reviewRating": {"alternateName": "True"},
    }
    import_reviews(records_from_bytes(json.dumps(review).encode(), "review.json"))
    Embedding.objects.all().delete()  # as after a bulk load that skipped save()


def assert_every_text_has_its_own_embedding():
    encoder = encoders.current()
    for claim in Claim.objects.all():
        stored = Embedding.objects.get(claim=claim)
        assert stored.model == encoder.name and stored.digest == encoder.digest(claim.text)
        assert np.allclose(stored.vector, encoder.encode([claim.text])[0], atol=1e-6)
    review = ExternalReview.objects.get()
    assert Embedding.objects.get(review=review).digest == encoder.digest(review.claim_text)


@pytest.mark.django_db
def test_fills_in_what_is_missing_then_only_what_changed(fact_checker):
    archive()
    assert embed(workers=1, batch_size=2) == "Embedded 6 texts with e5-small-q4."
    assert_every_text_has_its_own_embedding()
    assert embed(workers=1) == "Embedded 0 texts with e5-small-q4."
    claim = Claim.objects.order_by("pk").first()
    services.save_claim(instance=claim, by=fact_checker, text="The bus fare rose to 300 tenge.")
    assert embed(workers=1) == "Embedded 1 texts with e5-small-q4."
    assert_every_text_has_its_own_embedding()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_processes_embed_every_batch_once():
    archive()
    assert embed(workers=2, batch_size=2) == "Embedded 6 texts with e5-small-q4."
    assert Embedding.objects.count() == 6
    assert_every_text_has_its_own_embedding()
    assert embed(workers=2, batch_size=2) == "Embedded 0 texts with e5-small-q4."


@pytest.mark.django_db
@pytest.mark.parametrize("option", ["workers", "batch_size"])
def test_sizes_below_one_are_refused(option):
    with pytest.raises(CommandError, match="at least 1"):
        embed(**{option: 0})


@pytest.mark.django_db
def test_vector_indexes_are_dropped_and_built_again_where_pgvector_is():
    from django.db import connection

    from intake import vector_indexes

    out = StringIO()
    call_command("vector_indexes", stdout=out)
    if not vector_indexes.available(connection):
        assert "no pgvector extension" in out.getvalue()
        assert call_command("vector_indexes", drop=True, stdout=StringIO()) is None
        return
    assert vector_indexes.missing(connection) == []  # the migration made them
    call_command("vector_indexes", drop=True, stdout=StringIO())
    assert len(vector_indexes.missing(connection)) == 4
    out = StringIO()
    call_command("vector_indexes", stdout=out)
    assert out.getvalue().startswith("Created 4 vector indexes")
    assert vector_indexes.missing(connection) == []
