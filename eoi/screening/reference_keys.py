"""Every reference value the rules read: key, kind and unit.

The rules' parameters (rates, thresholds, priority weights) are rows of
``strategy.ReferenceValue`` with a source and a valid-from date, editable in
the admin. This registry declares each key the rules read, so that a missing
or mistyped row is found when the portal starts (``eoi.checks``) and when a
context is built (:class:`~eoi.screening.context.ScreeningContext`), never
halfway through screening an offer.

``kind`` is a ``strategy.ReferenceValue.Kind`` code; screening takes money,
numbers and percentages as ``Decimal``, yes/no as ``bool``, dates as
``datetime.date`` (``None`` for a date not announced, where allowed) and lists
as a tuple of strings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from eoi.offers.document import DevelopmentStage

__all__ = ["REFERENCE_KEYS", "ReferenceKey", "reference_problems", "stage_points_key"]


@dataclass(frozen=True)
class ReferenceKey:
    key: str
    kind: str
    unit: str = ""
    may_be_blank: bool = False


def stage_points_key(stage: DevelopmentStage) -> str:
    """The priority points for deliverability at a development stage."""
    return f"priority_stage_points_{stage.value}"


_KEYS = (
    # rent_level and tenant_affordability
    ReferenceKey("lha_shared_weekly", "money", "£ a week"),
    ReferenceKey("lha_1_bed_weekly", "money", "£ a week"),
    ReferenceKey("lha_2_bed_weekly", "money", "£ a week"),
    ReferenceKey("lha_3_bed_weekly", "money", "£ a week"),
    ReferenceKey("lha_4_bed_weekly", "money", "£ a week"),
    ReferenceKey("lha_max_bedrooms", "number", "bedrooms"),
    ReferenceKey("exempt_benchmark_self_contained", "money", "£ a week"),
    ReferenceKey("exempt_benchmark_extra_care", "money", "£ a week"),
    ReferenceKey("exempt_benchmark_shared_room", "money", "£ a week"),
    ReferenceKey("exempt_restriction_percent", "percent", "% of benchmark"),
    ReferenceKey("uc_standard_allowance_monthly", "money", "£ a month"),
    ReferenceKey("tenant_charges_share_percent", "percent", "%"),
    # support_costs
    ReferenceKey("framework_hourly_rate", "money", "£ an hour"),
    ReferenceKey("high_cost_support_weekly", "money", "£ per person a week"),
    ReferenceKey("sleep_in_nightly_rate", "money", "£ a night"),
    ReferenceKey("waking_night_hours_weekly", "number", "hours a week"),
    # procurement
    ReferenceKey("framework_open_to_new_providers", "boolean"),
    ReferenceKey("framework_live_from", "date"),
    ReferenceKey("next_procurement_date", "date", may_be_blank=True),
    ReferenceKey("right_to_buy_cap_percent", "percent", "% of total scheme capital cost"),
    # location and quality
    ReferenceKey("city_postcode_districts", "list"),
    ReferenceKey("site_required_min_hectares", "number", "hectares"),
    # priority
    ReferenceKey("priority_demand_points", "number", "points"),
    ReferenceKey("priority_less_well_served_points", "number", "points"),
    ReferenceKey("priority_preferred_model_points", "number", "points"),
    ReferenceKey("priority_available_soon_points", "number", "points"),
    ReferenceKey("priority_available_soon_days", "number", "days"),
    ReferenceKey("priority_site_line_points", "number", "points"),
    ReferenceKey("priority_concern_penalty_points", "number", "points"),
    *(ReferenceKey(stage_points_key(stage), "number", "points") for stage in DevelopmentStage),
)
REFERENCE_KEYS: dict[str, ReferenceKey] = {item.key: item for item in _KEYS}

_PYTHON_TYPES = {
    "money": (Decimal, int),
    "number": (Decimal, int),
    "percent": (Decimal, int),
    "boolean": (bool,),
    "date": (datetime.date,),
    "text": (str,),
    "list": (tuple, list),
}


def reference_problems(values: dict[str, object]) -> list[str]:
    """What is wrong with ``values`` (key → typed value) for the rules: [] if nothing."""
    problems = []
    for key, declared in REFERENCE_KEYS.items():
        if key not in values:
            problems.append(f"{key}: missing")
            continue
        value = values[key]
        if value is None and declared.may_be_blank:
            continue
        expected = _PYTHON_TYPES[declared.kind]
        wrong_bool = isinstance(value, bool) and bool not in expected
        if wrong_bool or not isinstance(value, expected):
            problems.append(f"{key}: {value!r} is not a {declared.kind} value")
    problems += _lha_size_problems(values)
    return problems


def _lha_size_problems(values: dict[str, object]) -> list[str]:
    """Every size up to ``lha_max_bedrooms`` needs its own LHA rate."""
    largest = values.get("lha_max_bedrooms")
    if not isinstance(largest, (Decimal, int)) or isinstance(largest, bool):
        return []
    return [
        f"lha_{size}_bed_weekly: missing (lha_max_bedrooms is {largest})"
        for size in range(1, int(largest) + 1)
        if f"lha_{size}_bed_weekly" not in values
    ]
