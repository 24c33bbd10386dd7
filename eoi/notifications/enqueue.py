"""Queuing the outbox's tasks once a transaction commits.

The tasks (``eoi.notifications.tasks``) call the outbox and the events, which
queue more tasks: to keep imports one way, this module finds a task by its
name in the Celery app's registry (``eoi.apps`` imports the tasks module, so
every process has them registered) rather than importing it.
"""

import logging
from collections.abc import Iterable

from celery import current_app

logger = logging.getLogger(__name__)

EMAIL_SEND = "eoi.email_send"
EMAILS_SEND = "eoi.emails_send"
EVENT_HANDLE = "eoi.event_handle"


def _task(name: str):
    return current_app.tasks[name]


def email_send_enqueue(email_ids: Iterable[int]) -> None:
    """Queue a task per email; called once the emails' transaction commits.

    With the broker down the email stays pending in the outbox: log it and
    carry on, so the offer stays saved and the page still confirms. The sweep
    queues it once the broker is back.
    """
    for email_id in email_ids:
        try:
            _task(EMAIL_SEND).delay(email_id)
        except Exception:  # kombu's OperationalError, redis-py's errors, a socket error
            logger.exception(
                "Could not queue email %s: it stays in the outbox for the sweep", email_id
            )


def emails_send_enqueue(email_ids: list[int]) -> None:
    """Queue one task for ``email_ids`` (one email: ``email_send``, as before).

    With the broker down the emails stay pending in the outbox, for the sweep.
    """
    if len(email_ids) == 1:
        email_send_enqueue(email_ids)
        return
    try:
        _task(EMAILS_SEND).delay(list(email_ids))
    except Exception:  # kombu's OperationalError, redis-py's errors, a socket error
        logger.exception(
            "Could not queue emails %s: they stay in the outbox for the sweep", email_ids
        )


def event_handle_enqueue(event_id: int) -> None:
    """Queue the event's task; called once its transaction commits. With the
    broker down the event stays unhandled, for the sweep."""
    try:
        _task(EVENT_HANDLE).delay(event_id)
    except Exception:  # kombu's OperationalError, redis-py's errors, a socket error
        logger.exception("Could not queue event %s: it stays in the outbox for the sweep", event_id)


ALERTS_SEND = "eoi.alerts_send"


def alerts_send_enqueue() -> None:
    """Queue the alert job (``eoi.alerts.sending``) once something subscribers
    hear of has committed: an opportunity published, an answer published. With
    the broker down, the job's daily run (Celery beat) sends them instead."""
    try:
        _task(ALERTS_SEND).delay()
    except Exception:  # kombu's OperationalError, redis-py's errors, a socket error
        logger.exception("Could not queue the alert job: its scheduled run will send the alerts")
