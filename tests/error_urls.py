"""The portal's URLs plus views that fail, for the error pages' tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.urls import path

from leicester_sl.urls import handler400, handler403, handler404, handler500  # noqa: F401
from leicester_sl.urls import urlpatterns as portal_urlpatterns


def _bad_request(request):
    raise BadRequest("broken")


def _forbidden(request):
    raise PermissionDenied("no")


def _database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("test-errors/400/", _bad_request),
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _database_down),
    *portal_urlpatterns,
]
