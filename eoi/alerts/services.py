"""Writes for alerts: asking for them, confirming, changing and stopping.

Nothing here says whether an address was already subscribed: asking again
sends that address an email (a fresh link to confirm, or the link to change
its alerts once confirmed) and the page says the same either way. Stopping
deletes the subscription (address and choices, and its record of what it was
told) and any alert to it still waiting in the outbox. The emails already
sent stay in the outbox until the retention job deletes them
(``eoi.retention``: ``EOI_DRAFT_RETENTION_DAYS`` after they were written).
"""

from __future__ import annotations

import dataclasses
import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from post_office.models import STATUS, Email

from eoi.models import AlertSubscription, OutboxEmail
from . import emails
from .needs import needs_now

logger = logging.getLogger(__name__)

ALERT_KINDS = (
    OutboxEmail.Kind.ALERT_CONFIRM,
    OutboxEmail.Kind.ALERT_PUBLISHED,
    OutboxEmail.Kind.ALERT_CLOSING,
    OutboxEmail.Kind.ALERT_ANSWER,
    OutboxEmail.Kind.ALERT_DIGEST,
)


@dataclasses.dataclass(frozen=True)
class Choices:
    """What a subscriber chose; nothing under a heading means all of it."""

    client_groups: tuple[str, ...] = ()
    ward_ids: tuple[int, ...] = ()
    routes: tuple[str, ...] = ()
    framework_reopening: bool = False
    monthly_digest: bool = False


def email_normalise(email: str) -> str:
    return email.strip().lower()


def _choices_apply(subscription: AlertSubscription, choices: Choices) -> None:
    # A box selected twice in a crafted POST is one choice.
    subscription.client_groups = sorted(set(choices.client_groups))
    subscription.routes = sorted(set(choices.routes))
    subscription.framework_reopening = choices.framework_reopening
    subscription.monthly_digest = choices.monthly_digest
    subscription.changed_at = timezone.now()
    subscription.save()
    subscription.wards.set(set(choices.ward_ids))


def subscription_request(*, email: str, choices: Choices) -> None:
    """Ask for alerts: a new subscription and the link to confirm it; for an
    address already asked for, a fresh link to confirm (with these choices)
    or, once confirmed, the link to change its alerts (its choices kept: who
    asked may not own the address)."""
    address = email_normalise(email)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                _request(address, choices)
            return
        except IntegrityError:
            continue  # the same address asked for at the same moment: now it exists
    raise RuntimeError("Could not record the request for alerts")


def _request(address: str, choices: Choices) -> None:
    subscription = AlertSubscription.objects.select_for_update().filter(email=address).first()
    if subscription is not None and subscription.is_confirmed:
        emails.manage_link_email_queue(subscription)
        return
    if subscription is None:
        subscription = AlertSubscription(email=address)
    # A fresh link works for the days from now: the retention job counts them
    # from created_at, the time of the latest request.
    subscription.created_at = timezone.now()
    _choices_apply(subscription, choices)
    emails.confirm_email_queue(subscription)
    logger.info("Alert subscription %s asked for", subscription.pk)


@transaction.atomic
def subscription_confirm(*, key: uuid.UUID) -> AlertSubscription | None:
    """Confirm by the emailed link: from now on alerts are sent, and the
    monthly summary counts from today's figures. Confirming twice changes
    nothing. None when there is no such subscription."""
    subscription = AlertSubscription.objects.select_for_update().filter(key=key).first()
    if subscription is None or subscription.is_confirmed:
        return subscription
    subscription.confirmed_at = timezone.now()
    subscription.still_to_find_told = needs_now().by_group
    subscription.save(update_fields=["confirmed_at", "still_to_find_told"])
    logger.info("Alert subscription %s confirmed", subscription.pk)
    return subscription


@transaction.atomic
def subscription_change(*, key: uuid.UUID, choices: Choices) -> AlertSubscription | None:
    """Change what the subscription hears about. None, and nothing written,
    when it was stopped meanwhile (a one-click unsubscribe while the page
    was open): saving the row read before would bring it back."""
    subscription = AlertSubscription.objects.select_for_update().filter(key=key).first()
    if subscription is None:
        return None
    _choices_apply(subscription, choices)
    logger.info("Alert subscription %s changed", subscription.pk)
    return subscription


@transaction.atomic
def subscription_stop(*, key: uuid.UUID) -> bool:
    """Delete the subscription (with its record of what it was told) and
    its alerts not yet sent; those sent are left to ``eoi.retention``.
    False when there was none (stopped already)."""
    subscription = AlertSubscription.objects.select_for_update().filter(key=key).first()
    if subscription is None:
        return False
    waiting = Email.objects.filter(
        to=subscription.email,
        status__in=(STATUS.queued, STATUS.requeued),
        outbox_entry__kind__in=ALERT_KINDS,
    )
    waiting.delete()
    pk = subscription.pk
    subscription.delete()
    logger.info("Alert subscription %s stopped and deleted", pk)
    return True
