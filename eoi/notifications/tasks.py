"""Celery tasks. Each takes ids, calls a service of ``eoi.notifications.outbox``
(or ``events``, ``eoi.triage.chasers``) and owns its retries. The outbox
queues them by name (``eoi.notifications.enqueue``), so imports go one way."""

import logging

from celery import shared_task

from eoi.triage import chasers

from . import events, outbox
from .enqueue import EMAIL_SEND, EMAILS_SEND, EVENT_HANDLE

logger = logging.getLogger(__name__)


@shared_task(bind=True, name=EMAIL_SEND, ignore_result=True, max_retries=None)
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


@shared_task(bind=True, name=EMAILS_SEND, ignore_result=True)
def emails_send(self, email_ids: list[int]) -> list[str]:
    """Send several emails from the outbox, queued together: each is tried
    once here as ``email_send`` would, and one to try again later goes on as
    an ``email_send`` task of its own, after its delay."""
    return _emails_try(self, email_ids)


def _emails_try(task, email_ids: list[int]) -> list[str]:

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


@shared_task(bind=True, name=EVENT_HANDLE, ignore_result=True)
def event_handle(self, event_id: int) -> list[str]:
    """Act on an outbox event (``eoi.notifications.events``), then send the emails it put in
    the outbox, here, as ``emails_send`` does: one publish per submission.

    Safe to run twice, even at once: the second finds the event handled and
    does nothing. Any error rolls the event's work back; the sweep handles
    it later. Emails written but not sent (the worker died just after) are
    pending in the outbox, for its sweep.
    """

    email_ids = events.event_handle(event_id=event_id)
    return _emails_try(self, email_ids) if email_ids else []


@shared_task(name="eoi.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    """Handle the events left unhandled, and queue again the emails still
    pending, after a while (Celery beat, every minute: ``CELERY_BEAT_SCHEDULE``)."""

    events.events_sweep()
    return len(outbox.outbox_sweep())


@shared_task(name="eoi.information_reminders_send", ignore_result=True)
def information_reminders_send() -> int:
    """Remind providers of unanswered questions (Celery beat, each morning)."""

    return chasers.information_reminders_send()


@shared_task(name="eoi.milestone_reminders_send", ignore_result=True)
def milestone_reminders_send() -> int:
    """Once a month, providers of accepted offers with open milestones (Celery beat, each morning)."""

    return chasers.milestone_reminders_send()


@shared_task(name="eoi.commissioner_digests_send", ignore_result=True)
def commissioner_digests_send() -> int:
    """Each commissioner's overdue and due-today offers (Celery beat, each morning)."""

    return chasers.commissioner_digests_send()
