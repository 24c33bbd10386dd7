"""The demand balance: what a forecast version still needs on a date.

One pure function over plain rows (``demand_balance``). The home page, the
screening, ``strategy_summary``, the staff dashboard, its CSV and the scrutiny
report all read its result, so no two of them can disagree
(``docs/strategy-data.md`` §4a). Nothing here touches the database.

How supply is counted
---------------------

- *Delivered*: delivery records dated on or before the day, plus schemes with
  status delivered that no delivery record covers (a record naming its scheme
  replaces the scheme's own figure).
- *Firm pipeline*: schemes keyed ★, or under construction, not delivered and
  not proceeding, less the units delivery records already give them.
- *Accepted offers*: units of offers the council accepted, each allocated to a
  demand line. They are counted as accepted offers, never as the strategy's
  own schemes, until the offers app says they have moved on: a row with stage
  ``firm`` (start on site confirmed) counts in the firm pipeline and one with
  stage ``delivered`` (completion confirmed) as delivered, so a home is counted
  once whatever its stage. Delivery records the offers app counts itself are
  not passed in (``strategy.selectors.demand_balance_for``'s ``excluded_deliveries``).
- ◆ and ✿ schemes are gaps still to fill and reduce nothing; nor do schemes
  outside the forecast (the 2021 plan's 155 units at Hamelin Road and
  Tilling Road), which meet demand beyond the version's lines.

A row of supply is *attributed* to demand lines by its allocations (in whole
or in part) or, with none, in whole to the demand line it names. Units that
no allocation covers are *unattributed*: they reduce the total still needed
but no line's unmet units ("a date alone does not say which line a unit
was"). A line's unmet units are its net units less what is attributed to it,
never below 0; the total still needed is the demand less all supply, never
below 0.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .vocabulary import name_for_providers

# The values of strategy.models.PipelineScheme.Key and .Status, as plain strings.
FIRM_KEY = "firm"
UNDER_CONSTRUCTION = "under_construction"
DELIVERED = "delivered"
NOT_PROCEEDING = "not_proceeding"
# Stages of an accepted offer's homes (AcceptedOfferRow.stage).
STAGE_ACCEPTED = "accepted"
STAGE_FIRM = "firm"
STAGE_DELIVERED = "delivered"
STAGE_TALLY = {STAGE_ACCEPTED: "accepted", STAGE_FIRM: "firm", STAGE_DELIVERED: "delivered"}

Allocation = tuple[int, int]  # (demand line id, units)


@dataclass(frozen=True)
class LineRow:
    id: int
    cohort: str
    net_units: int
    group: str = ""
    is_young_people: bool = False
    public_name: str = ""


@dataclass(frozen=True)
class SchemeRow:
    id: int
    units: int | None
    key: str = ""
    status: str = "planned"
    demand_line_id: int | None = None
    allocations: tuple[Allocation, ...] = ()
    outside_forecast: bool = False


@dataclass(frozen=True)
class DeliveryRow:
    units: int
    delivered_on: datetime.date
    scheme_id: int | None = None
    demand_line_id: int | None = None
    sites: int = 1
    allocations: tuple[Allocation, ...] = ()


@dataclass(frozen=True)
class AcceptedOfferRow:
    units: int
    demand_line_id: int
    accepted_on: datetime.date
    # Where the offer's homes are: ACCEPTED, FIRM (started) or DELIVERED.
    stage: str = "accepted"
    # Sites delivered (one per offer with delivered homes).
    sites: int = 0


@dataclass(frozen=True)
class LineBalance:
    id: int
    cohort: str
    group: str
    is_young_people: bool
    net: int
    delivered: int
    firm_pipeline: int
    accepted_offers: int
    public_name: str = ""

    @property
    def unmet(self) -> int:
        return max(self.net - self.delivered - self.firm_pipeline - self.accepted_offers, 0)

    @property
    def name_for_providers(self) -> str:
        return name_for_providers(self.public_name, self.cohort)

    def to_dict(self) -> dict:
        return {
            "cohort": self.cohort,
            "public_name": self.name_for_providers,
            "net": self.net,
            "delivered": self.delivered,
            "firm_pipeline": self.firm_pipeline,
            "accepted_offers": self.accepted_offers,
            "unmet": self.unmet,
        }


@dataclass(frozen=True)
class Supply:
    delivered: int = 0
    firm_pipeline: int = 0
    accepted_offers: int = 0

    @property
    def total(self) -> int:
        return self.delivered + self.firm_pipeline + self.accepted_offers


@dataclass(frozen=True)
class Balance:
    version_slug: str
    version_name: str
    on: datetime.date
    lines: tuple[LineBalance, ...]
    unattributed: Supply
    delivered_sites: int

    @property
    def demand_total(self) -> int:
        return sum(line.net for line in self.lines)

    @property
    def delivered(self) -> int:
        return sum(line.delivered for line in self.lines) + self.unattributed.delivered

    @property
    def firm_pipeline(self) -> int:
        return sum(line.firm_pipeline for line in self.lines) + self.unattributed.firm_pipeline

    @property
    def accepted_offers(self) -> int:
        return sum(line.accepted_offers for line in self.lines) + self.unattributed.accepted_offers

    @property
    def unattributed_supply(self) -> int:
        return self.unattributed.total

    @property
    def unmet_total(self) -> int:
        return max(
            self.demand_total - self.delivered - self.firm_pipeline - self.accepted_offers, 0
        )

    def line(self, line_id: int) -> LineBalance:
        return next(line for line in self.lines if line.id == line_id)

    def most_unmet(self, count: int = 3) -> tuple[LineBalance, ...]:
        """The lines with the most unmet units, most first (ties in table order)."""
        ranked = sorted(
            (line for line in self.lines if line.unmet),
            key=lambda line: -line.unmet,
        )
        return tuple(ranked[:count])

    def to_dict(self) -> dict:
        return {
            "version": self.version_slug,
            "version_name": self.version_name,
            "on": self.on.isoformat(),
            "demand_total": self.demand_total,
            "delivered": self.delivered,
            "firm_pipeline": self.firm_pipeline,
            "accepted_offers": self.accepted_offers,
            "unattributed_supply": self.unattributed_supply,
            "unmet_total": self.unmet_total,
            "lines": [line.to_dict() for line in self.lines],
        }


def is_firm(scheme: SchemeRow) -> bool:
    """★, or under construction; never delivered or not proceeding."""
    return scheme.status not in (DELIVERED, NOT_PROCEEDING) and (
        scheme.key == FIRM_KEY or scheme.status == UNDER_CONSTRUCTION
    )


def _attribute(
    units: int,
    *,
    allocations: Iterable[Allocation],
    demand_line_id: int | None,
    line_ids: set[int],
) -> tuple[dict[int, int], int]:
    """Split ``units`` into {line id: units} and the unattributed rest.

    Allocations are taken in order until the units run out, so an allocation
    larger than the row never counts more than the row holds.
    """
    allocations = tuple(allocations)
    if not allocations and demand_line_id is not None:
        allocations = ((demand_line_id, units),)
    split: dict[int, int] = defaultdict(int)
    left = units
    for line_id, allocated in allocations:
        if line_id not in line_ids:
            continue
        taken = min(max(allocated, 0), left)
        split[line_id] += taken
        left -= taken
    return split, left


def demand_balance(
    *,
    version_slug: str,
    version_name: str,
    on: datetime.date,
    lines: Iterable[LineRow],
    schemes: Iterable[SchemeRow] = (),
    deliveries: Iterable[DeliveryRow] = (),
    accepted_offers: Iterable[AcceptedOfferRow] = (),
) -> Balance:
    """Per demand line: net, delivered, firm pipeline, accepted offers and
    unmet; the supply not attributed to a line; and the totals, on ``on``."""
    lines = tuple(lines)
    schemes = tuple(scheme for scheme in schemes if not scheme.outside_forecast)
    line_ids = {line.id for line in lines}
    tallies = {what: defaultdict(int) for what in ("delivered", "firm", "accepted")}
    unattributed = defaultdict(int)

    def add(what, units, *, allocations=(), demand_line_id=None):
        split, rest = _attribute(
            units, allocations=allocations, demand_line_id=demand_line_id, line_ids=line_ids
        )
        for line_id, taken in split.items():
            tallies[what][line_id] += taken
        unattributed[what] += rest

    deliveries = tuple(d for d in deliveries if d.delivered_on <= on)
    recorded: dict[int, int] = defaultdict(int)
    scheme_ids = {scheme.id for scheme in schemes}
    for delivery in deliveries:
        if delivery.scheme_id in scheme_ids:
            recorded[delivery.scheme_id] += delivery.units
    by_id = {scheme.id: scheme for scheme in schemes}
    sites = 0
    for delivery in deliveries:
        scheme = by_id.get(delivery.scheme_id)
        add(
            "delivered",
            delivery.units,
            allocations=delivery.allocations or (scheme.allocations if scheme else ()),
            demand_line_id=delivery.demand_line_id or (scheme.demand_line_id if scheme else None),
        )
        sites += delivery.sites
    for scheme in schemes:
        if scheme.status == DELIVERED and scheme.id not in recorded:
            add(
                "delivered",
                scheme.units or 0,
                allocations=scheme.allocations,
                demand_line_id=scheme.demand_line_id,
            )
            sites += 1
        elif is_firm(scheme):
            add(
                "firm",
                max((scheme.units or 0) - recorded.get(scheme.id, 0), 0),
                allocations=scheme.allocations,
                demand_line_id=scheme.demand_line_id,
            )
    for offer in accepted_offers:
        if offer.accepted_on <= on:
            add(STAGE_TALLY[offer.stage], offer.units, demand_line_id=offer.demand_line_id)
            sites += offer.sites if offer.stage == STAGE_DELIVERED else 0

    return Balance(
        version_slug=version_slug,
        version_name=version_name,
        on=on,
        lines=tuple(
            LineBalance(
                id=line.id,
                cohort=line.cohort,
                public_name=line.public_name,
                group=line.group,
                is_young_people=line.is_young_people,
                net=line.net_units,
                delivered=tallies["delivered"][line.id],
                firm_pipeline=tallies["firm"][line.id],
                accepted_offers=tallies["accepted"][line.id],
            )
            for line in lines
        ),
        unattributed=Supply(
            delivered=unattributed["delivered"],
            firm_pipeline=unattributed["firm"],
            accepted_offers=unattributed["accepted"],
        ),
        delivered_sites=sites,
    )
