"""Production hardening on top of the environment-driven base settings.

Run behind TLS (a reverse proxy sets X-Forwarded-Proto). Fails to start
without a real secret key.
"""
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
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = False
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
DEMO_ACCOUNTS_ALLOWED = False

# Lockout (django-axes) counts failures per username and client address. Behind
# the reverse proxy REMOTE_ADDR is the proxy's, so axes reads the client's
# address from X-Forwarded-For through django-ipware (the "ipware" extra of
# django-axes: without it axes ignores the AXES_IPWARE_* settings and uses
# REMOTE_ADDR). Only what our own proxies wrote is trusted: with N proxies in
# front (DJANGO_REVERSE_PROXIES, default 1, as in README) the client is the
# N-th entry from the right. Entries further left come from the client, may be
# forged (or be a corporate proxy's) and are ignored; IPWARE_STRICT off so that
# such a prefix does not make ipware fall back to the proxy's address.
# (ipware's proxy count is the number of proxy addresses in the header: N - 1.)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_IPWARE_PROXY_ORDER = "left-most"
REVERSE_PROXIES = env.int("DJANGO_REVERSE_PROXIES", default=1)
if REVERSE_PROXIES < 1:
    raise ImproperlyConfigured("Set DJANGO_REVERSE_PROXIES to 1 or more.")
AXES_IPWARE_PROXY_COUNT = REVERSE_PROXIES - 1
IPWARE_STRICT = False

# Cache, where the public pages' rate limits count (leicester_sl/abuse.py): it
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
