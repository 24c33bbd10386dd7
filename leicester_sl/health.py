"""Health of the parts the portal needs: the database and the Celery broker."""

from django.conf import settings
from django.db import connection

from .celery import app as celery_app


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            # A round trip and nothing more: the ORM has no query without a table.
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
    except Exception as error:  # kombu raises its own and the transport's errors
        return {"ok": False, "mode": "broker", "error": error.__class__.__name__}
    return {"ok": True, "mode": "broker"}
