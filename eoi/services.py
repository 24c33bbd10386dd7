"""Writes for offers: submission, screening records and references.

Screening itself is pure (``eoi.screening``); this module gathers its inputs
(``eoi.selectors``), calls it, and records what it said.
"""

import dataclasses
import datetime
import functools

from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from leicester_sl.statements import Batch

from . import timescales
from . import offer_document as doc
from .events import offer_submitted_record
from .models import Offer, OfferDraft, ReferenceCounter, Screening
from .offer_buckets import cohorts_text
from .screening import ScreeningResult, screen
from .selectors import screening_context_build
from .triage import offer_route, offer_submission_record

SECTIONS = ("organisation", "contact", "scheme", "finance", "support")
TOP_LEVEL = ("offer_type", "notes")


def _section_fields(section: str) -> list[str]:
    cls = {
        "organisation": doc.Organisation,
        "contact": doc.Contact,
        "scheme": doc.Scheme,
        "finance": doc.Finance,
        "support": doc.Support,
    }[section]
    return [field.name for field in dataclasses.fields(cls)]


@functools.cache
def _column_empty(column: str):
    """What the column stores for a value not given."""
    field = Offer._meta.get_field(column)
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    if isinstance(field, models.JSONField):
        return ()  # a new list each time: see column_value
    return None


def column_value(column: str, value):
    """A document value as the model column stores it."""
    if value is None:
        empty = _column_empty(column)
        return [] if empty == () else empty
    if isinstance(value, tuple):
        return [str(item) for item in value]
    return value


def offer_fields_from_document(document: doc.OfferDocument) -> dict:
    """The model's column values for an offer document."""
    values = {name: column_value(name, getattr(document, name)) for name in TOP_LEVEL}
    for section in SECTIONS:
        part = getattr(document, section)
        for name in _section_fields(section):
            column = f"{section}_{name}"
            values[column] = column_value(
                column, getattr(part, name) if part else None
            )
    return values


def _json_value(value):
    if value in ("", None) or value == []:
        return None
    if isinstance(value, (datetime.date,)):
        return value.isoformat()
    if isinstance(value, bool) or isinstance(value, (int, list)):
        return value
    return str(value)


def offer_document_from_model(offer: Offer) -> doc.OfferDocument:
    """The offer document an offer holds (sections with no answers are left out)."""
    data = {name: _json_value(getattr(offer, name)) for name in TOP_LEVEL}
    for section in SECTIONS:
        part = {
            name: _json_value(getattr(offer, f"{section}_{name}"))
            for name in _section_fields(section)
        }
        if section in ("finance", "support") and all(v is None for v in part.values()):
            continue
        if section == "scheme":
            part["client_groups"] = list(offer.scheme_client_groups)
        for list_field in ("funding_sources", "framework_lots"):
            if list_field in part and part[list_field] is None:
                part[list_field] = []
        data[section] = part
    return doc.parse_offer(
        {key: value for key, value in data.items() if value is not None}
    )


def offer_screen(
    *, document: doc.OfferDocument, on: datetime.date | None = None
) -> ScreeningResult:
    """Screen a document against the strategy as it stands on ``on`` (default today)."""
    on = on or timezone.localdate()
    return screen(document, screening_context_build(on=on))


def reference_next(*, year: int) -> str:
    """The next reference of the year, e.g. EOI-2026-0001. Call inside a transaction.

    One statement: the year's counter is made or moved on and read back at
    once. Its row stays locked until the transaction ends, so two submissions
    at once never get the same number (PostgreSQL and SQLite 3.35+).
    """
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"EOI-{year}-{number:04d}"


def _screening(*, offer: Offer, result: ScreeningResult, trigger: str, actor=None) -> Screening:
    return Screening(
        offer=offer,
        trigger=trigger,
        screened_on=result.screened_on,
        created_by=actor,
        overall=str(result.overall),
        priority=result.priority,
        result=result.to_dict(),
    )


def _screening_create(
    *, offer: Offer, result: ScreeningResult, trigger: str, actor=None
) -> Screening:
    screening = _screening(offer=offer, result=result, trigger=trigger, actor=actor)
    screening.save(force_insert=True)
    return screening


def screening_record(
    *, offer: Offer, result: ScreeningResult, trigger: str, actor=None
) -> Screening:
    """Record a screening of a saved offer, and its outcome on the offer."""
    screening = _screening_create(offer=offer, result=result, trigger=trigger, actor=actor)
    offer.recommendation = str(result.overall)
    offer.priority = result.priority
    offer.save(update_fields=["recommendation", "priority", "updated_at"])
    return screening


class _SentAlready(Exception):
    """The draft was sent by another request while this one worked."""


