"""Parts of a claim's API detail that apps above claims add (the figures a claim asserts):
claims cannot import them, so each registers a loader here in its AppConfig.ready.

A loader takes the claim's id and the requesting user and returns the records it read
(their keys go into the detail's ETag) and the JSON-ready list shown under its name; the
serializer class describes one item of that list in the OpenAPI schema."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DetailPart:
    load: Callable
    serializer: type


DETAIL_PARTS: dict[str, DetailPart] = {}


def register_detail_part(name: str, load: Callable, *, serializer: type) -> None:
    DETAIL_PARTS[name] = DetailPart(load, serializer)


def load_parts(claim_id, user) -> dict[str, tuple[list, object]]:
    return {name: part.load(claim_id, user) for name, part in DETAIL_PARTS.items()}


def part_fields() -> dict:
    """The schema's fields of the registered parts, by name."""
    return {name: part.serializer(many=True, read_only=True) for name, part in DETAIL_PARTS.items()}
