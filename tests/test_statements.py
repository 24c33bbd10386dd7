"""Kept statements (``leicester_sl.statements``): a row inserted by a kept
INSERT, or read by ``row_get``, is exactly the row Django's own ORM gives.

"Django's own insert" is ``Model._do_insert``: the kept path is bypassed by
making ``_insert_sql`` say Django must build the statement, and every call of
``Model._do_insert`` is recorded, so each test also knows which path ran.
"""

import datetime
import decimal
import uuid

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, models
from django.db.models.functions import Now
from django.utils import timezone

from eoi.models import Offer, OfferDraft, OutboxEvent, Screening, StatusChange
from leicester_sl import statements
from leicester_sl.statements import row_get
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def django_inserts(monkeypatch):
    """The models whose rows Django's own ``Model._do_insert`` inserted."""
    inserted, original = [], models.Model._do_insert

    def recorded(self, *args, **kwargs):
        inserted.append(type(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(models.Model, "_do_insert", recorded)
    return inserted


def _copy(instance, **changes):
    """A new, unsaved row with the same values as ``instance`` (but its key)."""
    model = type(instance)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
    }
    return model(**{**values, **changes})


def _stored(model, pk, leave_out) -> dict:
    """The row's columns as the database holds them (no converters)."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = [
        f.column
        for f in meta.concrete_fields
        if not f.primary_key and f.name not in leave_out
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(quote, columns))} FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.pk.column)} = %s",
            [pk],
        )
        return dict(zip(columns, cursor.fetchone()))


def _attributes(instance, leave_out) -> dict:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.name not in leave_out
    }


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _template(name):
    """A submitted offer's own row of ``name``: valid values the service wrote."""
    offer = submitted_offer()
    return {
        "offer": offer,
        "screening": offer.screenings.get(),
        "status change": offer.status_changes.get(),
        "outbox event": offer.outbox_events.get(),
    }[name]


# Values both rows get, and what legitimately differs between two saves.
def _sam():
    return staff("sam", "Commissioners").pk


CASES = {
    "offer": (lambda: {"assigned_to_id": _sam()}, {"reference", "updated_at"}),
    "screening": (lambda: {"created_by_id": _sam()}, {"created_at"}),
    "status change": (lambda: {"reason": "Kept or not", "actor_id": _sam()}, set()),
    "outbox event": (
        lambda: {"handled_at": timezone.now() - datetime.timedelta(microseconds=1234)},
        set(),
    ),
}


def _unique(model) -> dict:
    return {"reference": f"T-{uuid.uuid4().hex[:10]}"} if model is Offer else {}


@pytest.mark.parametrize("name", CASES)
def test_a_kept_insert_stores_what_djangos_insert_stores(
    name, strategy_data, django_inserts, monkeypatch
):
    """Same values in, same row out: the kept path changes only how the SQL is made."""
    template = _template(name)
    model, (shared, leave_out) = type(template), CASES[name]
    shared = shared()
    kept = _copy(template, **shared, **_unique(model))
    django_inserts.clear()
    kept.save()
    assert model not in django_inserts, "saved by the kept statement"

    with monkeypatch.context() as patch:
        patch.setattr(statements, "_insert_sql", lambda *args: None)
        by_django = _copy(template, **shared, **_unique(model))
        by_django.save()
    assert model in django_inserts, "saved by Django's insert"

    assert isinstance(kept.pk, int) and kept.pk not in (None, by_django.pk, template.pk)
    assert kept._state.adding is False and kept._state.db == "default"
    assert _stored(model, kept.pk, leave_out) == _stored(model, by_django.pk, leave_out)
    rows = {
        row.pop("id"): {k: v for k, v in row.items() if k not in leave_out}
        for row in model.objects.filter(pk__in=[kept.pk, by_django.pk]).values()
    }
    assert rows[kept.pk] == rows[by_django.pk] == _attributes(kept, leave_out)
    assert _attributes(kept, leave_out) == _attributes(by_django, leave_out)


def test_the_kept_statement_is_built_once_per_model_and_fields(
    strategy_data, django_inserts, monkeypatch
):
    """The point of the module: later inserts reuse the statement, not build it again."""
    template = _template("status change")
    _copy(template).save()
    built = []
    build = statements._insert_sql_build
    monkeypatch.setattr(
        statements, "_insert_sql_build", lambda *args: built.append(args[0]) or build(*args)
    )
    saved = [_copy(template) for _ in range(3)]
    for change in saved:
        change.save()
    assert built == [] and StatusChange not in django_inserts
    assert len({change.pk for change in saved}) == 3


def test_a_new_row_with_its_key_given_is_inserted_with_that_key(strategy_data, django_inserts):
    template = _template("outbox event")
    pk = OutboxEvent.objects.order_by("-pk").values_list("pk", flat=True)[0] + 100
    event = _copy(template, id=pk)
    event.save(force_insert=True)
    assert OutboxEvent not in django_inserts
    assert event.pk == pk and OutboxEvent.objects.get(pk=pk).offer_id == template.offer_id


# --------------------------------------------------------------------------
# What the kept statement cannot express goes to Django, and still works
# --------------------------------------------------------------------------


def test_an_sql_expression_value_is_saved_by_django_and_the_next_row_is_kept_again(
    strategy_data, django_inserts
):
    """``Now()`` is the database's time: a %s placeholder cannot carry it."""
    template = _template("status change")
    django_inserts.clear()
    before = timezone.now()
    change = _copy(template, at=Now())
    change.save()
    after = timezone.now()
    assert django_inserts == [StatusChange]
    stored = StatusChange.objects.get(pk=change.pk).at
    # SQLite's clock keeps milliseconds: allow for the rounding.
    millisecond = datetime.timedelta(milliseconds=1)
    assert before - millisecond <= stored <= after + millisecond

    django_inserts.clear()
    _copy(template).save()
    assert django_inserts == []


def test_an_arithmetic_expression_is_stored_as_its_result(strategy_data, django_inserts):
    template = _template("screening")
    screening = _copy(template, priority=models.Value(40) + models.Value(2))
    screening.save()
    assert Screening in django_inserts
    assert Screening.objects.get(pk=screening.pk).priority == 42


def test_fixtures_load_through_djangos_raw_save(strategy_data, django_inserts, tmp_path):
    """``loaddata`` saves raw, with the keys the fixture gives."""
    offer = submitted_offer()
    rows = [offer.status_changes.get(), offer.outbox_events.get()]
    text = serializers.serialize("json", rows)
    fixture = tmp_path / "rows.json"
    fixture.write_text(text)
    for row in rows:
        type(row).objects.filter(pk=row.pk).delete()
    django_inserts.clear()

    call_command("loaddata", str(fixture), verbosity=0)

    assert sorted(django_inserts, key=str) == [OutboxEvent, StatusChange]
    for loaded in serializers.deserialize("json", text):
        row = loaded.object
        assert _fields(type(row).objects.get(pk=row.pk)) == _fields(row)


# --------------------------------------------------------------------------
# django-simple-history still sees an offer's insert
# --------------------------------------------------------------------------


def test_a_new_offer_saved_by_the_kept_statement_gets_one_history_row(strategy_data, django_inserts):
    template = _template("offer")
    offer = _copy(template, reference="T-HISTORY-1")
    offer.save()
    assert Offer not in django_inserts
    row = offer.history.get()
    assert row.history_type == "+"
    for field in Offer.history.model._meta.concrete_fields:
        if not field.name.startswith("history_"):
            assert getattr(row, field.attname) == getattr(offer, field.attname), field.name


def test_an_offer_saved_without_history_gets_none(strategy_data):
    offer = _copy(_template("offer"), reference="T-HISTORY-2")
    offer.skip_history_when_saving = True
    offer.save()
    assert Offer.objects.filter(pk=offer.pk).exists() and not offer.history.exists()


# --------------------------------------------------------------------------
# row_get: a row as Model.objects.get reads it
# --------------------------------------------------------------------------


@pytest.fixture
def draft(strategy_data):
    offer = submitted_offer()
    return OfferDraft.objects.create(
        answers={
            "contact": {"name": "Zoë O’Neill", "email": "z@example.org"},
            "scheme": {"units": 6, "wards": ["Abbey", None], "rent": 123.5},
        },
        valid_steps={"contact": "a1b2", "scheme": "c3d4"},
        contact_email="z@example.org",
        resume_link_sent_at=timezone.make_aware(datetime.datetime(2026, 3, 29, 1, 30, 15, 123456)),
        files_uploaded=True,
        submitted_offer=offer,
        amends_offer=offer,
    )


def test_row_get_reads_a_draft_as_the_orm_does(draft):
    got = row_get(OfferDraft, draft.pk)
    assert type(got) is OfferDraft and isinstance(got.pk, uuid.UUID)
    assert _fields(got) == _fields(OfferDraft.objects.get(pk=draft.pk))
    assert got.answers["contact"]["name"] == "Zoë O’Neill"
    assert got.submitted_offer_id == draft.submitted_offer_id is not None
    assert (got._state.adding, got._state.db, got.get_deferred_fields()) == (False, "default", set())


def test_row_get_takes_the_key_as_text(draft):
    assert _fields(row_get(OfferDraft, str(draft.pk))) == _fields(OfferDraft.objects.get(pk=draft.pk))


def test_row_get_of_a_missing_key_raises_does_not_exist(draft):
    with pytest.raises(OfferDraft.DoesNotExist):
        row_get(OfferDraft, uuid.uuid4())


def test_row_get_of_a_malformed_key_raises_validation_error(draft):
    """What ``DraftSession.draft`` catches for a tampered session."""
    with pytest.raises(ValidationError):
        row_get(OfferDraft, "not-a-uuid")


def test_row_get_reads_an_offer_with_its_integer_key_as_the_orm_does(strategy_data):
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(finance_weekly_core_rent=decimal.Decimal("123.45"))
    expected = _fields(Offer.objects.get(pk=offer.pk))
    assert _fields(row_get(Offer, offer.pk)) == expected
    assert _fields(row_get(Offer, str(offer.pk))) == expected
    assert isinstance(expected["finance_weekly_core_rent"], decimal.Decimal)
