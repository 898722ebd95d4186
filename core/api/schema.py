"""What the OpenAPI schema says beyond each view's serializers: who may call an operation,
the version protocol of writes, and the answers every operation can give.

A client generated from the schema can then poll (``If-None-Match``, 304), update
(``If-Match`` or ``version`` in the body; 412 and 428), and handle the refusals the
plumbing gives whatever the view (400, 401, 403, 404, 413, 429).
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import (
    SAFE_METHODS,
    AllowAny,
    DjangoModelPermissionsOrAnonReadOnly,
    IsAuthenticatedOrReadOnly,
)

ANONYMOUS_READS = (AllowAny, DjangoModelPermissionsOrAnonReadOnly, IsAuthenticatedOrReadOnly)

ERROR = {
    "type": "object",
    "description": "``detail`` says what went wrong; a refused field has a list of messages "
    "under its own name.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
STALE = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "integer", "nullable": True},
    },
    "required": ["detail", "current_version"],
}
VERSION = {
    "type": "integer",
    "minimum": 0,
    "description": "The version of the record you read (alternatively send its ETag in "
    "If-Match). A write without either is refused with 428; with an outdated one, 412.",
}


class ApiSchema(AutoSchema):
    """Operations anonymous clients may call say so (an empty security requirement)."""

    def get_auth(self):
        auth = super().get_auth()
        if self.method in SAFE_METHODS and self._anonymous_may_read() and {} not in auth:
            auth.append({})
        return auth

    def _anonymous_may_read(self) -> bool:
        permissions = self.view.get_permissions()
        return all(isinstance(permission, ANONYMOUS_READS) for permission in permissions)


def _json(schema_ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": schema_ref}}}


def _answer(description: str, schema_ref: str | None = "#/components/schemas/Error") -> dict:
    answer = {"description": description}
    if schema_ref:
        answer["content"] = _json(schema_ref)
    return answer


def document_protocol(result, generator, request, public):
    """drf-spectacular post-processing hook: add the shared answers and the version
    protocol to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["StaleVersion"] = STALE
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            public_operation = {} in operation.get("security", [{}])
            shared = {
                "400": _answer("The request is invalid: the messages say why."),
                "429": _answer("Too many requests: try again after Retry-After seconds."),
            }
            if "{" in path:
                shared["404"] = _answer("No such record, or not one you may see.")
            if not public_operation:
                shared["401"] = _answer("No valid credentials.")
                shared["403"] = _answer("Your role does not allow this.")
            if method == "get":
                shared["304"] = _answer("Unchanged since the ETag sent in If-None-Match.", None)
                _add_header(operation, "If-None-Match", "An ETag from an earlier answer.")
            if "requestBody" in operation:
                shared["413"] = _answer("The request body is too large.")
            if method in ("put", "patch"):
                shared["412"] = _answer(
                    "The record changed since the stated version; nothing was written.",
                    "#/components/schemas/StaleVersion",
                )
                shared["428"] = _answer("No version stated (If-Match or version).")
                _add_header(operation, "If-Match", 'The record\'s ETag as you read it, e.g. "3-…".')
                _add_version(operation)
            for status, answer in shared.items():
                responses.setdefault(status, answer)
    return result


def _add_header(operation: dict, name: str, description: str) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name") == name for p in parameters):
        parameters.append(
            {
                "in": "header",
                "name": name,
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }
        )


def _add_version(operation: dict) -> None:
    for media in operation.get("requestBody", {}).get("content", {}).values():
        body = media.get("schema")
        if body is not None:
            media["schema"] = {
                "allOf": [body, {"type": "object", "properties": {"version": VERSION}}]
            }
