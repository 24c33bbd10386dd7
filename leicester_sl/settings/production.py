"""Production hardening on top of the environment-driven base settings.

Run behind TLS (a reverse proxy sets X-Forwarded-Proto). Fails to start
without a real secret key.
"""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, SECRET_KEY, env

DEBUG = False
if SECRET_KEY.startswith("embedded-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value.")
# Links in emails are built from this: a provider must never get a localhost link.
if not env.str("PORTAL_BASE_URL", default="").startswith("https://"):
    raise ImproperlyConfigured("Set PORTAL_BASE_URL to the portal's public https:// address.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WHITENOISE_USE_FINDERS = False
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
DEMO_ACCOUNTS_ALLOWED = False

# The client's address (lockout and rate limits) is read from X-Forwarded-For
# only when the request comes from one of DJANGO_TRUSTED_PROXIES (base.py,
# leicester_sl/security/client_address.py): set it to the TLS proxy's address or
# network. A mistyped entry stops the start, not a request.
for _proxy in TRUSTED_PROXIES:  # noqa: F405
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from error

# Cache, where the public pages' rate limits count (leicester_sl/security/abuse.py): it
# must be shared by every gunicorn worker, so Redis: CACHE_URL or REDIS_URL if
# set, else database 1 of the Celery broker's Redis (the broker uses 0).
# Without Redis it stays in memory and django-ratelimit's check
# (django_ratelimit.E003) fails `check --deploy` and `migrate`.
if not (env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")):
    _broker = urlsplit(CELERY_BROKER_URL)  # noqa: F405
    if _broker.scheme in ("redis", "rediss"):
        _cache_url = _broker._replace(path="/1").geturl()
        CACHES = {"default": env.cache_url_config(_cache_url)}
# As in base.py, only W001 is silenced, and only for Django's Redis backend.
SILENCED_SYSTEM_CHECKS = (
    ["django_ratelimit.W001"]
    if CACHES["default"]["BACKEND"].endswith("redis.RedisCache")  # noqa: F405
    else []
)

# Logs: one JSON object a line (LOG_FORMAT=plain for plain lines).
LOGGING["handlers"]["console"]["formatter"] = env.str(  # noqa: F405
    "LOG_FORMAT", default="json"
)
