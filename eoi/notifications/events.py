"""Events in the outbox: written with the change, acted on by the worker.

A submission writes one ``OutboxEvent`` ("offer submitted") in its own
transaction and, once that commits, queues one Celery task
(``eoi.notifications.tasks.event_handle``). The worker then does what the provider need
not wait for: the acknowledgement and the team's summary (rendered and put
in the outbox, ``eoi.notifications.emails``) and the offer's possible duplicates
(``eoi.triage.duplicates``).

Nothing is lost and nothing is done twice:

- the event is handled in one transaction that starts by marking it handled
  with an update only an unhandled event matches (:func:`event_handle`): a
  second run, even at the same moment (two workers, or the sweep and a
  worker), waits for the first's row lock, then matches nothing and does
  nothing; a run that fails rolls back whole, leaving the event unhandled;
- the broker down when the submission commits, or the worker dead before it
  committed: the event stays unhandled, and :func:`events_sweep` (in the
  outbox's sweep, Celery beat, every minute) handles it.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import enqueue
from eoi.triage.duplicates import offer_duplicates_find
from .emails import offer_submitted_emails_queue
from eoi.models import Offer, OutboxEvent

logger = logging.getLogger(__name__)
SWEEP_BATCH = 100


def offer_submitted_record(*, offer: Offer) -> OutboxEvent:
    """Record, in the submission's transaction, that ``offer`` was submitted;
    one task acts on it once the transaction commits."""
    event = OutboxEvent.objects.create(kind=OutboxEvent.Kind.OFFER_SUBMITTED, offer=offer)
    transaction.on_commit(lambda: enqueue.event_handle_enqueue(event.pk))
    return event


def _offer_submitted(offer: Offer) -> list[int]:
    offer_duplicates_find(offer=offer)
    return offer_submitted_emails_queue(offer=offer)


HANDLERS = {OutboxEvent.Kind.OFFER_SUBMITTED: _offer_submitted}


def event_handle(*, event_id: int) -> list[int] | None:
    """Do an event's work, once: the ids of the emails it put in the outbox
    (for the caller to send once this has committed), or None when the event
    was handled already (or is gone)."""
    with transaction.atomic():
        claimed = OutboxEvent.objects.filter(pk=event_id, handled_at__isnull=True).update(
            handled_at=timezone.now()
        )
        if not claimed:
            return None
        event = OutboxEvent.objects.select_related("offer").get(pk=event_id)
        return HANDLERS[event.kind](event.offer)


def events_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Handle the events still unhandled a while after they were written (their
    task never queued, or lost), here; their emails are queued once each
    event's transaction commits. Returns the ids of the events handled."""
    now = now or timezone.now()
    before = now - datetime.timedelta(seconds=settings.EMAIL_SWEEP_AFTER_SECONDS)
    stale = OutboxEvent.objects.filter(handled_at__isnull=True, created_at__lte=before)
    handled = []
    for event_id in list(stale.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            email_ids = event_handle(event_id=event_id)
            if email_ids:
                transaction.on_commit(lambda ids=email_ids: enqueue.emails_send_enqueue(ids))
        if email_ids is not None:
            handled.append(event_id)
    if handled:
        logger.info("Outbox sweep: handled %s event(s) left unhandled", len(handled))
    return handled
