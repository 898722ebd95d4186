"""Refusals made before a view runs."""

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse


class RequestSizeLimitMiddleware:
    """A request whose body is larger than MAX_REQUEST_BODY_BYTES gets 413 before anything
    reads it. File uploads (the paths in LARGE_UPLOAD_PATHS) stream to disk and have their
    own limit, MEDIA_MAX_UPLOAD_BYTES plus room for the form around the file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BODY_BYTES
        if request.method == "POST" and _large_uploads().fullmatch(request.path):
            limit = settings.MEDIA_MAX_UPLOAD_BYTES + settings.MAX_REQUEST_BODY_BYTES
        if length > limit:
            message = f"The request body is larger than {limit} bytes."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _large_uploads() -> re.Pattern:
    return re.compile(settings.LARGE_UPLOAD_PATHS)
