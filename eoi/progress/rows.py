"""Plain rows in and out of ``eoi.progress.tally``: what the dashboard reads
(``eoi.progress.inputs``) and what the tally gives back."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The values of strategy.models.PipelineScheme.Key and .Status, as plain strings.
FIRM_KEY = "firm"
PLANNED = "planned"
UNDER_CONSTRUCTION = "under_construction"
DELIVERED = "delivered"
NOT_PROCEEDING = "not_proceeding"

# Buckets of a scheme.
BUCKET_DELIVERED = "delivered"
BUCKET_FIRM = "firm"
BUCKET_NOT_FIRM = "not_firm"

# Offers' status groups, in the order the market view (eoi.progress.market) shows them.
OPEN = "open"
ACCEPTED = "accepted"
NOT_PROGRESSED = "not_progressed"
WITHDRAWN = "withdrawn"
STATUS_GROUPS = {
    OPEN: "Open",
    ACCEPTED: "Accepted into pipeline",
    NOT_PROGRESSED: "Not progressed",
    WITHDRAWN: "Withdrawn",
}

# Row kinds of the demand-line table.
LINE = "line"
OUTSIDE_FORECAST = "outside_forecast"
UNALLOCATED = "unallocated"


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LineIn:
    id: int
    cohort: str
    group: str
    net_units: int


@dataclass(frozen=True)
class PhaseIn:
    number: int
    period: str
    ends_on: datetime.date
    starts_on: datetime.date | None = None
    stated_units: int | None = None


@dataclass(frozen=True)
class SchemeIn:
    id: int
    name: str
    phase: int
    units: int | None
    key: str = ""
    status: str = PLANNED
    demand_line_id: int | None = None
    outside_forecast: bool = False
    expected_completion: datetime.date | None = None

    @property
    def unit_count(self) -> int:
        return self.units or 0


@dataclass(frozen=True)
class DeliveryIn:
    units: int
    delivered_on: datetime.date
    sites: int = 1
    scheme_id: int | None = None
    demand_line_id: int | None = None


@dataclass(frozen=True)
class AcceptanceIn:
    """Units of an accepted offer allocated to a demand line, at a stage:
    ACCEPTED, BUCKET_FIRM (start on site confirmed) or BUCKET_DELIVERED
    (completion confirmed; ``eoi.progress.stages``)."""

    units: int
    demand_line_id: int | None = None
    expected_available: datetime.date | None = None
    stage: str = ACCEPTED
    sites: int = 0


@dataclass(frozen=True)
class OfferIn:
    """One offer, as the market view and the offers in triage need it."""

    reference: str
    organisation_name: str
    organisation_type: str
    status_group: str
    submitted_on: datetime.date
    units: int = 0
    expected_available: datetime.date | None = None
    matched_cohorts: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferGroup:
    """Offers alike in provider, type, status group and quarter, counted: a
    row of ``eoi.progress.inputs.offer_group_list`` (a GROUP BY), read by the
    market view. ``submitted_on`` is a day of the quarter (its first)."""

    organisation_name: str
    organisation_type: str
    status_group: str
    submitted_on: datetime.date
    offers: int = 1
    units: int = 0

    @classmethod
    def of(cls, offer: OfferIn) -> OfferGroup:
        return cls(
            organisation_name=offer.organisation_name,
            organisation_type=offer.organisation_type,
            status_group=offer.status_group,
            submitted_on=offer.submitted_on,
            units=offer.units,
        )


@dataclass(frozen=True)
class OpenOffers:
    """The units of open offers alike in expected date and matched demand
    lines, added up: a row of ``eoi.progress.inputs.open_offer_list``."""

    units: int
    expected_available: datetime.date | None = None
    matched_cohorts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgressInputs:
    """One forecast version's rows, read by ``eoi.progress.inputs.progress_inputs``."""

    lines: tuple[LineIn, ...]
    phases: tuple[PhaseIn, ...]
    schemes: tuple[SchemeIn, ...]
    deliveries: tuple[DeliveryIn, ...] = ()
    acceptances: tuple[AcceptanceIn, ...] = ()
    open_offers: tuple[OfferIn | OpenOffers, ...] = ()


# --------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    target: int = 0
    delivered: int = 0
    firm: int = 0
    not_firm: int = 0
    in_triage: int = 0
    accepted: int = 0

    @property
    def shortfall(self) -> int:
        return max(self.target - self.delivered - self.firm - self.accepted, 0)

    @property
    def outstanding(self) -> int:
        """Units not yet delivered: what a phase that has ended still owes."""
        return max(self.target - self.delivered, 0)


@dataclass(frozen=True)
class PhaseProgress:
    number: int
    period: str
    ends_on: datetime.date
    stated_units: int | None
    planned_units: int
    figures: Figures


@dataclass(frozen=True)
class LineProgress:
    label: str
    group: str
    kind: str
    figures: Figures


@dataclass(frozen=True)
class SlippingScheme:
    name: str
    phase: int
    units: int | None
    key: str
    status: str
    expected_completion: datetime.date | None
    due: datetime.date
    days_late: int


@dataclass(frozen=True)
class SlippingPhase:
    number: int
    period: str
    ends_on: datetime.date
    figures: Figures
    days_late: int


@dataclass(frozen=True)
class Progress:
    total: Figures
    phases: tuple[PhaseProgress, ...]
    lines: tuple[LineProgress, ...]
    slipping_schemes: tuple[SlippingScheme, ...]
    slipping_phases: tuple[SlippingPhase, ...]
    not_proceeding: tuple[SchemeIn, ...]
    delivered_sites: int
    as_of: datetime.date
