"""Subscriptions and days for the alerts' tests."""

import datetime

from django.utils import timezone
from post_office.models import Email

from eoi.alerts.needs import needs_now
from eoi.models import AlertSubscription
from strategy.models import Ward

# A Monday that is a working day, and the working days after it.
MONDAY = datetime.date(2027, 3, 8)
assert MONDAY.weekday() == 0


def subscription(
    email="a.provider@example.org", *, confirmed=True, wards=(), **fields
) -> AlertSubscription:
    """A subscription, confirmed a day ago unless ``confirmed`` is False, with
    the figures of today as what it was last told."""
    made = AlertSubscription.objects.create(email=email, **fields)
    if wards:
        made.wards.set(Ward.objects.filter(name__in=wards))
    if confirmed:
        made.confirmed_at = timezone.now() - datetime.timedelta(days=1)
        made.still_to_find_told = needs_now().by_group
        made.save()
    return made


def alert_emails(kind=None, to=None):
    emails = Email.objects.filter(outbox_entry__kind__startswith="alert_")
    if kind:
        emails = emails.filter(outbox_entry__kind=kind)
    if to:
        emails = emails.filter(to=to)
    return list(emails.order_by("pk"))
