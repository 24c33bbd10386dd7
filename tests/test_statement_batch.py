"""``leicester_sl.statements.Batch``: writes sent together, in order, in the
caller's transaction; one round trip on PostgreSQL, one statement a call
elsewhere. What it writes is what the same writes made one by one write."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eoi.models import Offer, OutboxEvent, Screening, StatusChange
from leicester_sl.statements import Batch
from tests.eoi.factories import submitted_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(strategy_data):
    return submitted_offer()


def _change(offer, reason):
    return StatusChange(
        offer=offer,
        from_status="",
        to_status=offer.status,
        actor_label="Test",
        reason=reason,
        at=timezone.now(),
    )


def _event(offer):
    return OutboxEvent(kind=OutboxEvent.Kind.OFFER_SUBMITTED, offer=offer)


def test_statements_run_in_order_each_seeing_those_before(offer):
    table = connection.ops.quote_name(StatusChange._meta.db_table)
    batch = Batch()
    batch.insert(_change(offer, "first"))
    batch.add(f"UPDATE {table} SET reason = %s WHERE reason = %s", ["changed", "first"])
    batch.insert(_change(offer, "second"))
    with transaction.atomic():
        batch.send()

    reasons = set(offer.status_changes.values_list("reason", flat=True))
    assert {"changed", "second"} <= reasons and "first" not in reasons


def test_a_batch_is_one_round_trip_on_postgresql_and_one_a_statement_elsewhere(offer):
    batch = Batch()
    for number in range(3):
        batch.insert(_change(offer, f"trip {number}"))
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        batch.send()

    statements = [q for q in queries if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    assert len(statements) == (1 if connection.vendor == "postgresql" else 3)
    assert offer.status_changes.filter(reason__startswith="trip").count() == 3


def test_the_last_insert_with_key_gets_its_id_and_the_others_none(offer):
    change, event = _change(offer, "no key"), _event(offer)
    batch = Batch()
    batch.insert(change)
    batch.insert(event, key=True)
    batch.send()

    assert event.pk == OutboxEvent.objects.filter(offer=offer).latest("pk").pk
    assert change.pk is None and change._state.adding is False
    assert offer.status_changes.filter(reason="no key").exists()


def test_nothing_may_follow_a_statement_that_returns_its_key(offer):
    batch = Batch()
    batch.insert(_event(offer), key=True)
    with pytest.raises(ValueError):
        batch.insert(_change(offer, "too late"))


def test_a_row_whose_save_does_more_is_saved_in_its_turn(offer):
    """An offer's save keeps its history and counts: the batch does not skip it."""
    copy = Offer.objects.get(pk=offer.pk)
    copy.pk, copy.reference, copy._state.adding = None, "T-BATCH-1", True
    batch = Batch()
    batch.insert(_change(offer, "before the offer"))
    with CaptureQueriesContext(connection) as queries:
        batch.insert(copy)
    assert offer.status_changes.filter(reason="before the offer").exists(), "pending sent first"
    assert copy.pk is not None and copy.history.count() == 1
    assert queries  # saved at once, not left in the batch
    batch.send()


def test_bypass_save_inserts_as_bulk_create_without_save(offer, monkeypatch):
    saves = []
    monkeypatch.setattr(Screening, "save", lambda self, *a, **k: saves.append(self))
    template = offer.screenings.get()
    screening = Screening(
        offer=offer,
        trigger=Screening.Trigger.RESCREEN,
        screened_on=template.screened_on,
        overall=template.overall,
        priority=template.priority,
        result=template.result,
    )
    batch = Batch()
    batch.insert(screening, bypass_save=True, key=True)
    batch.send()

    assert saves == []
    stored = Screening.objects.get(pk=screening.pk)
    assert (stored.trigger, stored.result) == (Screening.Trigger.RESCREEN, template.result)


def test_a_statement_failing_in_the_middle_fails_the_send_and_leaves_nothing(offer):
    before = (StatusChange.objects.count(), OutboxEvent.objects.count())
    batch = Batch()
    batch.insert(_change(offer, "rolled back"))
    broken = _change(offer, "no time")
    broken.at = None  # NOT NULL: refused as the statement runs, on every database
    batch.insert(broken)
    batch.insert(_event(offer), key=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.send()

    assert (StatusChange.objects.count(), OutboxEvent.objects.count()) == before


def test_an_empty_batch_sends_nothing(offer):
    with CaptureQueriesContext(connection) as queries:
        Batch().send()
    assert len(queries) == 0
