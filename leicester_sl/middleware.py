"""Refuse requests carrying a NUL character, before any view sees them.

A NUL in a query string or form value reaches the database as a filter or a
value, and PostgreSQL refuses it ("A string literal cannot contain NUL"), which
Django reports as a 500. No page of the portal has any use for one, so such a
request gets 400 (Bad Request) here, whichever view it was for. Uploaded
files are not looked at: only the path, the query string and form fields.
"""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.views.defaults import bad_request

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values)
        for key, values in query_dict.lists()
    )


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET) or self._post_has_nul(request):
            return bad_request(
                request, SuspiciousOperation("NUL character in the request")
            )
        return self.get_response(request)

    @staticmethod
    def _post_has_nul(request) -> bool:
        if request.method != "POST":
            return False
        try:
            return _has_nul(request.POST)
        except (RequestDataTooBig, SuspiciousOperation):
            return False  # Django answers these itself, where they are read
