"""Writes for offers: submission, screening records and references.

Screening itself is pure (``eoi.screening``); this module gathers its inputs
(``eoi.screening.selectors``), calls it, and records what it said.
"""

import dataclasses
import datetime
import json

from django.db import models, transaction
from django.utils import timezone

from eoi.triage import timescales
from eoi.offers import document as doc
from eoi.notifications.events import offer_submitted_record
from eoi.models import Offer, OfferDraft, ReferenceCounter, Screening
from eoi.screening import ScreeningResult, screen
from eoi.screening.selectors import screening_context_build
from eoi.triage.services import offer_route, offer_submission_record

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


def column_value(column: str, value):
    """A document value as the model column stores it."""
    if value is None:
        field = Offer._meta.get_field(column)
        if isinstance(field, (models.CharField, models.TextField)):
            return ""
        if isinstance(field, models.JSONField):
            return []
        return None
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
            values[column] = column_value(column, getattr(part, name) if part else None)
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
    return doc.parse_offer({key: value for key, value in data.items() if value is not None})


def offer_screen(
    *, document: doc.OfferDocument, on: datetime.date | None = None
) -> ScreeningResult:
    """Screen a document against the strategy as it stands on ``on`` (default today)."""
    on = on or timezone.localdate()
    return screen(document, screening_context_build(on=on))


def reference_next(*, year: int) -> str:
    """The next reference of the year, e.g. EOI-2026-0001. Call inside a transaction.

    The year's counter is made if it is missing, locked, and moved on. It
    stays locked until the transaction ends, so two submissions at once never
    get the same number: on PostgreSQL the second waits for the row (or, for
    a year's first, for the first's insert, then reads its row); SQLite's
    transactions each take the database's write lock as they begin
    (``transaction_mode`` IMMEDIATE in the settings), so the second waits for
    the first to end.
    """
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1  # the row is locked: nobody else moves it meanwhile
    counter.save(update_fields=["last_number"])
    return f"EOI-{year}-{counter.last_number:04d}"


def cohorts_text(result: ScreeningResult) -> str:
    """The cohorts a screening matched, as the offer keeps them
    (``Offer.latest_matched_cohorts``): a sorted JSON list without repeats,
    so equal sets are equal strings. No match is ``"[]"``."""
    cohorts = sorted({matched.cohort for matched in result.matched_demand})
    return json.dumps(cohorts, ensure_ascii=False, separators=(",", ":"))


def _screening_create(
    *, offer: Offer, result: ScreeningResult, trigger: str, actor=None
) -> Screening:
    return Screening.objects.create(
        offer=offer,
        trigger=trigger,
        screened_on=result.screened_on,
        created_by=actor,
        overall=str(result.overall),
        priority=result.priority,
        result=result.to_dict(),
    )


def screening_record(
    *, offer: Offer, result: ScreeningResult, trigger: str, actor=None
) -> Screening:
    """Record a screening of a saved offer, and its outcome on the offer: its
    verdict and priority (the queue sorts by them) and the demand lines it
    matched (the dashboard counts open offers by them)."""
    screening = _screening_create(offer=offer, result=result, trigger=trigger, actor=actor)
    offer.recommendation = str(result.overall)
    offer.priority = result.priority
    offer.latest_matched_cohorts = cohorts_text(result)
    offer.save(update_fields=["recommendation", "priority", "latest_matched_cohorts", "updated_at"])
    return screening


def offer_submit(
    *, document: doc.OfferDocument, source: str, draft: OfferDraft | None = None
) -> Offer:
    """Save a submitted offer with its reference and its screening as at submission.

    From a draft, submitting it twice (a double click, a resent form, two
    requests at once) gives back the offer the first submission made: the
    transaction ends by claiming the draft for the new offer with an update
    that only a draft not yet sent matches. Submissions take the reference
    counter's lock first, so a second submission waits for the first to
    commit; its claim then matches nothing and its whole transaction is
    rolled back, reference included. The draft's attachments move to the
    offer.

    Screening, routing and the due date are worked out first, so the offer is
    created once, complete (its one history row is django-simple-history's).
    What the provider need not wait for (the emails, the possible
    duplicates) is one "offer submitted" event, written here, that the
    worker acts on once this commits (``eoi.notifications.events``).
    """
    if draft is not None and draft.submitted_offer_id:
        return draft.submitted_offer
    now = timezone.now()
    result = offer_screen(document=document, on=timezone.localdate(now))
    offer = Offer(
        source=source,
        submitted_at=now,
        status_changed_at=now,
        recommendation=str(result.overall),
        priority=result.priority,
        latest_matched_cohorts=cohorts_text(result),
        # The opportunity it answers, when started from its page.
        opportunity_id=draft.opportunity_id if draft is not None else None,
        **offer_fields_from_document(document),
    )
    offer_route(offer=offer)
    offer.due_on = timescales.status_due_on(offer.status, timescales.offer_since(offer))
    try:
        with transaction.atomic():
            offer.reference = reference_next(year=timezone.localdate(now).year)
            offer.save(force_insert=True)
            _screening_create(offer=offer, result=result, trigger=Screening.Trigger.SUBMISSION)
            offer_submission_record(offer=offer)
            if draft is not None:
                _draft_claim(draft=draft, offer=offer, now=now)
                if draft.files_uploaded:
                    draft.attachments.update(offer=offer)
            offer_submitted_record(offer=offer)
    except DraftAlreadySent:
        draft.submitted_offer = OfferDraft.objects.get(pk=draft.pk).submitted_offer
        return draft.submitted_offer
    return offer


class DraftAlreadySent(Exception):
    """Another submission of the same draft committed first."""


def _draft_claim(*, draft: OfferDraft, offer: Offer, now: datetime.datetime) -> None:
    """Mark ``draft`` as sent as ``offer``, unless another submission has sent
    it (then raise ``DraftAlreadySent``, which rolls this one back)."""
    unsent = OfferDraft.objects.filter(pk=draft.pk, submitted_offer__isnull=True)
    if unsent.update(submitted_offer=offer, updated_at=now) != 1:
        raise DraftAlreadySent
    draft.submitted_offer, draft.updated_at = offer, now


@transaction.atomic
def offer_rescreen(*, offer: Offer, actor) -> Screening:
    """Screen an offer again with today's figures; earlier screenings are kept."""
    result = offer_screen(document=offer_document_from_model(offer))
    return screening_record(
        offer=offer, result=result, trigger=Screening.Trigger.RESCREEN, actor=actor
    )
