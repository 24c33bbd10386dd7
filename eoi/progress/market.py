"""The market view: how many providers make offers, of which kind, with
what outcome, quarter by quarter. Pure functions over ``rows.OfferGroup``
(counted by ``eoi.progress.inputs.offer_group_list``), as the scrutiny
commission asked that the number of providers be monitored.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .rows import STATUS_GROUPS, OfferGroup, OfferIn


def provider_key(name: str) -> str:
    """One provider however its name was typed: trimmed, spaces collapsed, any case."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)


def quarter_of(day: datetime.date) -> Quarter:
    """The calendar quarter of a day: 23 November 2026 is 2026 Q4."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = []
    quarter = first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


@dataclass(frozen=True)
class MarketRow:
    label: str
    providers: int
    offers: int
    units: int


@dataclass(frozen=True)
class QuarterRow:
    quarter: Quarter
    offers: int
    units: int
    providers: int
    new_providers: int
    by_group: dict[str, int]


@dataclass(frozen=True)
class Market:
    providers: int
    offers: int
    by_type: tuple[MarketRow, ...]
    by_outcome: tuple[MarketRow, ...]
    by_quarter: tuple[QuarterRow, ...]


def _market_row(label: str, groups: Sequence[OfferGroup]) -> MarketRow:
    return MarketRow(
        label=label,
        providers=len({provider_key(g.organisation_name) for g in groups}),
        offers=sum(g.offers for g in groups),
        units=sum(g.units for g in groups),
    )


def market(offers: Iterable[OfferGroup | OfferIn]) -> Market:
    """Distinct providers (by ``provider_key``) and their offers, by organisation
    type, by outcome and by calendar quarter of submission.

    Reads offers one by one (``OfferIn``) or counted in groups (``OfferGroup``,
    from a GROUP BY): the figures are the same. A provider counts once in each
    type and each outcome it has offers in, so those rows can add up to more
    than the number of providers. A provider is new in the quarter of its
    first offer. Quarters run without a gap from the first offer to the last,
    empty ones included.
    """
    groups = [o if isinstance(o, OfferGroup) else OfferGroup.of(o) for o in offers]
    groups.sort(key=lambda g: (g.submitted_on, g.organisation_name, g.status_group))
    by_type: dict[str, list[OfferGroup]] = defaultdict(list)
    by_group: dict[str, list[OfferGroup]] = {group: [] for group in STATUS_GROUPS}
    by_quarter: dict[Quarter, list[OfferGroup]] = defaultdict(list)
    first_quarter: dict[str, Quarter] = {}
    for group in groups:
        by_type[group.organisation_type or "Not given"].append(group)
        by_group.setdefault(group.status_group, []).append(group)
        quarter = quarter_of(group.submitted_on)
        by_quarter[quarter].append(group)
        first_quarter.setdefault(provider_key(group.organisation_name), quarter)
    new_in: dict[Quarter, int] = defaultdict(int)
    for quarter in first_quarter.values():
        new_in[quarter] += 1
    quarters = quarters_between(min(by_quarter), max(by_quarter)) if by_quarter else []
    return Market(
        providers=len(first_quarter),
        offers=sum(g.offers for g in groups),
        by_type=tuple(
            sorted(
                (_market_row(label, members) for label, members in by_type.items()),
                key=lambda row: (-row.providers, row.label),
            )
        ),
        by_outcome=tuple(
            _market_row(STATUS_GROUPS.get(group, group), members)
            for group, members in by_group.items()
        ),
        by_quarter=tuple(
            QuarterRow(
                quarter=quarter,
                offers=sum(g.offers for g in by_quarter[quarter]),
                units=sum(g.units for g in by_quarter[quarter]),
                providers=len({provider_key(g.organisation_name) for g in by_quarter[quarter]}),
                new_providers=new_in[quarter],
                by_group={
                    group: sum(g.offers for g in by_quarter[quarter] if g.status_group == group)
                    for group in STATUS_GROUPS
                },
            )
            for quarter in quarters
        ),
    )
