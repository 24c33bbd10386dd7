"""Issue 23, "Changes lost": a provider's confirmed change was reverted by a
commissioner saving the offer's admin page at the same moment: the admin read
the offer without a lock and wrote every column back.

Every save of an offer now claims its version (``Offer.save``): a copy read
before another save is refused (``OfferChanged``), not written over it. The
last test runs two saves at once on two connections.
"""
import contextlib
import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connection

from eoi import models as eoi_models
from eoi.models import Offer
from tests.eoi.factories import submitted_offer

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------
# The offer's version
# --------------------------------------------------------------------------


def test_each_save_moves_the_version_on_and_writes_it_in_the_history(strategy_data):
    offer = submitted_offer()
    assert offer.version == 1

    offer.notes = "First"
    offer.save()
    offer.notes = "Second"
    offer.save(update_fields=["notes"])

    offer.refresh_from_db()
    assert offer.version == 3
    assert [row.version for row in offer.history.order_by("history_date", "history_id")] == [1, 2, 3]


def test_a_copy_read_before_another_save_is_not_written(strategy_data):
    offer = submitted_offer()
    stale = Offer.objects.get(pk=offer.pk)
    offer.scheme_units = 20
    offer.save()

    stale.notes = "Written over a version not read"
    with pytest.raises(eoi_models.OfferChanged):
        stale.save()

    offer.refresh_from_db()
    assert offer.scheme_units == 20 and offer.notes != stale.notes
    assert offer.version == 2 and offer.history.count() == 2


# --------------------------------------------------------------------------
# Two saves at once, on two connections
# --------------------------------------------------------------------------


@contextlib.contextmanager
def connections_of_their_own(tmp_path):
    """Threads each with its own connection to the database, as each request has.

    On PostgreSQL, the test database as it is. SQLite's test database is in
    memory, shared by its connections through one cache, where a second
    writer is refused at once ("database table is locked") rather than
    waiting for the first as on the embedded default's file: the threads get
    a file copy of it, with the embedded default's settings, and what they
    wrote is copied back after.
    """
    if connection.vendor != "sqlite":
        yield
        return
    copy = str(tmp_path / "threads.sqlite3")
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(copy)) as file:
        connection.connection.backup(file)
    databases = settings.DATABASES["default"]
    in_memory, databases["NAME"] = databases["NAME"], copy
    try:
        yield
    finally:
        databases["NAME"] = in_memory
        with contextlib.closing(sqlite3.connect(copy)) as file:
            file.backup(connection.connection)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_one_is_written_and_the_other_refused(tmp_path):
    offer = submitted_offer()
    both_read, outcomes = threading.Barrier(2), {}

    def save(column, value):
        try:
            mine = Offer.objects.get(pk=offer.pk)  # both read version 1
            both_read.wait(timeout=10)
            setattr(mine, column, value)
            mine.save()  # every column, as the admin wrote them
            outcomes[column] = "saved"
        except eoi_models.OfferChanged:
            outcomes[column] = "refused"
        except Exception as error:  # noqa: BLE001 - shown by the assertion
            outcomes[column] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("scheme_units", 20)),  # the provider
        threading.Thread(target=save, args=("notes", "Seen by a commissioner")),
    ]
    with connections_of_their_own(tmp_path):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    offer.refresh_from_db()
    saved = next(column for column, outcome in outcomes.items() if outcome == "saved")
    assert (offer.scheme_units == 20, offer.notes == "Seen by a commissioner") == (
        saved == "scheme_units",
        saved == "notes",
    )
    assert offer.version == 2 and offer.history.count() == 2
