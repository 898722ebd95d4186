"""The project's 404, 500 and 503 answers: JSON under /api/, the site's pages elsewhere.

A request that meets the database restarting (or a storage that is full or read-only) is
not a bug: it gets 503 with ``Retry-After`` (507 for a full storage), a warning in the
log rather than a traceback, and the next request finds the database again by itself
(connections are checked before reuse, see ``CONN_HEALTH_CHECKS``).
"""

import errno
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
DATABASE_DOWN = _("The database is not answering just now.")
STORAGE_FULL = _("The file store is full; nothing was saved.")
STORAGE_READ_ONLY = _("The file store does not accept files just now; nothing was saved.")


class Unavailable(Exception):
    """A fault of the machines around the app: answered with ``status`` (503 or 507)."""

    def __init__(self, detail: str, *, status: int = 503):
        super().__init__(detail)
        self.detail = detail
        self.status = status


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    fault = fault_of(sys.exc_info()[1])
    if fault is not None:  # raised by a middleware, before any view
        return unavailable(request, fault)
    if _api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def storage_fault(error: OSError) -> Unavailable:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return Unavailable(STORAGE_FULL, status=507)
    return Unavailable(STORAGE_READ_ONLY)


def fault_of(error: BaseException | None) -> Unavailable | None:
    """The answer for an error that is the machines' fault, not the code's (else None)."""
    if isinstance(error, Unavailable):
        return error
    if isinstance(error, (OperationalError, InterfaceError)):
        return Unavailable(DATABASE_DOWN)
    return None


def unavailable(request, fault: Unavailable):
    logger.warning(
        "%s %s answered %s: %s", request.method, request.path, fault.status, fault.detail
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if _api(request):
        response = JsonResponse({"detail": fault.detail}, status=fault.status, headers=headers)
    else:
        body = render_to_string("503.html", {"detail": fault.detail, "wait": RETRY_AFTER_SECONDS})
        response = HttpResponse(body, status=fault.status, headers=headers)
    response._has_been_logged = True  # logged above as a warning, not as a server error
    return response


class UnavailableMiddleware:
    """Answers a view's database or storage fault with 503/507 and Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        fault = fault_of(exception)
        if fault is None:
            return None
        # A broken connection is closed when the request finishes (close_old_connections).
        return unavailable(request, fault)
