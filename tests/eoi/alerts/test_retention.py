"""Alerts under the retention rules (eoi/retention.py): unconfirmed
subscriptions go once their link has expired, alert emails after the draft
period, a stopped subscription at once."""

import datetime

import pytest
from django.utils import timezone
from post_office.models import Email

from eoi import retention
from eoi.alerts import services
from eoi.models import AlertSubscription, OutboxEmail

from .helpers import alert_emails, subscription

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_an_unconfirmed_subscription_is_deleted_once_its_link_has_expired(settings):
    now = timezone.now()
    days = settings.EOI_ALERT_CONFIRM_DAYS
    expired = subscription("expired@example.org", confirmed=False)
    waiting = subscription("waiting@example.org", confirmed=False)
    confirmed = subscription("confirmed@example.org")
    AlertSubscription.objects.filter(pk__in=[expired.pk, confirmed.pk]).update(
        created_at=now - (days + 1) * DAY
    )
    AlertSubscription.objects.filter(pk=waiting.pk).update(created_at=now - (days - 1) * DAY)

    assert retention.retention_apply(dry_run=True).alert_subscriptions_deleted == 1
    report = retention.retention_apply()

    assert report.alert_subscriptions_deleted == 1
    assert sorted(AlertSubscription.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "waiting@example.org",
    ]


def test_asking_again_gives_the_fresh_link_its_full_time(settings):
    made = subscription(confirmed=False)
    AlertSubscription.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - (settings.EOI_ALERT_CONFIRM_DAYS + 1) * DAY
    )

    services.subscription_request(email=made.email, choices=services.Choices())

    assert retention.retention_apply().alert_subscriptions_deleted == 0
    assert AlertSubscription.objects.filter(pk=made.pk).exists()


def test_alert_emails_are_deleted_with_their_logs_after_the_draft_period(settings):
    made = subscription()
    services.subscription_request(email=made.email, choices=services.Choices())  # the manage link
    services.subscription_request(email="new@example.org", choices=services.Choices())
    old, recent = alert_emails()
    Email.objects.filter(pk=old.pk).update(
        created=timezone.now() - (settings.EOI_DRAFT_RETENTION_DAYS + 1) * DAY
    )

    report = retention.retention_apply()

    assert report.emails_deleted == 1
    assert [e.pk for e in alert_emails()] == [recent.pk]
    assert OutboxEmail.objects.filter(email_id=old.pk).count() == 0


def test_stopping_deletes_the_address_at_once():
    made = subscription()

    assert services.subscription_stop(key=made.key) is True
    assert not AlertSubscription.objects.filter(email=made.email).exists()
    assert services.subscription_stop(key=made.key) is False
