"""The reference values in force on a day, grouped and worded for providers
(the "Rates and rules" page, /rates/).

``rates_in_force`` reads; ``value_words`` and ``source_for_providers`` are
pure. A value the portal ships with until the council sets its own is shown
as the value it is, without the internal note that says so: staff see which
values are still on defaults in the admin (``ReferenceValue.is_council_default``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from leicester_sl.documents.formatting import day

from .models import FrameworkLot, ReferenceValue
from .selectors import reference_values_in_force
from .vocabulary import client_group_choices

# The page's sections: a heading and the reference value keys under it.
SECTIONS = [
    (
        "Housing costs",
        [
            "lha_shared_weekly",
            "lha_1_bed_weekly",
            "lha_2_bed_weekly",
            "lha_3_bed_weekly",
            "lha_4_bed_weekly",
            "exempt_benchmark_self_contained",
            "exempt_benchmark_extra_care",
            "exempt_benchmark_shared_room",
            "exempt_restriction_percent",
        ],
    ),
    (
        "What tenants can pay",
        ["uc_standard_allowance_monthly", "tenant_charges_share_percent"],
    ),
    (
        "Care and support",
        [
            "framework_hourly_rate",
            "high_cost_support_weekly",
            "sleep_in_nightly_rate",
            "waking_night_hours_weekly",
        ],
    ),
    (
        "The care and support framework",
        [
            "framework_live_from",
            "framework_open_to_new_providers",
            "next_procurement_date",
        ],
    ),
    (
        "Capital and sites",
        ["right_to_buy_receipts_max_percent", "site_required_min_hectares"],
    ),
]

# An internal note in brackets about a default ("(portal default until the
# council sets its own)"): not for providers.
_DEFAULT_NOTE = re.compile(r"\s*\([^()]*\bdefault\b[^()]*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    name: str
    value: str
    source: str
    valid_from: str


@dataclass(frozen=True)
class Lot:
    name: str
    client_groups: tuple[str, ...]


@dataclass(frozen=True)
class Rates:
    on: str
    sections: list[tuple[str, list[Rate]]]
    lots: list[Lot]
    lot_sources: tuple[str, ...]


def source_for_providers(source: str) -> str:
    return _DEFAULT_NOTE.sub("", source).strip()


def _number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def value_words(value: ReferenceValue) -> str:
    """``124.27`` in "£ a week" gives "£124.27 a week"; dates and yes/no in words."""
    typed = value.typed_value()
    unit = value.unit.strip()
    if value.kind == ReferenceValue.Kind.MONEY:
        amount = f"£{typed:,.2f}"
        rest = unit.removeprefix("£").strip()
        return f"{amount} {rest}".strip()
    if value.kind in (ReferenceValue.Kind.NUMBER, ReferenceValue.Kind.PERCENT):
        if unit.startswith("%"):
            return f"{_number(typed)}{unit}"
        return f"{_number(typed)} {unit}".strip()
    if value.kind == ReferenceValue.Kind.BOOLEAN:
        return "Yes" if typed else "No"
    if value.kind == ReferenceValue.Kind.DATE:
        return day(typed) if typed else "Not yet announced"
    if value.kind == ReferenceValue.Kind.LIST:
        return ", ".join(typed)
    return typed


def rates_in_force(*, on) -> Rates:
    """The reference values and framework lots in force on ``on``."""
    in_force = reference_values_in_force(on=on)
    sections = []
    for heading, keys in SECTIONS:
        rates = [
            Rate(
                name=in_force[key].name,
                value=value_words(in_force[key]),
                source=source_for_providers(in_force[key].source),
                valid_from=day(in_force[key].valid_from),
            )
            for key in keys
            if key in in_force
        ]
        if rates:
            sections.append((heading, rates))
    group_labels = dict(client_group_choices())
    framework_lots = list(FrameworkLot.objects.order_by("number"))
    lots = [
        Lot(
            name=str(lot),
            client_groups=tuple(group_labels.get(g, g) for g in lot.client_groups),
        )
        for lot in framework_lots
    ]
    lot_sources = tuple(dict.fromkeys(source_for_providers(lot.source) for lot in framework_lots))
    return Rates(on=day(on), sections=sections, lots=lots, lot_sources=lot_sources)
