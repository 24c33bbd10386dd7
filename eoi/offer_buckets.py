"""Which rows of the dashboard's summary table (``eoi.models.OfferTally``) an
offer counts in: one source for the model that keeps the table, the rebuild
that recounts it from the offers (``eoi.progress.offer_tally``) and the
dashboard's readers. Pure: plain values in, buckets out.

An offer counts in one *market* row (provider name as typed, organisation
type, status group, calendar quarter of submission in local time) and, while
open, in one *triage* row (expected date, the demand lines its latest
screening matched). Two kinds of row rather than one of every field: the
market's rows grow with providers and quarters and the triage rows with
dates and cohorts, where rows of all the fields would grow with their
product (close to one a provider's offer); and a move between two open
statuses changes neither, so it writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from .progress.rows import OPEN as OPEN_GROUP
from .statuses import OPEN

MARKET = "market"
TRIAGE = "triage"
NO_COHORTS = "[]"

# The offer's fields its buckets and units are made of.
BUCKET_FIELDS = (
    "organisation_name",
    "organisation_type",
    "status",
    "submitted_at",
    "scheme_expected_available",
    "latest_matched_cohorts",
    "scheme_units",
)


@dataclass(frozen=True)
class Bucket:
    kind: str
    organisation_name: str = ""
    organisation_type: str = ""
    status_group: str = ""
    quarter: datetime.date | None = None
    expected_available: datetime.date | None = None
    matched_cohorts: str = NO_COHORTS

    def columns(self) -> dict:
        """The fields as the summary table's columns of the same names."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

    @classmethod
    def from_row(cls, row) -> "Bucket":
        """The bucket of a summary table row (anything with the columns)."""
        return cls(**{field.name: getattr(row, field.name) for field in dataclasses.fields(cls)})

    @property
    def key(self) -> str:
        """The row's unique key: a hash of every field (a unique index over
        the fields themselves would let NULLs repeat)."""
        parts = [
            value.isoformat() if isinstance(value, datetime.date) else value
            for value in self.columns().values()
        ]
        text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def cohorts_text(matched_demand: Iterable[Mapping] | None) -> str:
    """The cohorts a screening matched (its result's ``matched_demand``), as
    the offer keeps them: a sorted JSON list without repeats, so equal sets
    are equal strings. No screening and no match are both ``"[]"``."""
    cohorts = sorted({item["cohort"] for item in matched_demand or ()})
    return json.dumps(cohorts, ensure_ascii=False, separators=(",", ":"))


def cohorts_of(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text or NO_COHORTS))


def quarter_start(moment: datetime.datetime) -> datetime.date:
    """The first day of the calendar quarter of ``moment`` in the city's time
    (as ``TruncQuarter`` with that time zone): 1 July 2026 00:30 in London,
    30 June 23:30 UTC, is in the third quarter."""
    zone = timezone.get_default_timezone()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    local = timezone.localtime(moment, zone)
    return datetime.date(local.year, (local.month - 1) // 3 * 3 + 1, 1)


def status_group(status: str) -> str:
    return OPEN_GROUP if status in OPEN else status


def contributions(offer: Mapping) -> list[tuple[Bucket, int]]:
    """The buckets an offer (``BUCKET_FIELDS`` → values) counts in, each with
    its units."""
    units = offer["scheme_units"] or 0
    market = Bucket(
        kind=MARKET,
        organisation_name=offer["organisation_name"] or "",
        organisation_type=offer["organisation_type"] or "",
        status_group=status_group(offer["status"]),
        quarter=quarter_start(offer["submitted_at"]),
    )
    found = [(market, units)]
    if offer["status"] in OPEN:
        triage = Bucket(
            kind=TRIAGE,
            expected_available=offer["scheme_expected_available"],
            matched_cohorts=offer["latest_matched_cohorts"] or NO_COHORTS,
        )
        found.append((triage, units))
    return found


def deltas(
    changes: Iterable[tuple[Mapping | None, Mapping | None]],
) -> dict[Bucket, tuple[int, int]]:
    """What (offers, units) each bucket gains when offers change from
    ``before`` to ``after`` (None: not there), those that cancel left out."""
    found: dict[Bucket, list[int]] = defaultdict(lambda: [0, 0])
    for before, after in changes:
        for offer, sign in ((before, -1), (after, 1)):
            if offer is None:
                continue
            for bucket, units in contributions(offer):
                found[bucket][0] += sign
                found[bucket][1] += sign * units
    return {bucket: (offers, units) for bucket, (offers, units) in found.items() if offers or units}
