"""Refuse requests the portal has no use for, before any view sees them:
bodies over the size limit, and NUL characters.

A request body longer than ``settings.MAX_REQUEST_BODY_BYTES`` (files and
fields together) gets the "too large" page, HTTP 413, before any of it is
read: Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count files, and
``eoi.offers.uploads.SizeLimitUploadHandler`` caps each file, not how many a request
carries. The length checked is the one the request declares
(``Content-Length``), and Django never reads past it: a body without one
(chunked) is not read at all, one longer than it says is cut there
(``tests/test_security_request_body.py`` checks both).

A NUL in a query string or form value reaches the database as a filter or a
value, and PostgreSQL refuses it ("A string literal cannot contain NUL"), which
Django reports as a 500. No page of the portal has any use for one, so such a
request gets 400 (Bad Request) here, whichever view it was for. Uploaded
files are not looked at: only the path, the query string and form fields.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.views.defaults import bad_request

from leicester_sl.errors import payload_too_large

NUL = "\x00"


def _declared_length(request) -> int:
    """The body's length as the request states it; Django reads no more."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads nothing of such a body


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > settings.MAX_REQUEST_BODY_BYTES:
            return payload_too_large(request)
        return self.get_response(request)


def _has_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET) or self._post_has_nul(request):
            return bad_request(request, SuspiciousOperation("NUL character in the request"))
        return self.get_response(request)

    @staticmethod
    def _post_has_nul(request) -> bool:
        if request.method != "POST":
            return False
        try:
            return _has_nul(request.POST)
        except (RequestDataTooBig, SuspiciousOperation):
            return False  # Django answers these itself, where they are read
