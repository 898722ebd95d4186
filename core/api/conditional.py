"""Cheap polling and safe writes: entity tags for reads, the stated version for writes.

A representation's ETag is a digest of the identity and version of every row it is built
from (the record, the related records loaded with it, its many-to-many links), computed
after the rows are fetched and before anything is serialized, so an unchanged page or
record is answered with 304 at the cost of its queries alone. A record's ETag starts with
its own version (``"<version>-<digest>"``), which is what ``If-Match`` states on a write.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.http import http_date, parse_etags
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from core.api.inputs import BIGINT_MAX, whole_number


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "State the version you are changing: send the record's ETag in If-Match, "
        "or its “version” in the body."
    )
    default_code = "precondition_required"


def row_keys(objects: Iterable[models.Model]) -> list[tuple]:
    """(model, pk, version) of each object and of every related object loaded with it."""
    keys, seen = [], set()

    def walk(obj):
        marker = (obj._meta.label, obj.pk)
        if marker in seen:
            return
        seen.add(marker)
        keys.append((*marker, getattr(obj, "version", None)))
        for related in obj._state.fields_cache.values():
            if isinstance(related, models.Model):
                walk(related)
        for items in getattr(obj, "_prefetched_objects_cache", {}).values():
            for item in items:
                walk(item)

    for obj in objects:
        walk(obj)
    return keys


def digest(keys) -> str:
    return hashlib.blake2b(repr(keys).encode(), digest_size=12).hexdigest()


def list_etag(keys, *, next_link: str | None) -> str:
    """A page's tag covers its rows and its ``next`` link: a page that gained a next page
    (a row added after it) is a different response even when its own rows are not."""
    return f'"{digest([*keys, next_link])}"'


def record_etag(version: int, keys) -> str:
    return f'"{version}-{digest(keys)}"'


def in_language(etag: str) -> str:
    """``etag`` for a response in the active language: the same in the site's (any
    variant of it), marked with the language in any other (the version stays first, for
    If-Match)."""
    language = translation.get_language()
    if not language or language.split("-")[0] == settings.LANGUAGE_CODE.split("-")[0]:
        return etag
    return f'{etag[:-1]}-{language}"'


def _opaque(tag: str) -> str:
    """The tag without its weak marker and quotes: If-None-Match compares weakly."""
    return tag.removeprefix("W/").strip('"')


def not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}


def conditional_response(request, etag: str, last_modified, build) -> Response:
    """304 when the client holds ``etag``; otherwise the response ``build()`` makes. Both
    carry the ETag, and Last-Modified when there is one. A response in another language
    than the site's (labels follow the request's Accept-Language) has an ETag of its own."""
    etag = in_language(etag)
    headers = {"ETag": etag}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    if not_modified(request, etag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    response = build()
    for name, value in headers.items():
        response[name] = value
    return response


def stated_version(request) -> int:
    """The version the client read: from If-Match (the record's ETag) or the body."""
    header = request.headers.get("If-Match")
    if header:
        tags = parse_etags(header)
        version = _opaque(tags[0]).split("-", 1)[0] if len(tags) == 1 else ""
        try:
            return whole_number(version, name="If-Match", maximum=BIGINT_MAX)
        except ValidationError:
            raise ValidationError(
                {"If-Match": ['Send the ETag of the record as you read it, e.g. If-Match: "3-…".']}
            ) from None
    body_version = request.data.get("version") if hasattr(request.data, "get") else None
    if body_version is None:
        raise PreconditionRequired()
    try:
        return whole_number(body_version, name="version", maximum=BIGINT_MAX)
    except ValidationError:
        raise ValidationError(
            {"version": ["A version is a whole number, as read from the record."]}
        ) from None
