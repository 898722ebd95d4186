"""Parts of a claim's API detail that apps above claims add (the figures a claim asserts):
claims cannot import them, so each registers a loader here in its AppConfig.ready.

A loader takes the claim's id and the requesting user and returns the records it read
(their keys go into the detail's ETag) and the JSON-ready data shown under its name."""

from collections.abc import Callable

DETAIL_PARTS: dict[str, Callable] = {}


def register_detail_part(name: str, load: Callable) -> None:
    DETAIL_PARTS[name] = load


def load_parts(claim_id, user) -> dict[str, tuple[list, object]]:
    return {name: load(claim_id, user) for name, load in DETAIL_PARTS.items()}
