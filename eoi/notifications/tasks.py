"""Celery tasks. Each takes ids, calls a service of ``eoi.notifications.outbox``, and owns
its retries; the services are imported in the task bodies (``eoi.notifications.outbox``
queues these tasks)."""

import logging
from collections.abc import Iterable

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="eoi.email_send", ignore_result=True, max_retries=None)
def email_send(self, email_id: int) -> str:
    """Send one email from the outbox: "sent", "skipped" (already sent, or
    not pending) or "failed" (retries used up).

    Safe to run twice, even at once (``outbox.email_deliver`` locks the
    email's row). On an SMTP or network error it retries after
    ``outbox.retry_delay``; the attempts are counted on the email, which
    ``EMAIL_MAX_RETRIES`` retries later is marked failed for an
    administrator to resend (at once if the email cannot be built). A
    database error is left to the sweep. Acknowledged late
    (``CELERY_TASK_ACKS_LATE``): a worker that dies mid-task leaves the
    message for another.
    """
    from . import outbox

    while True:
        outcome, delay, error = outbox.email_attempt(email_id)
        if outcome != "retry":
            return outcome
        if self.request.is_eager or self.request.called_directly:
            # In-process (the embedded default, tests): no worker comes
            # back later, so try again now, as Celery's eager retries do;
            # the email's count ends it. (Celery's own eager retry would
            # re-raise with CELERY_TASK_EAGER_PROPAGATES.)
            continue
        # Celery's own limit is off (max_retries=None): the email's count rules.
        raise self.retry(exc=error, countdown=delay.total_seconds())


@shared_task(bind=True, name="eoi.emails_send", ignore_result=True)
def emails_send(self, email_ids: list[int]) -> list[str]:
    """Send several emails from the outbox, queued together: each is tried
    once here as ``email_send`` would, and one to try again later goes on as
    an ``email_send`` task of its own, after its delay."""
    return _emails_try(self, email_ids)


def _emails_try(task, email_ids: list[int]) -> list[str]:
    from . import outbox

    in_process = task.request.is_eager or task.request.called_directly
    outcomes = []
    for email_id in email_ids:
        outcome, delay, _error = outbox.email_attempt(email_id)
        while outcome == "retry" and in_process:  # as email_send does in-process
            outcome, delay, _error = outbox.email_attempt(email_id)
        if outcome == "retry":
            try:
                email_send.apply_async(args=(email_id,), countdown=delay.total_seconds())
            except Exception:  # the broker down: the sweep queues it later
                logger.exception("Could not queue email %s: it stays for the sweep", email_id)
        outcomes.append(outcome)
    return outcomes


@shared_task(bind=True, name="eoi.event_handle", ignore_result=True)
def event_handle(self, event_id: int) -> list[str]:
    """Act on an outbox event (``eoi.notifications.events``), then send the emails it put in
    the outbox, here, as ``emails_send`` does: one publish per submission.

    Safe to run twice, even at once: the second finds the event handled and
    does nothing. Any error rolls the event's work back; the sweep handles
    it later. Emails written but not sent (the worker died just after) are
    pending in the outbox, for its sweep.
    """
    from . import events

    email_ids = events.event_handle(event_id=event_id)
    return _emails_try(self, email_ids) if email_ids else []


@shared_task(name="eoi.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    """Handle the events left unhandled, and queue again the emails still
    pending, after a while (Celery beat, every minute: ``CELERY_BEAT_SCHEDULE``)."""
    from . import events, outbox

    events.events_sweep()
    return len(outbox.outbox_sweep())


def email_send_enqueue(email_ids: Iterable[int]) -> None:
    """Queue a task per email; called once the emails' transaction commits.

    With the broker down the email stays pending in the outbox: log it and
    carry on, so the offer stays saved and the page still confirms. The sweep
    queues it once the broker is back.
    """
    for email_id in email_ids:
        try:
            email_send.delay(email_id)
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
        emails_send.delay(list(email_ids))
    except Exception:  # kombu's OperationalError, redis-py's errors, a socket error
        logger.exception(
            "Could not queue emails %s: they stay in the outbox for the sweep", email_ids
        )


def event_handle_enqueue(event_id: int) -> None:
    """Queue the event's task; called once its transaction commits. With the
    broker down the event stays unhandled, for the sweep."""
    try:
        event_handle.delay(event_id)
    except Exception:  # kombu's OperationalError, redis-py's errors, a socket error
        logger.exception("Could not queue event %s: it stays in the outbox for the sweep", event_id)


@shared_task(name="eoi.information_reminders_send", ignore_result=True)
def information_reminders_send() -> int:
    """Remind providers of unanswered questions (Celery beat, each morning)."""
    from eoi.triage import chasers

    return chasers.information_reminders_send()


@shared_task(name="eoi.commissioner_digests_send", ignore_result=True)
def commissioner_digests_send() -> int:
    """Each commissioner's overdue and due-today offers (Celery beat, each morning)."""
    from eoi.triage import chasers

    return chasers.commissioner_digests_send()
