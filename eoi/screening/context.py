"""Everything the rules read besides the offer, and how they read it.

The caller (``eoi.screening.selectors.screening_context_build``) builds a
:class:`ScreeningContext` from the database: the reference values in force on
the screening date, the demand lines with their unmet units, the framework
lots, the city's wards and the existing supported living units per ward.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from strategy.vocabulary import name_for_providers

from .reference_keys import reference_problems
from .results import ReferenceUse

__all__ = [
    "DemandLineState",
    "FrameworkLotInfo",
    "ReferenceValue",
    "ReferenceValuesInvalid",
    "ScreeningContext",
]


class ReferenceValuesInvalid(ValueError):
    """The reference values cannot screen an offer: a key is missing or mistyped."""


@dataclass(frozen=True)
class DemandLineState:
    """One forecast demand line of the strategy, with its unmet units now."""

    cohort: str
    group: str
    net_units: int
    unmet_units: int
    client_groups: frozenset[str]
    configurations: frozenset[str]
    size_min: int | None = None
    size_max: int | None = None
    shared_house_max_bedrooms: int | None = None
    is_tbc: bool = False
    site_required: bool = False
    best_fit: str = ""
    source: str = (
        "Supported Living and Extra Care Housing Strategy 2021–2031, forecast demand table"
    )
    public_name: str = ""

    @property
    def name_for_providers(self) -> str:
        """The line's name in a reason a provider reads."""
        return name_for_providers(self.public_name, self.cohort)


@dataclass(frozen=True)
class ReferenceValue:
    """A figure the rules use, with its unit, source and the date it applies."""

    key: str
    value: object
    unit: str
    source: str
    valid_from: datetime.date
    is_council_default: bool = False

    def use(self) -> ReferenceUse:
        """Its provenance, as a result records it."""
        value = self.value
        if isinstance(value, (tuple, list)):
            text = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, Decimal):
            text = f"{value:f}"
        elif isinstance(value, datetime.date):
            text = value.isoformat()
        else:
            text = "" if value is None else str(value)
        return ReferenceUse(
            key=self.key,
            value=text,
            unit=self.unit,
            source=self.source,
            valid_from=self.valid_from,
            is_council_default=self.is_council_default,
        )


@dataclass(frozen=True)
class FrameworkLotInfo:
    """A lot of the Supported Living framework and the client groups it fits."""

    code: str
    name: str
    client_groups: frozenset[str]


@dataclass(frozen=True)
class ScreeningContext:
    """Everything the rules read besides the offer.

    ``ward_supported_living_units`` may be empty when the register has no
    ward-level data; screening then says nothing about areas less well served.
    A context whose reference values miss a key the rules read, or hold one of
    the wrong kind, cannot be made (:class:`ReferenceValuesInvalid`).

    It cannot be changed once made (its mappings are read-only views).
    """

    on: datetime.date
    reference: Mapping[str, ReferenceValue]
    demand_lines: tuple[DemandLineState, ...]
    framework_lots: tuple[FrameworkLotInfo, ...]
    city_wards: frozenset[str]
    ward_supported_living_units: Mapping[str, int]

    def __post_init__(self):
        for name in _MAPPINGS:
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        problems = reference_problems({key: item.value for key, item in self.reference.items()})
        if problems:
            raise ReferenceValuesInvalid(
                f"Screening cannot run on {self.on.isoformat()}: the reference "
                f"values in force are not usable ({'; '.join(problems)}). Add or "
                "correct them in the admin (Strategy › Reference values)."
            )

    def __reduce__(self):
        # Pickled (into the cache) with plain dicts: a read-only view cannot be.
        values = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        values.update({name: dict(values[name]) for name in _MAPPINGS})
        return (_context_from, (values,))

    def ref(self, key: str) -> ReferenceValue:
        return self.reference[key]

    def value(self, key: str) -> object:
        return self.reference[key].value

    def decimal(self, key: str) -> Decimal:
        value = self.reference[key].value
        return value if isinstance(value, Decimal) else Decimal(str(value))

    def whole(self, key: str) -> int:
        """A count, points or days: a whole number."""
        return int(self.decimal(key))


_MAPPINGS = ("reference", "ward_supported_living_units")


def _context_from(values: dict) -> ScreeningContext:
    return ScreeningContext(**values)
