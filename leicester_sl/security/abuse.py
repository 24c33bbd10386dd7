"""Keeping bots and floods off the public pages: rate limits and a honeypot.

Rate limits (django-ratelimit) count requests per client address in the
Django cache (Redis in production, so every gunicorn worker shares the
counts). Each limited view names a group; ``settings.EOI_RATE_LIMITS`` gives
each group its rate, e.g. ``"20/h"``, so tests and deployments can change
them. A client over a limit gets the "Too many requests" page (HTTP 429).

When the cache cannot be reached the request goes through, with a warning in
the log: an outage of Redis must not stop providers sending offers.

The honeypot is a text field people never see (``includes/honeypot.html``).
Bots that fill in every field fill it in too; a request with it filled in
is refused without saying why, and logged.
"""

import hashlib
import ipaddress
import logging
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

from .client_address import client_address

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "comments"
TOO_MANY_REQUESTS_TEMPLATE = "429.html"


def client_ip(group, request) -> str:
    """The address requests are counted against (the rate limits' key).

    The client's address by the same rule as the staff lockout
    (``leicester_sl.security.client_address``: forwarded headers only from our own
    proxies). An IPv6 address counts as its /64 network, which one client can
    easily move around in.
    """
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _rate(group, request):
    return settings.EOI_RATE_LIMITS.get(group)


def too_many_requests(request, *, retry_after: int | None = None):
    """The GOV.UK "Too many requests" page, HTTP 429."""
    response = render(request, TOO_MANY_REQUESTS_TEMPLATE, status=429)
    if retry_after and retry_after > 0:
        response["Retry-After"] = str(retry_after)
    return response


def rate_limit(group: str, *, methods=ALL):
    """Limit a view to ``settings.EOI_RATE_LIMITS[group]`` requests per client.

    Only requests whose method is in ``methods`` are counted and limited.
    Views with the same group and the same ``methods`` share one count
    (django-ratelimit's key includes both).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                usage = get_usage(
                    request,
                    group=group,
                    key=client_ip,
                    rate=_rate,
                    method=methods,
                    increment=True,
                )
            except (RedisError, OSError):
                logger.warning(
                    "Rate limit %s not applied: the cache cannot be reached",
                    group,
                    exc_info=True,
                    extra={"rate_limit_group": group},
                )
                usage = None
            if usage is not None and usage["should_limit"]:
                logger.warning(
                    "Rate limit %s exceeded by %s on %s",
                    group,
                    client_ip(group, request),
                    request.path,
                    extra={"rate_limit_group": group},
                )
                return too_many_requests(request, retry_after=usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def address_over_limit(request, group: str, address: str) -> bool:
    """Count a POST for the email ``address`` (normalised by the caller)
    against ``settings.EOI_RATE_LIMITS[group]``, from any client: nobody
    floods an inbox by asking from many places. The address is kept in the
    cache only as its hash. With the cache out of reach, not limited (logged)."""
    key = hashlib.sha256(address.encode()).hexdigest()
    try:
        usage = get_usage(
            request,
            group=group,
            key=lambda _group, _request: key,
            rate=settings.EOI_RATE_LIMITS[group],
            method=["POST"],
            increment=True,
        )
    except (RedisError, OSError):
        logger.warning("Rate limit %s not applied", group, exc_info=True)
        return False
    return bool(usage and usage["should_limit"])


def honeypot_filled(request) -> bool:
    """True, and a warning in the log, if the honeypot field was filled in."""
    if not request.POST.get(HONEYPOT_FIELD, "").strip():
        return False
    logger.warning(
        "Honeypot filled in on %s by %s: request refused",
        request.path,
        client_ip(None, request),
    )
    return True
