"""Domain refusals as HTTP answers: a stale version is 412, a refused workflow step or a
write the database's rules refuse is 400 with the reason. Never a 500."""

from django.db import IntegrityError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from core.records import Refused
from core.versioning import StaleVersion


def handle_exception(exc, context):
    if isinstance(exc, StaleVersion):
        set_rollback()
        return Response(
            {"detail": str(exc), "current_version": exc.current_version},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, Refused):
        set_rollback()
        body = {exc.field: [str(exc)]} if exc.field else {"detail": str(exc)}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response(
            {
                "detail": "The records' rules refuse this change (for example a duplicate); nothing was saved."
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return exception_handler(exc, context)
