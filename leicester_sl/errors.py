"""The service's error pages, in the GOV.UK pattern (templates/4xx, 500.html).

Django's own handlers would render these templates too, but without the
header's navigation; the 500 page must also render when the database (and so
the session) is down, so it gets a plain context and no context processors.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .navigation import navigation_items

logger = logging.getLogger(__name__)


def _plain(template_name: str, status: int, **extra) -> HttpResponse:
    """A page rendered without the request: nothing that can reach the database."""
    context = {
        "navigation": navigation_items(),
        "service_name": settings.PORTAL["SERVICE_NAME"],
        "council_name": settings.PORTAL["COUNCIL_NAME"],
        "team_inbox": settings.TEAM_INBOX_EMAIL,
        **extra,
    }
    return HttpResponse(loader.render_to_string(template_name, context), status=status)


def bad_request(request, exception=None):
    # The request itself may be the problem (a forbidden Host header), so
    # nothing reads it.
    return _plain("400.html", 400)


def payload_too_large(request):
    """HTTP 413, from leicester_sl.security.middleware before the body is read (and
    before the session): nothing reads the request."""
    return _plain(
        "413.html",
        413,
        file_limit=f"{settings.EOI_MAX_UPLOAD_BYTES / (1024 * 1024):g} MB",
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return _plain("500.html", 500)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: the reason goes to the log, never the page."""
    logger.warning("CSRF check failed on %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)
