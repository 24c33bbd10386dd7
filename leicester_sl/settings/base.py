"""Settings, read from the environment.

With no environment at all this is the embedded default: SQLite under ``var/``,
Celery tasks run in-process, email written to files under ``var/mail``. Every
value can be overridden by an environment variable (docs/operations.md lists them); production
hardening lives in ``production.py``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("LEICESTER_SL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only the embedded default may fall back to a throwaway key; production.py
# refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="embedded-only-insecure-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The branded "could not accept that form" page (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "leicester_sl.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_fsm",
    "csp",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_guid",
    "strategy",
    "eoi",
    # After eoi, whose send_queued_mail command (the outbox's, eoi/notifications/outbox.py)
    # takes the place of post_office's.
    "post_office",
]

MIDDLEWARE = [
    # First: every log line of a request carries its id (django-guid; LOGGING below).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A body longer than MAX_REQUEST_BODY_BYTES gets 413 unread (before
    # anything below reads the form).
    "leicester_sl.security.middleware.RequestBodyLimitMiddleware",
    # A NUL in the path, query or form gets 400 (leicester_sl/security/middleware.py).
    "leicester_sl.security.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leicester_sl.urls"
WSGI_APPLICATION = "leicester_sl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "leicester_sl.context_processors.portal",
                "leicester_sl.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'leicester_sl.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves several providers at once (runserver's
    # threads). A transaction takes the write lock when it begins
    # (IMMEDIATE), so two that read then write queue for it rather than one
    # failing at once with "database is locked"; the wait is up to
    # SQLITE_BUSY_TIMEOUT seconds. WAL lets pages be read while another
    # request writes; synchronous=NORMAL is WAL's usual setting (a commit may
    # be lost in a power cut, never corrupted). Django 5.1+ runs each
    # statement of init_command on every new connection.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates and times, GOV.UK style, where Django writes them itself ("6 December
# 2026 at 9:42pm"): the format module, and "am"/"pm" for Django's "a.m."/"p.m."
# (locale/en_GB). The service's own wording: leicester_sl.documents.formatting.
FORMAT_MODULE_PATH = ["leicester_sl.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Collected static files: production only (the embedded run serves static/ directly).
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=None)
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    # Uploads go through Django's storage API only, so several web servers can
    # share an S3-compatible store instead of local disk: install
    # django-storages and set e.g. DJANGO_FILE_STORAGE=storages.backends.s3.S3Storage
    # with DJANGO_FILE_STORAGE_OPTIONS='{"bucket_name": "…", "endpoint_url": "…"}'.
    "default": {
        "BACKEND": env.str(
            "DJANGO_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("DJANGO_FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Sessions: staff sessions end after two hours, or when the browser closes.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Staff sign-in (docs/operations.md, "Staff sign-in"). django-axes locks a username out from
# one address after AXES_FAILURE_LIMIT failed logins, for an hour (each attempt
# while locked starts the hour again); a successful login clears the count.
# The lockout page is leicester_sl.security.staff_sign_in.lockout_response (HTTP 429).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "leicester_sl.security.staff_sign_in.lockout_response"
# The client's address, for the lockout and the rate limits alike
# (leicester_sl/security/client_address.py): X-Forwarded-For is believed only from
# these proxies, addresses or networks, e.g. "172.18.0.0/16,10.0.0.7".
# None by default: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "leicester_sl.security.client_address.client_address"
# Optional second factor (django-otp, TOTP): staff turn it on at
# /admin/two-factor/. The issuer is the name authenticator apps show.
OTP_TOTP_ISSUER = "Leicester supported living"
# The TOTP devices' admin shows no secret keys or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Content security policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Email: files under var/mail by default; SMTP in production via EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Leicester City Council <noreply@leicester.gov.uk>"
)
TEAM_INBOX_EMAIL = env.str("TEAM_INBOX_EMAIL", default="caas.carehomes@leicester.gov.uk")
# Where the portal is, for links in emails (written outside any request).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Opportunities as open data (eoi.opportunities.open_data): the start of each
# opportunity's Open Contracting ID. A placeholder until the council registers
# its own prefix with the Open Contracting Partnership ("ocds-" and 6 characters).
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-lccsl0")

# The outbox (docs/operations.md, "Email and the outbox"): django-post-office's Email table, sent by the
# eoi.notifications.tasks Celery task under a lock on the email's row, not by post_office's
# own task (eoi/notifications/outbox.py says why); `manage.py send_queued_mail` is eoi's.
# No BACKENDS: post_office then delivers through EMAIL_BACKEND above, read when
# it sends, so file, SMTP and the tests' locmem backend all work.
POST_OFFICE = {
    "CELERY_ENABLED": False,
    "LOG_LEVEL": 2,  # a Log row for every attempt, sent or failed
    "MESSAGE_ID_ENABLED": True,  # one Message-ID per email, the same on a resend
    "MESSAGE_ID_FQDN": urlsplit(PORTAL_BASE_URL).hostname or "localhost",
}
# Attempts after the first before an email is marked failed, and the backoff:
# EMAIL_RETRY_BACKOFF_SECONDS doubled at each retry (60: 1, 2, 4, 8, 16 min).
EMAIL_MAX_RETRIES = env.int("EMAIL_MAX_RETRIES", default=5)
EMAIL_RETRY_BACKOFF_SECONDS = env.int("EMAIL_RETRY_BACKOFF_SECONDS", default=60)
# The sweep re-queues an email still pending this long after it was queued or
# due for a retry (its task was never queued, or was lost).
EMAIL_SWEEP_AFTER_SECONDS = env.int("EMAIL_SWEEP_AFTER_SECONDS", default=120)

# Celery: in-process for the embedded run; Redis in production and CI.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
# Queuing a task when the broker is down gives up after one more try, so a
# web request does not wait: the outbox sweep sends the email later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# `celery -A leicester_sl beat` reads this (the app loads the CELERY_ settings).
CELERY_BEAT_SCHEDULE = {
    "email-outbox-sweep": {
        "task": "eoi.outbox_sweep",
        "schedule": 60.0,
        # A sweep still waiting after a minute (no worker) is dropped: the
        # next one does the same work.
        "options": {"expires": 55},
    },
    # Personal data past its time (eoi/retention.py), nightly.
    "retention-apply": {
        "task": "eoi.retention_apply",
        "schedule": crontab(hour=2, minute=30),
    },
    # Working-day chasers (eoi/triage/chasers.py): safe to run more than once a day.
    "information-reminders": {
        "task": "eoi.information_reminders_send",
        "schedule": crontab(hour=7, minute=0),
    },
    "commissioner-digests": {
        "task": "eoi.commissioner_digests_send",
        "schedule": crontab(hour=7, minute=15),
    },
    # Monthly, to providers of accepted offers with open milestones: run each
    # morning, sent on the month's first working day it runs, once an offer a
    # month (eoi/triage/chasers.py).
    "milestone-reminders": {
        "task": "eoi.milestone_reminders_send",
        "schedule": crontab(hour=7, minute=30),
    },
    # Alerts to subscribers (eoi/alerts/sending.py): what was published since
    # and not yet sent (publishing also queues the job at once), closing
    # reminders, the monthly summary. Sends nothing on a day that is not a
    # working day; safe to run more than once a day.
    "alerts": {
        "task": "eoi.alerts_send",
        "schedule": crontab(hour=7, minute=45),
    },
}
# Task modules: Celery finds none by itself outside <app>/tasks.py.
CELERY_IMPORTS = ["eoi.notifications.tasks", "eoi.alerts.tasks", "eoi.retention"]
CELERY_TIMEZONE = TIME_ZONE

# Logs go to stderr: plain lines by default, one JSON object a line with
# LOG_FORMAT=json (production's default; python-json-logger): time, level,
# logger, message and any extra= fields. Log offers' events with
# extra={"offer_reference": …}.
# Every record written during a request carries its id as request_id
# (django-guid): the proxy's X-Request-ID if it is a UUID (nginx's
# $request_id, 32 hex digits, is one), else a new one, sent back in the
# response's X-Request-ID. Outside a request (Celery tasks, commands) it is
# None. django-guid's Celery integration is not used: it clears the id when a
# task ends, and tasks run inside the request on the embedded default.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "EXPOSE_HEADER": False,
}
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        }
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "exception"},
            "timestamp": "time",  # UTC, ISO 8601
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-guid reports every id it makes or takes at INFO; a refused one is a WARNING.
    "loggers": {"django_guid": {"level": "WARNING"}},
}

PORTAL = {
    "SERVICE_NAME": "Offer supported accommodation to Leicester",
    "COUNCIL_NAME": "Leicester City Council",
}

# Static files: WhiteNoise serves them, straight from static/ when not collected.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)

# Demo staff accounts (README) may only be created on the embedded default.
DEMO_ACCOUNTS_ALLOWED = env.bool(
    "DEMO_ACCOUNTS_ALLOWED", default=DATABASES["default"]["ENGINE"].endswith("sqlite3")
)

# Offer attachments (site plans, floor plans): the largest file a provider may
# upload, in bytes, checked by eoi/offers/uploads.py. Django streams uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) to a temporary file, so the
# default stays; the web server in front should refuse bodies a little larger
# than this (nginx: client_max_body_size 11m).
EOI_MAX_UPLOAD_BYTES = env.int("EOI_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# The largest request body the app reads, files and fields together: a page
# sends one file, so one file's limit and a megabyte for the rest (11 MB, as
# nginx's client_max_body_size 11m). A request declaring a longer body gets
# the "too large" page (413) before any of it is read
# (leicester_sl.security.middleware.RequestBodyLimitMiddleware).
MAX_REQUEST_BODY_BYTES = env.int(
    "MAX_REQUEST_BODY_BYTES", default=EOI_MAX_UPLOAD_BYTES + 1024 * 1024
)
# The size limit is applied while the body streams: a file stops being kept
# once it passes it (eoi.offers.uploads.SizeLimitUploadHandler), before Django's
# own handlers write it to memory or a temporary file.
FILE_UPLOAD_HANDLERS = [
    "eoi.offers.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Triage: the team that gets offers no routing rule matches.
EOI_DEFAULT_TEAM = env.str("EOI_DEFAULT_TEAM", default="Commissioners")

# PDFs (eoi/offers/summary.py, WeasyPrint): it reports every rendering step at INFO;
# keep its warnings (a refused or missing resource) and errors only.
LOGGING.setdefault("loggers", {})["weasyprint.progress"] = {"level": "WARNING"}

# Cache: shared by all processes through Redis when CACHE_URL (or REDIS_URL)
# is set, e.g. redis://host:6379/1; otherwise in this process's memory, which
# is enough for the embedded run (one process). production.py defaults to
# Redis. The rate limits below count requests here.
if env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""):
    CACHES = {
        "default": env.cache_url("CACHE_URL" if env.str("CACHE_URL", default="") else "REDIS_URL")
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits on the public pages, per client address (leicester_sl/security/abuse.py;
# django-ratelimit's rates: "20/h" is 20 requests an hour). A client over one
# gets the "Too many requests" page (HTTP 429).
EOI_RATE_LIMITS = {
    "start": "20/h",  # "Start now": new drafts
    "submit": "20/h",  # "Accept and send": sending offers
    "step": "300/h",  # saving a page of the form, uploading or removing a file
    "save_link": "10/h",  # emailing a link back to a draft
    "link": "60/m",  # opening resume, confirmation and status links
    "answer": "30/h",  # answering a request for information
    "sign_in": "10/h",  # asking for a link to "Your offers", per client
    "sign_in_address": "5/h",  # the same, per email address
    "your_offers": "30/h",  # withdrawing, offering another site
    "check": "120/h",  # "Check before you offer": screening the answers
    "alerts": "10/h",  # asking for alerts (each sends an email)
    "alerts_address": "3/h",  # the same, per email address: no flooding an inbox
    "alerts_change": "30/h",  # changing or stopping alerts by their link
    # Unsubscribing (RFC 8058 one-click): mail providers post it from their
    # own servers, for many people at once.
    "alerts_unsubscribe": "600/h",
    "question": "10/h",  # asking a question about an opportunity
}
# If the cache cannot be reached, let requests through (logged) rather than
# refuse every provider.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit's checks refuse a cache that is not shared between
# processes (E003); the embedded run is one process, so its memory cache is
# allowed here, never in production.py. They also warn (W001) of caches they
# have not tested, Django's own Redis backend among them: it adds with SET NX
# and counts with INCR, atomically, as the rate limits need.
SILENCED_SYSTEM_CHECKS = {
    "django.core.cache.backends.locmem.LocMemCache": [
        "django_ratelimit.E003",
        "django_ratelimit.W001",
    ],
    "django.core.cache.backends.redis.RedisCache": ["django_ratelimit.W001"],
}.get(CACHES["default"]["BACKEND"], [])

# Retention (eoi/retention.py, the privacy notice): days after an offer is
# withdrawn or not progressed before its personal data is removed, and days
# after a draft was last saved before it is deleted.
EOI_RETENTION_DECIDED_DAYS = env.int("EOI_RETENTION_DECIDED_DAYS", default=730)
EOI_DRAFT_RETENTION_DAYS = env.int("EOI_DRAFT_RETENTION_DAYS", default=30)
# Alerts (eoi/alerts/): days a link to confirm a subscription works; an
# unconfirmed subscription is deleted once its link has expired.
EOI_ALERT_CONFIRM_DAYS = env.int("EOI_ALERT_CONFIRM_DAYS", default=7)
# Days after an opportunity's responses close before the addresses of who
# asked questions about it are removed (eoi/retention.py).
EOI_QUESTION_RETENTION_DAYS = env.int("EOI_QUESTION_RETENTION_DAYS", default=90)

# The service's targets, in working days (England and Wales bank holidays
# excluded; leicester_sl/working_days.py, eoi/triage/timescales.py): what the
# confirmation page, the acknowledgement and the status page promise.
EOI_TIMESCALES_WORKING_DAYS = {
    # From sending an offer to the commissioning team's first contact.
    "first_response": env.int("EOI_FIRST_RESPONSE_WORKING_DAYS", default=10),
    # From starting triage (or the provider's answer) to saying what happens next.
    "triage_outcome": env.int("EOI_TRIAGE_OUTCOME_WORKING_DAYS", default=15),
    # From arranging a meeting to the decision.
    "decision_after_meeting": env.int("EOI_DECISION_AFTER_MEETING_WORKING_DAYS", default=10),
    # From a request for information to the reminder, if still unanswered.
    "information_reminder": env.int("EOI_INFORMATION_REMINDER_WORKING_DAYS", default=5),
}
# These seed the StatusTarget rows (migration 0012), which administrators edit.

# A milestone is "Slipped" when its current forecast is later than the forecast
# made at acceptance by more than this many months (issue 24; the 2025
# scrutiny review's "concerns on slippage", docs/seeds/003, agreed 2025).
EOI_SLIPPAGE_THRESHOLD_MONTHS = env.int("EOI_SLIPPAGE_THRESHOLD_MONTHS", default=3)
