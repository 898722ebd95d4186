"""How claims are searched and sorted: the search document, queries, and the sort keys the
keyset lists and their indexes share."""

import datetime

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
)
from django.db import models
from django.db.models.functions import Coalesce

SUMMARY_SEARCH_CUTOFF = 75  # fact-check search tools cut claimReviewed past about this length

# Full-text search: the configuration of the stored search document (a generated column
# with a GIN index). The summary weighs more than the text in the ranking.
SEARCH_CONFIG = "english"
# Ranking reads each candidate's document, so a search ranks at most this many matches:
# the most recent ones (highest id). A word in a tenth of a million claims then costs what
# a rarer one does; refining the query narrows the candidates.
SEARCH_CANDIDATES = 2000


def claim_search_vector():
    return SearchVector("summary", config=SEARCH_CONFIG, weight="A") + SearchVector(
        "text", config=SEARCH_CONFIG, weight="B"
    )


# Sort keys of the claim lists (newsroom/paging.py) and the indexes that serve them: a
# missing date stands in as a sentinel so that claims without one sort last either way.
EARLIEST_DATE = datetime.date(1, 1, 1)
LATEST_DATE = datetime.date(9999, 12, 31)
EARLIEST_TIME = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


def stated_key(*, newest: bool) -> Coalesce:
    return Coalesce(
        "stated_on",
        models.Value(EARLIEST_DATE if newest else LATEST_DATE),
        output_field=models.DateField(),
    )


def checked_key() -> Coalesce:
    return Coalesce(
        "published_at", models.Value(EARLIEST_TIME), output_field=models.DateTimeField()
    )


def search_query_of(query: str) -> SearchQuery:
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
