"""The claims app's records, one module per family; import them from here."""

from claims.models.claim import Claim, ClaimQuerySet
from claims.models.counts import OverviewCount
from claims.models.evidence import (
    Appearance,
    AppearanceKind,
    ClaimPartQuerySet,
    Evidence,
    ReliesOn,
    Stance,
    Strength,
)
from claims.models.people import (
    Affiliation,
    Claimant,
    ClaimantKind,
    ClaimantQuerySet,
    Event,
    EventQuerySet,
)
from claims.models.search import (
    EARLIEST_DATE,
    EARLIEST_TIME,
    LATEST_DATE,
    SEARCH_CANDIDATES,
    SUMMARY_SEARCH_CUTOFF,
    checked_key,
    search_query_of,
    stated_key,
)
from claims.models.status import PUBLISHED, ClaimKind, ClaimStatus, DatePrecision
from claims.models.translation import ClaimTranslation, VerdictTranslation
from claims.models.verdict import Verdict, VerdictQuerySet, VerdictStatus, VerdictWriter

__all__ = [
    "EARLIEST_DATE",
    "EARLIEST_TIME",
    "LATEST_DATE",
    "PUBLISHED",
    "SEARCH_CANDIDATES",
    "SUMMARY_SEARCH_CUTOFF",
    "Affiliation",
    "Appearance",
    "AppearanceKind",
    "Claim",
    "ClaimKind",
    "ClaimPartQuerySet",
    "ClaimQuerySet",
    "ClaimTranslation",
    "ClaimStatus",
    "DatePrecision",
    "Claimant",
    "ClaimantKind",
    "ClaimantQuerySet",
    "Evidence",
    "Event",
    "EventQuerySet",
    "OverviewCount",
    "ReliesOn",
    "Stance",
    "Strength",
    "Verdict",
    "VerdictQuerySet",
    "VerdictStatus",
    "VerdictTranslation",
    "VerdictWriter",
    "checked_key",
    "search_query_of",
    "stated_key",
]
