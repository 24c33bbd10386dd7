"""What screening gives back: outcomes, factor results, figures, the result.

Plain frozen dataclasses with their JSON form (``ScreeningResult.to_dict``,
the shape of ``screen_offer --format json`` in offer-format.md) and the way
back (:func:`result_from_dict`), which must load results stored before a
field was added.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from strategy.vocabulary import name_for_providers

from .wording import OUTCOME_LABELS, OVERALL_LABELS, money_str

__all__ = [
    "FactorResult",
    "Figures",
    "MatchedDemand",
    "Outcome",
    "Overall",
    "ReferenceUse",
    "ScreeningResult",
]


class Outcome(StrEnum):
    MEETS = "meets"
    CONCERN = "concern"
    DOES_NOT_MEET = "does_not_meet"
    MORE_INFORMATION_NEEDED = "more_information_needed"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.value]

    @property
    def severity(self) -> int:
        """For "the worst outcome stands": does not meet is the worst."""
        return _SEVERITY[self]


_SEVERITY = {
    Outcome.DOES_NOT_MEET: 3,
    Outcome.CONCERN: 2,
    Outcome.MORE_INFORMATION_NEEDED: 1,
    Outcome.MEETS: 0,
    Outcome.NOT_APPLICABLE: -1,
}


class Overall(StrEnum):
    PROGRESS = "progress"
    REVIEW = "review"
    NOT_SUPPORTED = "not_supported"

    @property
    def label(self) -> str:
        return OVERALL_LABELS[self.value]


@dataclass(frozen=True)
class ReferenceUse:
    """Where a figure in a reason comes from: for "Where these figures come from"."""

    key: str
    value: str
    unit: str
    source: str
    valid_from: datetime.date
    is_council_default: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "valid_from": self.valid_from.isoformat(),
            "is_council_default": self.is_council_default,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReferenceUse:
        return cls(
            key=data["key"],
            value=data["value"],
            unit=data.get("unit", ""),
            source=data["source"],
            valid_from=datetime.date.fromisoformat(data["valid_from"]),
            is_council_default=bool(data.get("is_council_default", False)),
        )


@dataclass(frozen=True)
class FactorResult:
    """One factor's outcome, its reason, the ids of the rows that applied and
    the reference values its reason quotes."""

    factor: str
    outcome: Outcome
    reason: str
    rows: tuple[str, ...]
    reference_values: tuple[ReferenceUse, ...] = ()
    # The factor's label, set from the registry by ``screen()`` and
    # ``result_from_dict`` (it is not stored: the registry is its one source).
    label: str = field(default="", compare=False)


@dataclass(frozen=True)
class MatchedDemand:
    """A demand line the offer matches, and its unmet units."""

    cohort: str
    unmet_units: int
    public_name: str = ""

    @property
    def name_for_providers(self) -> str:
        return name_for_providers(self.public_name, self.cohort)


@dataclass(frozen=True)
class Figures:
    """The sums screening worked out, in pounds (None when unknown), and the
    benefit route (None when it cannot be settled)."""

    gross_eligible_rent: Decimal | None
    benefit_route: str | None
    support_cost_per_person_per_week: Decimal | None
    tenant_weekly_shortfall: Decimal | None
    right_to_buy_cap: Decimal | None = None


@dataclass(frozen=True)
class ScreeningResult:
    """The result of :func:`eoi.screening.screen`."""

    overall: Overall
    priority: int
    priority_explanation: tuple[str, ...]
    factors: dict[str, FactorResult]
    matched_demand: tuple[MatchedDemand, ...]
    figures: Figures
    screened_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``screen_offer --format json`` (offer-format.md)."""
        return {
            "overall": self.overall.value,
            "priority": self.priority,
            "priority_explanation": list(self.priority_explanation),
            "factors": {
                name: {
                    "outcome": result.outcome.value,
                    "reason": result.reason,
                    "rows": list(result.rows),
                    "reference_values": [use.to_dict() for use in result.reference_values],
                }
                for name, result in self.factors.items()
            },
            "matched_demand": [
                {
                    "cohort": line.cohort,
                    "public_name": line.name_for_providers,
                    "unmet_units": line.unmet_units,
                }
                for line in self.matched_demand
            ],
            "figures": {
                "gross_eligible_rent": money_str(self.figures.gross_eligible_rent),
                "benefit_route": self.figures.benefit_route,
                "support_cost_per_person_per_week": money_str(
                    self.figures.support_cost_per_person_per_week
                ),
                "tenant_weekly_shortfall": money_str(self.figures.tenant_weekly_shortfall),
                "right_to_buy_cap": money_str(self.figures.right_to_buy_cap),
            },
            "screened_on": self.screened_on.isoformat(),
        }