def offer_submit(
    *, document: doc.OfferDocument, source: str, draft: OfferDraft | None = None
) -> Offer:
    """Save a submitted offer with its reference and its screening as at submission.

    From a draft, submitting it twice (a double click, a resent form, even at
    once) gives back the offer the first submission made: the draft is
    claimed by an update that only a draft not yet sent matches, which
    locks its row to the end of the transaction; the second submission's
    update then matches nothing, and it inserts nothing. The draft's
    attachments move to the offer.

    Screening, routing and the status time are worked out first, so the offer
    is inserted once, complete (one history row). What the provider need not
    wait for (the emails, the possible duplicates) is one "offer submitted"
    event, written here, that the worker acts on once this commits
    (``eoi.events``).
    """
    if draft is not None and draft.submitted_offer_id:
        return draft.submitted_offer
    try:
        with transaction.atomic():
            return _offer_insert(document=document, source=source, draft=draft)
    except _SentAlready:
        return OfferDraft.objects.select_related("submitted_offer").get(pk=draft.pk).submitted_offer


def _offer_insert(*, document: doc.OfferDocument, source: str, draft: OfferDraft | None) -> Offer:
    now = timezone.now()
    result = offer_screen(document=document, on=timezone.localdate(now))
    offer = Offer(
        source=source,
        submitted_at=now,
        status_changed_at=now,
        recommendation=str(result.overall),
        priority=result.priority,
        # The screening's cohorts, so saving the screening updates nothing.
        latest_matched_cohorts=cohorts_text({"cohort": m.cohort} for m in result.matched_demand),
        **offer_fields_from_document(document),
    )
    offer_route(offer=offer)
    offer.due_on = timescales.status_due_on(offer.status, timescales.offer_since(offer))
    if draft is not None and not _draft_claim(draft=draft, now=now):
        raise _SentAlready
    offer.reference = reference_next(year=timezone.localdate(now).year)
    # The offer is inserted now, for its id; the rows that need only that
    # go to the database together, in one round trip on PostgreSQL.
    batch = Batch()
    Offer.objects.insert(offer, batch=batch)  # without signals: its history row is in the batch
    batch.add(_history_insert_sql(), [timezone.now(), _history_user_id(), offer.pk])
    # Inserted as bulk_create would: all its save() adds is the offer's
    # latest cohorts, which the offer was inserted with.
    batch.insert(
        _screening(offer=offer, result=result, trigger=Screening.Trigger.SUBMISSION),
        bypass_save=True,
    )
    offer_submission_record(offer=offer, batch=batch)
    if draft is not None:
        batch.add(
            _draft_update_sql("submitted_offer_id", unsent_only=False),
            _draft_params(submitted_offer=offer.pk, id=draft.pk),
        )
        draft.submitted_offer = offer
        if draft.files_uploaded:
            draft.attachments.update(offer=offer)
    offer_submitted_record(offer=offer, batch=batch)
    batch.send()
    return offer


def _draft_params(**values) -> list:
    meta = OfferDraft._meta
    return [meta.get_field(name).get_db_prep_value(value, connection) for name, value in values.items()]


@functools.cache
def _draft_update_sql(column: str, *, unsent_only: bool) -> str:
    """An update of one column of a draft (parameters: the value, the draft's
    id); with ``unsent_only``, only of a draft no offer was sent from yet."""
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(OfferDraft._meta.db_table)} SET {quote(column)} = %s "
        f"WHERE {quote('id')} = %s"
    )
    return f"{sql} AND {quote('submitted_offer_id')} IS NULL" if unsent_only else sql


def _draft_claim(*, draft: OfferDraft, now: datetime.datetime) -> bool:
    """Claim ``draft`` for this submission unless another has sent it: an
    update only a draft not yet sent matches, whose row then stays locked to
    the end of the transaction (a second submission waits here, then finds
    it sent). The offer's id is set on it later, in the same transaction.
    Written out, as the ORM would build it for a twentieth of the
    submission's time."""
    with connection.cursor() as cursor:
        cursor.execute(
            _draft_update_sql("updated_at", unsent_only=True),
            _draft_params(updated_at=now, id=draft.pk),
        )
        return cursor.rowcount == 1


# django-simple-history's own columns; every other column of its table is the offer's.
_HISTORY_OWN = ("history_id", "history_date", "history_type", "history_user_id", "history_change_reason")


@functools.cache
def _history_insert_sql() -> str:
    """The new offer's history row, as django-simple-history writes it after
    an insert (its user, no reason), copied by the database in one statement
    rather than built as a model of 60 fields in Python: a sixth of the
    submission's time. Parameters: the time, the user's id, the offer's id."""
    history = Offer.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(field.column)
        for field in history._meta.concrete_fields
        if field.column not in _HISTORY_OWN
    )
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "
        "history_type, history_user_id, history_change_reason) "
        f"SELECT {columns}, %s, '+', %s, NULL FROM {quote(Offer._meta.db_table)} WHERE id = %s"
    )


def _history_user_id() -> int | None:
    """The user django-simple-history records: the request's, if signed in
    (its middleware keeps the request), else none (a provider, an import)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


@transaction.atomic
def offer_rescreen(*, offer: Offer, actor) -> Screening:
    """Screen an offer again with today's figures; earlier screenings are kept."""
    result = offer_screen(document=offer_document_from_model(offer))
    return screening_record(
        offer=offer, result=result, trigger=Screening.Trigger.RESCREEN, actor=actor
    )
