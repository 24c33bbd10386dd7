"""Outbox events in the admin: read only, so operators can see what the worker
has still to do (an event left unhandled while the broker is down)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from eoi.models import OutboxEvent
from tests.eoi.factories import submitted_offer

pytestmark = pytest.mark.django_db
EVENTS = reverse("admin:eoi_outboxevent_changelist")


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return user


def test_unhandled_events_are_listed_apart(client, strategy_data, superuser):
    waiting, done = submitted_offer(), submitted_offer()
    # Outside a request nothing ran the worker: both events are unhandled.
    OutboxEvent.objects.filter(offer=done).update(handled_at=timezone.now())

    page = client.get(EVENTS, {"handled": "no"}).text

    assert waiting.reference in page and done.reference not in page
    assert done.reference in client.get(EVENTS, {"handled": "yes"}).text


def test_events_cannot_be_added_changed_or_deleted(client, strategy_data, superuser):
    offer = submitted_offer()
    event = OutboxEvent.objects.get(offer=offer)
    change = reverse("admin:eoi_outboxevent_change", args=[event.pk])

    assert client.get(reverse("admin:eoi_outboxevent_add")).status_code == 403
    assert client.post(change, {"kind": "offer_submitted"}).status_code == 403
    assert client.post(reverse("admin:eoi_outboxevent_delete", args=[event.pk])).status_code == 403
    assert 'name="_save"' not in client.get(change).text
    event.refresh_from_db()
    assert event.handled_at is None
