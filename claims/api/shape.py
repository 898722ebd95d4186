"""The claim as the API shows it, declared once.

Every key of a claim's representation, in order, with the claim's field (an ORM path)
it reads and how the value is shown. The API's listing SQL (``listing.py``), the
serializers that document the shape for the OpenAPI schema (``serializers.py``), the CSV
export (``export.py``, which picks and names its columns from here) and the webhook
payload (which sends the listing's JSON) all derive from this declaration.
"""

from dataclasses import dataclass

from claims.assessment import EvidenceStatus
from claims.ratings import Rating


@dataclass(frozen=True)
class Value:
    key: str
    path: str  # the ORM path from the claim: "summary", "claimant__name"
    # "as stored", "label" (of ``choices``), "time" (UTC, Z), "url" (the API's address),
    # "public_url" (the claim's public page), "codes" (a comma-separated list as a list),
    # "translations" (the claim's, or the verdict's at ``path``: a list of objects)
    shown: str = "as stored"
    choices: tuple = ()


@dataclass(frozen=True)
class Group:
    """A nested object; null when the record at ``unless_null`` (a path) is missing."""

    key: str
    values: tuple[Value, ...]
    unless_null: str | None = None


def _summary(key: str, path: str) -> Group:
    return Group(
        key,
        tuple(Value(name, f"{path}__{name}") for name in ("id", "name", "slug")),
        unless_null=None if key == "claimant" else path,
    )


CLAIM: tuple[Value | Group, ...] = (
    Value("id", "id"),
    Value("url", "id", shown="url"),
    Value("public_url", "id", shown="public_url"),
    Value("text", "text"),
    Value("summary", "summary"),
    Value("language", "language"),
    Value("translations", "id", shown="translations"),
    _summary("claimant", "claimant"),
    _summary("event", "event"),
    Value("stated_on", "stated_on"),
    Value("stated_on_precision", "stated_on_precision"),
    Value("interested_countries", "interested_countries", shown="codes"),
    Value("kind", "kind"),
    Value("checkable", "checkable"),
    Value("status", "status"),
    Value("duplicate_of", "duplicate_of"),
    Value("evidence_status", "evidence_status"),
    Value("evidence_status_label", "evidence_status", "label", tuple(EvidenceStatus.choices)),
    Group(
        "evidence_counts",
        tuple(
            Value(name, f"{name}_count")
            for name in (
                "supporting",
                "contradicting",
                "context",
                "independent_supporting",
                "independent_contradicting",
            )
        ),
    ),
    Value("assessment", "assessment"),
    Group(
        "verdict",
        (
            Value("rating", "current_verdict__rating"),
            Value("label", "current_verdict__rating", "label", tuple(Rating.choices)),
            Value("rationale", "current_verdict__rationale"),
            Value("published_at", "current_verdict__published_at", "time"),
            Value("holds_as_of", "current_verdict__holds_as_of"),
            Value("translations", "current_verdict__id", shown="translations"),
        ),
        unless_null="current_verdict",
    ),
    Value("created_at", "created_at", "time"),
    Value("updated_at", "updated_at", "time"),
    Value("version", "version"),
)


# The keys of each translation in "translations": the claim's, and the verdict's.
CLAIM_TRANSLATION = ("language", "text", "summary", "translated_by", "note")
VERDICT_TRANSLATION = ("language", "rationale", "translated_by")


def keys(members=CLAIM) -> list[str]:
    return [member.key for member in members]


def group(key: str) -> Group:
    (found,) = (m for m in CLAIM if isinstance(m, Group) and m.key == key)
    return found


def value(dotted: str) -> Value:
    """The value at ``"verdict.label"``, ``"summary"``..."""
    members = CLAIM
    *groups, last = dotted.split(".")
    for name in groups:
        members = next(m for m in members if m.key == name).values
    return next(m for m in members if m.key == last)
