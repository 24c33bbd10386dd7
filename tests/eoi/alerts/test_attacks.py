"""Alerts attacked (issue 26's review): crafted posts, a change racing a
one-click unsubscribe, and one subscriber's failure in the alert job."""

import datetime
import logging
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from eoi.alerts import emails, links, selectors, sending, services
from eoi.models import AlertSent, AlertSubscription, OutboxEmail
from eoi.notifications import enqueue
from strategy.models import Ward
from tests.eoi.opportunities.helpers import published_opportunity

from .helpers import alert_emails, subscription

pytestmark = pytest.mark.django_db
Kind = OutboxEmail.Kind


def test_a_box_ticked_twice_in_a_crafted_post_is_one_choice(client):
    ward = Ward.objects.order_by("name").first()
    response = client.post(
        reverse("alerts:subscribe"),
        {
            "email": "a.provider@example.org",
            "client_groups": ["older_people", "older_people"],
            "wards": [str(ward.pk), str(ward.pk)],
            "routes": ["formal_tender", "formal_tender"],
        },
    )

    assert response.status_code == 302
    made = AlertSubscription.objects.get()
    assert made.client_groups == ["older_people"]
    assert made.routes == ["formal_tender"]
    assert list(made.wards.all()) == [ward]


def test_a_change_sent_as_the_subscriber_unsubscribes_does_not_bring_it_back(client, monkeypatch):
    """The change page read the subscription; a one-click unsubscribe from the
    mail client lands before the change is saved. The address has asked to
    hear nothing more: the change must not write the row back."""
    made = subscription(client_groups=["older_people"])
    read = selectors.subscription_get

    def read_then_unsubscribed(*, key):
        found = read(key=key)
        services.subscription_stop(key=key)  # the one-click POST, at this moment
        return found

    monkeypatch.setattr(selectors, "subscription_get", read_then_unsubscribed)
    path = reverse("alerts:manage", args=[links.manage_token(made)])

    response = client.post(path, {"client_groups": ["dementia"]})

    assert not AlertSubscription.objects.filter(key=made.key).exists()
    assert response.status_code == 404 and b"have stopped" in response.content
    published_opportunity()
    assert sending.alerts_send() == 0 and not alert_emails()


def test_one_subscriber_s_failure_is_logged_and_the_others_get_their_alerts(monkeypatch, caplog):
    first = subscription("first@example.org")
    broken = subscription("broken@example.org")
    last = subscription("last@example.org")
    published_opportunity()
    queue = emails.published_alert_queue

    def fails_for_one(made, opportunity):
        if made.pk == broken.pk:
            raise RuntimeError("a template that cannot render")
        return queue(made, opportunity)

    monkeypatch.setattr(emails, "published_alert_queue", fails_for_one)
    with caplog.at_level(logging.ERROR, logger="eoi.alerts.sending"):
        assert sending.alerts_send() == 2

    told = sorted(email.to[0] for email in alert_emails(Kind.ALERT_PUBLISHED))
    assert told == sorted([first.email, last.email])
    assert any(f"subscription {broken.pk}" in r.getMessage() for r in caplog.records)
    # Nothing was recorded as sent to it: the next run sends it.
    assert not AlertSent.objects.filter(subscription=broken).exists()
    monkeypatch.setattr(emails, "published_alert_queue", queue)
    assert sending.alerts_send() == 1
    assert len(alert_emails(Kind.ALERT_PUBLISHED, to=broken.email)) == 1


def test_an_unconfirmed_subscription_gets_only_the_link_to_confirm(client):
    client.post(reverse("alerts:subscribe"), {"email": "new@example.org"})
    opportunity = published_opportunity()
    AlertSubscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    opportunity.published_at = timezone.now()
    opportunity.save(update_fields=["published_at"])

    assert sending.alerts_send() == 0
    assert [e.outbox_entry.kind for e in alert_emails(to="new@example.org")] == [Kind.ALERT_CONFIRM]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database refuses two writers instead of making one wait",
)
@pytest.mark.django_db(transaction=True)
def test_the_same_address_asked_for_twice_at_once_is_one_subscription(monkeypatch):
    """A double click: both requests find no subscription, both insert one;
    the unique address makes one wait, then fail, then take the other's."""
    monkeypatch.setattr(enqueue, "emails_send_enqueue", lambda ids: None)
    barrier, waited, errors = threading.Barrier(2), threading.local(), []
    save = AlertSubscription.save

    def save_together(self, *args, **kwargs):
        if not getattr(waited, "done", False):  # both have looked, neither has written
            waited.done = True
            barrier.wait(timeout=10)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(AlertSubscription, "save", save_together)

    def ask():
        try:
            services.subscription_request(
                email="a.provider@example.org", choices=services.Choices(monthly_digest=True)
            )
        except Exception as error:  # noqa: BLE001 - the test's point: none escapes
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert AlertSubscription.objects.filter(email="a.provider@example.org").count() == 1
    # Each request sent its link to confirm (as asking again does).
    assert [e.outbox_entry.kind for e in alert_emails()] == [Kind.ALERT_CONFIRM] * 2


def test_an_opportunity_that_lost_its_lines_and_wards_is_told_without_empty_lines():
    """Its demand lines (an old forecast's) and its ward deleted since it was
    published: the job still tells those who chose everything, and the email
    leaves out what there is nothing to say of."""
    subscription()
    opportunity = published_opportunity(wards=["Abbey"])
    opportunity.demand_lines.clear()
    Ward.objects.filter(name="Abbey").delete()

    assert sending.alerts_send() == 1
    [email] = alert_emails(Kind.ALERT_PUBLISHED)
    assert opportunity.title in email.message
    assert "For:" not in email.message and "Where:" not in email.message
    assert "For:" not in email.html_message and "Where:" not in email.html_message
