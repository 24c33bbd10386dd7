"""The outbox: every email the portal sends, kept in the database until sent.

An email is a row of django-post-office's ``Email`` table (with an
``OutboxEmail`` saying what it is for), written in the same transaction as
the change it tells of: it exists exactly when the offer or the transition
does. Once that transaction commits, a Celery task per email is queued
(``eoi.notifications.tasks``); the task makes one attempt (:func:`email_attempt`): it sends
(:func:`email_deliver`), or records the failure (:func:`email_failure_record`)
and retries with a growing delay.

Nothing is lost:

- the broker down when the transaction commits: the email stays pending, and
  :func:`outbox_sweep` (Celery beat, every minute) queues it again;
- a task run twice, even at once: :func:`email_deliver` sends under a lock on
  the email's row and only if it is still pending, so once at most;
- every retry used up: the email is marked failed, with the errors in its
  log; an administrator sends it again from the admin (:func:`email_resend`).

Why post-office stores the emails but does not send them. Its sender
(``send_queued_mail``: the command, its Celery task ``send_queued_mail`` and
``mail.send_queued``) reads the queue without locking rows: two runs are kept
apart only by a lock file on the machine that runs them, so two workers on two
machines (or containers) send the same email twice. It marks a batch sent
only after the whole batch has gone, so a worker that dies mid-batch sends the
batch again. It retries at one fixed interval, and has nothing that renders a
PDF in the worker at sending time. What it does send with is used here:
``Email.prepare_email_message`` builds the message (templates, headers,
Message-ID, attachments) and its ``Log`` rows record each attempt, so its
admin shows the history. Its command ``send_queued_mail`` is this app's
(``eoi/management/commands/send_queued_mail.py``): it sends the due emails
through :func:`email_attempt`, under the same lock, so it is safe to run
(from cron, say, where there is no Celery beat). Its ``cleanup_mail`` command
works as documented.

A submission's emails are written by the worker, not the request: the
submission writes one "offer submitted" event (``eoi.notifications.events``), and the task
that handles it writes both emails here, in its own transaction, then sends
them.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable, Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from post_office.models import STATUS, Email, Log
from post_office.settings import get_backend

from . import enqueue
from eoi.offers.summary import render_offer_summary_pdf
from eoi.models import Offer, OutboxEmail

logger = logging.getLogger(__name__)

PENDING = (STATUS.queued, STATUS.requeued)
# What a mail server, or the network to it, raises: a later try may work.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def outbox_queue(
    *,
    kind: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str,
    offer: Offer | None = None,
    attach_offer_summary: bool = False,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
    enqueue: bool = True,
) -> Email:
    """Put one email in the outbox; its task is queued when the transaction
    commits (``enqueue`` False: the caller queues it, with others, through
    :func:`enqueue_on_commit`). ``headers``: more headers for the message
    (an alert's ``List-Unsubscribe``), kept with it in post_office's ``Email``."""
    extra = {**({"Reply-To": reply_to} if reply_to else {}), **(headers or {})}
    email = Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        subject=subject,
        message=text,
        html_message=html,
        status=STATUS.queued,
        headers=extra or None,
    )
    # The Message-ID is fixed now, so every attempt and a resend carry the
    # same one, and a mail client can tell a repeat from a new email.
    email.message_id = _message_id()
    email.save()
    OutboxEmail.objects.create(
        email=email, kind=kind, offer=offer, attach_offer_summary=attach_offer_summary
    )
    if enqueue:
        enqueue_on_commit([email.pk])
    return email


def enqueue_on_commit(email_ids: Sequence[int]) -> None:
    """Queue the emails, in one task, once the transaction commits."""
    ids = list(email_ids)
    if ids:
        transaction.on_commit(lambda: enqueue.emails_send_enqueue(ids))


def _message_id() -> str | None:
    config = settings.POST_OFFICE
    if not config.get("MESSAGE_ID_ENABLED"):
        return None
    return make_msgid(domain=config.get("MESSAGE_ID_FQDN"))


def email_message_build(email: Email) -> EmailMessage:
    """The message to send: the email's parts, and the offer's PDF summary
    when the email asks for it (rendered here, in the worker)."""
    message = email.prepare_email_message()
    entry = OutboxEmail.objects.filter(email=email).select_related("offer").first()
    if entry is not None and entry.attach_offer_summary and entry.offer is not None:
        message.attach(
            f"{entry.offer.reference}-summary.pdf",
            render_offer_summary_pdf(entry.offer),
            "application/pdf",
        )
    return message


def _lock(email_id: int) -> Email | None:
    """The email's row, locked until the transaction ends. Call inside one."""
    if connection.vendor == "sqlite":
        # SQLite ignores SELECT ... FOR UPDATE. A write takes its database
        # lock instead, so a second sender waits here as on PostgreSQL.
        Email.objects.filter(pk=email_id).update(status=F("status"))
    return Email.objects.select_for_update().filter(pk=email_id).first()


def _log_extra(email_id: int) -> dict:
    """The fields each outbox log line carries: the email and its offer."""
    entry = (
        OutboxEmail.objects.filter(email_id=email_id).values("kind", "offer__reference").first()
        or {}
    )
    return {
        "email_id": email_id,
        "email_kind": entry.get("kind", ""),
        "offer_reference": entry.get("offer__reference") or "",
    }


def email_deliver(*, email_id: int) -> bool:
    """Send one email from the outbox unless it is no longer pending.

    True if this call sent it. Errors from the mail backend propagate, with
    nothing recorded: the caller records the failed attempt
    (:func:`email_failure_record`) and retries.
    """
    email = Email.objects.filter(pk=email_id, status__in=PENDING).first()
    if email is None:
        return False
    # Built before taking the lock: rendering the PDF takes a while, and a
    # duplicate run that loses the race below only wasted its own time.
    message = email_message_build(email)
    with transaction.atomic():
        email = _lock(email_id)
        if email is None or email.status not in PENDING:
            return False  # sent by another run of the task while this one waited
        backend = get_connection(get_backend(email.backend_alias or "default"))
        backend.send_messages([message])
        # The one window for a duplicate: the mail server has accepted the
        # message but a crash (worker killed, database gone) stops this
        # commit. The email is then still pending and the sweep sends it
        # again. No lock can close that window; the Message-ID is the same
        # both times.
        email.status = STATUS.sent
        email.scheduled_time = None
        email.save(update_fields=["status", "scheduled_time", "last_updated"])
        Log.objects.create(email=email, status=STATUS.sent, message="")
    logger.info("Sent email %s", email_id, extra=_log_extra(email_id))
    return True


def email_attempt(email_id: int) -> tuple[str, datetime.timedelta | None, Exception | None]:
    """Try to send one email once: ``(outcome, delay, error)``.

    The outcome is "sent", "skipped" (sent by another run, or no longer
    pending), "retry" (an SMTP or network error: try again after ``delay``)
    or "failed" (retries used up, or the email could not be built: a template,
    the PDF; trying again will not help, so it is failed at once, with the
    error in its log, to send again from the admin once put right). A database
    error propagates with nothing recorded: the sweep queues the email again.
    """
    try:
        sent = email_deliver(email_id=email_id)
    except DatabaseError:
        raise
    except SEND_ERRORS as error:
        delay = email_failure_record(email_id=email_id, error=error)
        return ("failed" if delay is None else "retry"), delay, error
    except Exception as error:
        email_failure_record(email_id=email_id, error=error, final=True)
        logger.exception("Email %s could not be built", email_id, extra=_log_extra(email_id))
        return "failed", None, error
    return ("sent" if sent else "skipped"), None, None


def outbox_send_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Make one attempt at every pending email that is due, in this process
    (``manage.py send_queued_mail``): those queued, and those whose retry time
    has come. Returns how many ended each way."""
    now = now or timezone.now()
    due = (
        Email.objects.filter(status__in=PENDING)
        .filter(Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    outcomes = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    for email_id in list(due):
        outcome, _, _ = email_attempt(email_id)
        outcomes[outcome] += 1
    return outcomes


def retry_delay(attempt: int) -> datetime.timedelta:
    """The wait before retry number ``attempt`` (1, 2, ...): doubling each time."""
    seconds = settings.EMAIL_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)
    return datetime.timedelta(seconds=min(seconds, 6 * 60 * 60))


def email_failure_record(
    *, email_id: int, error: Exception, final: bool = False
) -> datetime.timedelta | None:
    """Record a failed attempt: the wait before the next, or None when the
    retries are used up (or ``final``) and the email is marked failed.

    The attempts are counted on the email, not by Celery, so an email queued
    again by the sweep or a resend keeps its count.
    """
    with transaction.atomic():
        email = _lock(email_id)
        if email is None or email.status not in PENDING:
            return None
        attempt = (email.number_of_retries or 0) + 1
        email.number_of_retries = attempt
        Log.objects.create(
            email=email,
            status=STATUS.failed,
            message=str(error) or repr(error),
            exception_type=type(error).__name__,
        )
        if final or attempt > settings.EMAIL_MAX_RETRIES:
            email.status = STATUS.failed
            email.scheduled_time = None
            delay = None
            logger.error(
                "Email %s failed after %s attempts: %s",
                email_id,
                attempt,
                error,
                extra=_log_extra(email_id),
            )
        else:
            delay = retry_delay(attempt)
            email.status = STATUS.requeued
            email.scheduled_time = timezone.now() + delay
            logger.warning(
                "Email %s not sent (attempt %s): %s",
                email_id,
                attempt,
                error,
                extra=_log_extra(email_id),
            )
        email.save(update_fields=["status", "number_of_retries", "scheduled_time", "last_updated"])
    return delay


def outbox_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue again every email still pending a while after it should have gone.

    That is an email queued (or due for a retry) at least
    ``EMAIL_SWEEP_AFTER_SECONDS`` ago and untouched since: its task was never
    queued (the broker was down), or was lost. Rows being sent at this moment
    are locked and skipped. Returns the ids queued.
    """
    now = now or timezone.now()
    before = now - datetime.timedelta(seconds=settings.EMAIL_SWEEP_AFTER_SECONDS)
    with transaction.atomic():
        pending = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(status__in=PENDING, last_updated__lte=before)
            .filter(Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=before))
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .order_by("pk")
        )
        ids = list(pending.values_list("pk", flat=True)[:500])
        # Touched, so the next sweep leaves them for another while.
        Email.objects.filter(pk__in=ids).update(last_updated=now)
        transaction.on_commit(lambda: enqueue.email_send_enqueue(ids))
    if ids:
        logger.info("Outbox sweep: queued %s email(s) again", len(ids))
    return ids


def email_resend(*, emails: Iterable[Email]) -> list[int]:
    """Put emails back in the queue (an administrator's choice, whatever their
    state), with their retries counted afresh, and queue their tasks."""
    ids = [email.pk for email in emails]
    with transaction.atomic():
        Email.objects.filter(pk__in=ids).update(
            status=STATUS.queued,
            number_of_retries=0,
            scheduled_time=None,
            last_updated=timezone.now(),
        )
        transaction.on_commit(lambda: enqueue.email_send_enqueue(ids))
    return ids
