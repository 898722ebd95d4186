"""How claims are searched and sorted: the search document, queries, and the sort keys the
keyset lists and their indexes share."""

import datetime

from django.contrib.postgres.search import SearchQuery
from django.db import models
from django.db.models.functions import Coalesce

SUMMARY_SEARCH_CUTOFF = 75  # fact-check search tools cut claimReviewed past about this length

# Full-text search: the stored search document (kept by the database, with a GIN index:
# claims/search_document.py) holds each text in the configuration of its language: the
# claim's summary and text first (weights A, B), its translations' after (C, D). A query
# is parsed in every one of them (Kazakh: ``simple`` over the same stems as the
# documents'), so an English word finds a Russian claim through its English translation
# and a Russian word finds the other forms of itself.
# Ranking reads each candidate's document, so a search ranks at most this many matches:
# the most recent ones (highest id). A word in a tenth of a million claims then costs what
# a rarer one does; refining the query narrows the candidates.
SEARCH_CANDIDATES = 2000


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
    """``query`` (web search syntax) in every configuration the documents use, any of
    them matching. PostgreSQL folds the whole tsquery into a constant before planning,
    so the GIN index answers it as it would one configuration's.

    Configurations that cannot read the query differently are left out, since every part
    is tested against each candidate: Latin words are the same in ``russian`` as in
    ``english`` (its Latin words go to the English stemmer) and Kazakh stems touch only
    Cyrillic; Cyrillic words are the same in ``english`` as in ``simple``."""
    latin = any(char.isascii() and char.isalpha() for char in query)
    other = any(not char.isascii() and char.isalpha() for char in query)
    configs = (("english",) if latin or not other else ()) + (("russian",) if other else ())
    parsed = [
        SearchQuery(query, config=config, search_type="websearch")
        for config in (*configs, "simple")
    ]
    if other:
        kazakh = models.Func(
            models.Value(query), function="claims_kazakh_stems", output_field=models.TextField()
        )
        parsed.append(SearchQuery(kazakh, config="simple", search_type="websearch"))
    combined = parsed[0]
    for part in parsed[1:]:
        combined = combined | part
    return combined
