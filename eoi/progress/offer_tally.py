"""The dashboard's summary of offers (``eoi.models.OfferTally``) counted again
from every offer: the reference the kept counts are checked against, and the
rebuild after a bulk load or for a database that had offers before the table
(``manage.py offer_tally_rebuild``, migration 0013).

These are the GROUP BY queries the dashboard ran on each request before it
read the summary: they read every offer, so they are for the rebuild and the
tests only. Each takes the models, so the migration passes its own.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connections, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from ..offer_buckets import MARKET, NO_COHORTS, TRIAGE, Bucket, cohorts_text, status_group
from ..statuses import OPEN

_UPDATE_BATCH = 2000


def _models(offer_model, screening_model, tally_model):
    if offer_model is None:
        from ..models import Offer, OfferTally, Screening

        return Offer, Screening, OfferTally
    return offer_model, screening_model, tally_model


def _latest_screenings(screening_model):
    """Screenings with no later screening of the same offer (an anti-join)."""
    newer = screening_model.objects.filter(offer=OuterRef("offer")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return screening_model.objects.exclude(Exists(newer))


def latest_cohorts_counted(offer_model=None, screening_model=None) -> dict[int, str]:
    """Each screened offer's id → the cohorts its latest screening matched
    (``cohorts_text``); offers never screened are left out ("[]")."""
    _offer, screening_model, _tally = _models(offer_model, screening_model, None)
    found = _latest_screenings(screening_model).values_list("offer_id", "result__matched_demand")
    return {offer_id: cohorts_text(matched) for offer_id, matched in found}


def offer_tally_counted(
    offer_model=None, screening_model=None, tally_model=None
) -> dict[Bucket, tuple[int, int]]:
    """Every bucket's (offers, units), counted from the offers: the market by
    provider name, type, status and quarter of submission (one GROUP BY), the
    open offers by expected date and the cohorts of their latest screening
    (the screened ones through an anti-join, then those never screened)."""
    offer_model, screening_model, _tally = _models(offer_model, screening_model, tally_model)
    counted: dict[Bucket, list[int]] = defaultdict(lambda: [0, 0])
    quarter = TruncQuarter("submitted_at", tzinfo=timezone.get_default_timezone())
    market = (
        offer_model.objects.annotate(quarter=quarter)
        .values_list("organisation_name", "organisation_type", "status", "quarter")
        .annotate(offers=Count("pk"), units=Sum(Coalesce("scheme_units", 0)))
        .order_by()
    )
    for name, kind, status, starts, offers, units in market:
        bucket = Bucket(
            kind=MARKET,
            organisation_name=name or "",
            organisation_type=kind or "",
            status_group=status_group(status),
            quarter=timezone.localdate(starts, timezone.get_default_timezone()),
        )
        counted[bucket][0] += offers
        counted[bucket][1] += units or 0
    screened = (
        _latest_screenings(screening_model)
        .filter(offer__status__in=OPEN)
        .values_list("offer__scheme_expected_available", "result__matched_demand")
        .annotate(offers=Count("pk"), units=Sum(Coalesce("offer__scheme_units", 0)))
        .order_by()
    )
    unscreened = (
        offer_model.objects.filter(status__in=OPEN)
        .exclude(Exists(screening_model.objects.filter(offer=OuterRef("pk"))))
        .values_list("scheme_expected_available")
        .annotate(offers=Count("pk"), units=Sum(Coalesce("scheme_units", 0)))
        .order_by()
    )
    found = [(expected, cohorts_text(matched), n, u) for expected, matched, n, u in screened]
    found += [(expected, NO_COHORTS, n, u) for expected, n, u in unscreened]
    for expected, cohorts, offers, units in found:
        bucket = Bucket(kind=TRIAGE, expected_available=expected, matched_cohorts=cohorts)
        counted[bucket][0] += offers
        counted[bucket][1] += units or 0
    return {bucket: (offers, units) for bucket, (offers, units) in counted.items()}


def offer_tally_kept(tally_model=None) -> dict[Bucket, tuple[int, int]]:
    """The summary table as kept, empty rows left out."""
    if tally_model is None:
        _offer, _screening, tally_model = _models(None, None, None)
    return {
        Bucket.from_row(row): (row.offers, row.units)
        for row in tally_model.objects.exclude(offers=0, units=0)
    }


def _latest_cohorts_write(offer_model, screening_model) -> int:
    """Set each offer's ``latest_matched_cohorts`` from its latest screening
    (without counting: the table is made again after). Returns how many changed."""
    latest = latest_cohorts_counted(offer_model, screening_model)
    rows = offer_model._base_manager.all()
    by_cohorts: dict[str, list[int]] = defaultdict(list)
    for pk, kept in rows.values_list("pk", "latest_matched_cohorts").iterator():
        wanted = latest.get(pk, NO_COHORTS)
        if kept != wanted:
            by_cohorts[wanted].append(pk)
    for cohorts, pks in by_cohorts.items():
        for start in range(0, len(pks), _UPDATE_BATCH):
            rows.filter(pk__in=pks[start : start + _UPDATE_BATCH]).update(
                latest_matched_cohorts=cohorts
            )
    return sum(len(pks) for pks in by_cohorts.values())


def offer_tally_rebuild(
    offer_model=None, screening_model=None, tally_model=None, *, using: str = "default"
) -> tuple[int, int]:
    """Count the summary table again from the offers and their screenings,
    replacing what it held. Returns (offers whose cohorts were corrected,
    rows written).

    On PostgreSQL the table is locked first (EXCLUSIVE: it can still be
    read): an offer saved meanwhile waits to add its change until the counts
    are in, so it is counted once, either in them or after them.
    """
    offer_model, screening_model, tally_model = _models(
        offer_model, screening_model, tally_model
    )
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(tally_model._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        corrected = _latest_cohorts_write(offer_model, screening_model)
        counted = offer_tally_counted(offer_model, screening_model, tally_model)
        tally_model._base_manager.all().delete()
        tally_model._base_manager.bulk_create(
            [
                tally_model(key=bucket.key, **bucket.columns(), offers=offers, units=units)
                for bucket, (offers, units) in counted.items()
            ],
            batch_size=500,
        )
    return corrected, len(counted)
