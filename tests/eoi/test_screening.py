"""Table-driven tests of eoi.screening: one case per row of screening-rules.md.

The rules are pure, so these are plain pytest functions: no database and no
Django settings. ``make_context()`` builds the default context from
strategy-data.md (the 2021 strategy: every net unit unmet) and is reused by
``test_examples``.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest

from eoi.offers.document import parse_offer
from eoi.screening import (
    FACTORS,
    DemandLineState,
    FrameworkLotInfo,
    Outcome,
    Overall,
    ReferenceValue,
    ScreeningContext,
    matched_demand_lines,
    result_as_text,
    result_from_dict,
    screen,
)

SCREENED_ON = datetime.date(2026, 3, 2)

# --------------------------------------------------------------------------
# The default context (strategy-data.md)
# --------------------------------------------------------------------------

LHA_SOURCE = (
    "Leicester BRMA, rates set January 2024 for 2024/25 (Leicester City "
    "Council's LHA page); frozen for 2025/26 by SI 2025/5; reported frozen "
    "again for 2026/27 (SI 2026/5)"
)
COUNCIL_POLICY = "Leicester City Council policy value (default until the council sets it)"
FRAMEWORK_SOURCE = (
    "Supported Living framework ASC0257, tender notice of 29 Nov 2019; council provider hub"
)

PRIORITY_SOURCE = "Screening rules: overall and priority"

_REFERENCE = {
    "lha_shared_weekly": (Decimal("91.00"), "£ a week", LHA_SOURCE),
    "lha_1_bed_weekly": (Decimal("124.27"), "£ a week", LHA_SOURCE),
    "lha_2_bed_weekly": (Decimal("149.59"), "£ a week", LHA_SOURCE),
    "lha_3_bed_weekly": (Decimal("178.36"), "£ a week", LHA_SOURCE),
    "lha_4_bed_weekly": (Decimal("241.64"), "£ a week", LHA_SOURCE),
    "uc_standard_allowance_monthly": (
        Decimal("400.14"),
        "£ a month",
        "DWP benefit rates 2025/26",
    ),
    "framework_hourly_rate": (
        Decimal("24.10"),
        "£ an hour",
        "Homecare Association, average council fee rate 2025/26",
    ),
    "exempt_benchmark_self_contained": (Decimal("200.00"), "£ a week", COUNCIL_POLICY),
    "exempt_benchmark_extra_care": (Decimal("230.00"), "£ a week", COUNCIL_POLICY),
    "exempt_benchmark_shared_room": (Decimal("150.00"), "£ a week", COUNCIL_POLICY),
    "exempt_restriction_percent": (Decimal("125"), "%", COUNCIL_POLICY),
    "high_cost_support_weekly": (Decimal("1000.00"), "£ a week", COUNCIL_POLICY),
    "sleep_in_nightly_rate": (Decimal("90.00"), "£ a night", COUNCIL_POLICY),
    "waking_night_hours_weekly": (Decimal("70"), "hours a week", COUNCIL_POLICY),
    "tenant_charges_share_percent": (Decimal("25"), "%", COUNCIL_POLICY),
    "framework_open_to_new_providers": (False, "", FRAMEWORK_SOURCE),
    "framework_live_from": (datetime.date(2021, 7, 1), "", FRAMEWORK_SOURCE),
    "next_procurement_date": (
        datetime.date(2027, 11, 3),
        "",
        "council pipeline notice SCE0008",
    ),
    "city_postcode_districts": (
        ("LE1", "LE2", "LE3", "LE4", "LE5"),
        "",
        "ONS; local authority code E06000016",
    ),
    "site_required_min_hectares": (
        Decimal("0.5"),
        "hectares",
        "Supported Living and Extra Care Housing Strategy 2021–2031, key ✿",
    ),
    "lha_max_bedrooms": (Decimal("4"), "bedrooms", LHA_SOURCE),
    "right_to_buy_cap_percent": (
        Decimal("30"),
        "% of total scheme capital cost",
        "Supported Living and Extra Care Housing Strategy 2021–2031, delivery",
    ),
    # Overall and priority (screening-rules.md)
    **{
        key: (Decimal(value), "points", PRIORITY_SOURCE)
        for key, value in {
            "priority_demand_points": 40,
            "priority_less_well_served_points": 10,
            "priority_preferred_model_points": 15,
            "priority_available_soon_points": 5,
            "priority_site_line_points": 10,
            "priority_concern_penalty_points": 10,
            "priority_stage_points_existing_building": 20,
            "priority_stage_points_under_construction": 20,
            "priority_stage_points_planning_granted": 20,
            "priority_stage_points_open_market_purchase": 15,
            "priority_stage_points_planning_submitted": 12,
            "priority_stage_points_site_identified": 6,
            "priority_stage_points_concept": 2,
        }.items()
    },
    "priority_available_soon_days": (Decimal("730"), "days", PRIORITY_SOURCE),
}

SELF_CONTAINED = frozenset(
    {
        "self_contained_core_and_cluster",
        "self_contained_cluster",
        "self_contained_standalone",
    }
)
ANY_CONFIGURATION = SELF_CONTAINED | {"shared_house", "extra_care", "other"}
DIVERSION_GROUPS = frozenset(
    {
        "older_people",
        "dementia",
        "learning_disability_autism",
        "mental_health",
        "physical_sensory",
    }
)

# key: (group, cohort, net units, client groups, configurations, extras)
_LINES: dict[str, tuple[str, str, int, frozenset, frozenset, dict]] = {
    "step_down": (
        "Adult provision",
        "Mental health inpatient discharges from the Bradgate Unit",
        27,
        frozenset({"mental_health"}),
        SELF_CONTAINED,
        {"best_fit": "Step down supported living (27 units)"},
    ),
    "transforming_care": (
        "Adult provision",
        "Transforming Care and Ministry of Justice",
        8,
        frozenset({"transforming_care", "learning_disability_autism"}),
        SELF_CONTAINED,
        {
            "size_min": 4,
            "size_max": 6,
            "site_required": True,
            "best_fit": "Specialist supported living scheme (4–6 units)",
        },
    ),
    "diversion": (
        "New provision for statutory cases",
        "Diversion from residential to supported living/extra care (people of "
        "working age and older people)",
        80,
        DIVERSION_GROUPS,
        SELF_CONTAINED | {"extra_care"},
        {"best_fit": "Extra care/supported living"},
    ),
    "waiting_list": (
        "New provision for statutory cases",
        "People on the waiting list for supported living (older people, those "
        "of working age with LD, AMH, PD)",
        18,
        DIVERSION_GROUPS,
        SELF_CONTAINED | {"extra_care"},
        {"best_fit": "Extra care/supported living"},
    ),
    "sheltered_register": (
        "New provision to delay entry into statutory care",
        "People on the housing register awaiting sheltered accommodation (over 60 years of age)",
        15,
        frozenset({"older_people", "dementia"}),
        frozenset({"extra_care"}),
        {"best_fit": "Extra care"},
    ),
    "sheltered_tenants": (
        "New provision to delay entry into statutory care",
        "Council tenants in existing sheltered housing who are known to social care",
        57,
        frozenset({"older_people", "dementia"}),
        frozenset({"extra_care"}),
        {"best_fit": "Extra care"},
    ),
    "respite": (
        "Respite provision",
        "Respite unit for people with complex disabilities",
        8,
        frozenset({"respite_complex_disabilities"}),
        ANY_CONFIGURATION - {"shared_house"},
        {
            "size_min": 8,
            "size_max": 8,
            "site_required": True,
            "best_fit": "Specialist scheme 8 units",
        },
    ),
    "replacement": (
        "Replacement of sub-standard existing provision for statutory care and sheltered housing",
        "Shared housing for people with learning difficulties and two council "
        "ex-sheltered supported living schemes",
        160,
        frozenset({"learning_disability_autism", "older_people"}),
        SELF_CONTAINED | {"extra_care"},
        {"best_fit": "Extra care/step down scheme"},
    ),
    "send": (
        "Young people provision",
        "Young people (SEND) eligible for adult social care support",
        8,
        frozenset({"young_people_send"}),
        SELF_CONTAINED | {"shared_house"},
        {
            "shared_house_max_bedrooms": 4,
            "site_required": True,
            "best_fit": "Specialist supported living scheme (4 units) and shared house (4 bed)",
        },
    ),
    "looked_after": (
        "Young people provision",
        "Looked after children 16–17 years",
        4,
        frozenset({"looked_after_children"}),
        ANY_CONFIGURATION,
        {"is_tbc": True, "best_fit": "TBC"},
    ),
    "care_leavers": (
        "Young people provision",
        "Care leavers 18–25 years (not requiring adult social care)",
        11,
        frozenset({"care_leavers"}),
        frozenset({"extra_care"}),
        {"best_fit": "Extra care"},
    ),
}

FRAMEWORK_LOTS = (
    FrameworkLotInfo(
        "enablement",
        "Lot 1: enablement (learning disability, mental health)",
        frozenset(
            {
                "learning_disability_autism",
                "mental_health",
                "young_people_send",
                "care_leavers",
            }
        ),
    ),
    FrameworkLotInfo(
        "living_well_older_people",
        "Lot 2: living well (older people, dementia)",
        frozenset({"older_people", "dementia"}),
    ),
    FrameworkLotInfo(
        "living_well_physical_sensory",
        "Lot 3: living well (physical and sensory disability)",
        frozenset({"physical_sensory"}),
    ),
    FrameworkLotInfo(
        "specialist",
        "Lot 4: specialist (complex needs)",
        frozenset(
            {
                "transforming_care",
                "learning_disability_autism",
                "respite_complex_disabilities",
            }
        ),
    ),
    FrameworkLotInfo(
        "recovery",
        "Lot 5: recovery (complex adult mental health)",
        frozenset({"mental_health"}),
    ),
)

CITY_WARDS = frozenset(
    {
        "Abbey",
        "Aylestone",
        "Beaumont Leys",
        "Belgrave",
        "Braunstone Park & Rowley Fields",
        "Castle",
        "Evington",
        "Eyres Monsell",
        "Fosse",
        "Humberstone & Hamilton",
        "Knighton",
        "North Evington",
        "Rushey Mead",
        "Saffron",
        "Spinney Hills",
        "Stoneygate",
        "Thurncourt",
        "Troon",
        "Westcotes",
        "Western",
        "Wycliffe",
    }
)


def make_context(
    *,
    on: datetime.date = SCREENED_ON,
    unmet: dict[str, int] | None = None,
    ward_units: dict[str, int] | None = None,
    **reference: object,
) -> ScreeningContext:
    """The default context: every net unit of the 2021 strategy unmet.

    ``unmet`` overrides a line's unmet units by its key in ``_LINES``;
    keyword arguments override reference values by key.
    """
    unmet = unmet or {}
    lines = tuple(
        DemandLineState(
            cohort=cohort,
            group=group,
            net_units=net,
            unmet_units=unmet.get(key, net),
            client_groups=groups,
            configurations=configurations,
            **extras,
        )
        for key, (group, cohort, net, groups, configurations, extras) in _LINES.items()
    )
    values = {
        key: ReferenceValue(
            key=key,
            value=reference.get(key, value),
            unit=unit,
            source=source,
            valid_from=datetime.date(2024, 4, 1),
        )
        for key, (value, unit, source) in _REFERENCE.items()
    }
    return ScreeningContext(
        on=on,
        reference=values,
        demand_lines=lines,
        framework_lots=FRAMEWORK_LOTS,
        city_wards=CITY_WARDS,
        ward_supported_living_units=ward_units or {},
    )


def line(key: str) -> tuple:
    return _LINES[key]


# --------------------------------------------------------------------------
# Offers
# --------------------------------------------------------------------------

BASE_OFFER: dict[str, Any] = {
    "organisation": {
        "name": "Example Housing Association",
        "type": "registered_provider",
    },
    "contact": {"name": "A. Person", "email": "a.person@example.org"},
    "offer_type": "accommodation",
    "scheme": {
        "name": "Example Court",
        "address": "1 Example Street, Leicester",
        "postcode": "LE2 1AA",
        "ward": "Castle",
        "development_stage": "planning_granted",
        "site_area_hectares": 0.6,
        "expected_available": "2027-06",
        "configuration": "self_contained_core_and_cluster",
        "units": 12,
        "bedrooms_per_unit": 1,
        "communal_space": True,
        "staff_office": True,
        "client_groups": ["mental_health"],
        "residents_have_eligible_care_needs": True,
    },
    "finance": {
        "landlord_type": "registered_provider",
        "landlord_provides_care_support_or_supervision": True,
        "tenancy": "assured",
        "tenancy_conditional_on_support_provider": False,
        "weekly_core_rent": "150.00",
        "weekly_eligible_service_charge": "35.00",
        "weekly_ineligible_charge": "15.00",
        "capital_cost": "2400000",
        "funding_sources": ["homes_england", "own_resources"],
        "right_to_buy_receipts_requested": "0",
    },
}
SUPPORT = {
    "provider_on_framework": True,
    "framework_lots": ["recovery"],
    "individual_hours_per_person_per_week": 10,
    "shared_core_hours_per_week": 112,
    "night_cover": "sleep_in",
    "hourly_rate": "24.10",
}
DROP = object()
WITH_SUPPORT = {"offer_type": "accommodation_and_support", "support": SUPPORT}
CARE_ONLY = {
    "offer_type": "care_and_support",
    "finance": DROP,
    "support": {
        **SUPPORT,
        "individual_hours_per_person_per_week": 12,
        "shared_core_hours_per_week": 0,
        "night_cover": "none",
    },
    "scheme": {"client_groups": ["mental_health"]},
}
PRIVATE = {
    "finance.landlord_type": "private_landlord",
    "finance.landlord_provides_care_support_or_supervision": False,
}


def make_offer(*changes: dict[str, Any], **more: Any):
    """The base offer (example 01) with dotted-path changes applied."""
    document = copy.deepcopy(BASE_OFFER)
    for change in (*changes, more):
        for path, value in change.items():
            *parents, name = path.split(".")
            target = document
            for parent in parents:
                target = target.setdefault(parent, {})
            if value is DROP:
                target.pop(name, None)
            else:
                target[name] = copy.deepcopy(value)
    return parse_offer(document)


# --------------------------------------------------------------------------
# One case per table row
# --------------------------------------------------------------------------

ROWS = [
    # 1. procurement
    pytest.param(
        {},
        {},
        "procurement",
        Outcome.MEETS,
        "accommodation-only",
        ["strategic commissioning", "1 July 2021"],
        id="procurement-accommodation-only",
    ),
    pytest.param(
        {"finance.funding_sources": ["council_capital"]},
        {},
        "procurement",
        Outcome.CONCERN,
        "council-capital",
        ["council capital", "procurement rules"],
        id="procurement-council-capital",
    ),
    pytest.param(
        {"finance.right_to_buy_receipts_requested": "50000"},
        {},
        "procurement",
        Outcome.CONCERN,
        "council-capital",
        ["£50,000.00 of Right to Buy receipts"],
        id="procurement-right-to-buy-receipts",
    ),
    pytest.param(
        WITH_SUPPORT,
        {},
        "procurement",
        Outcome.MEETS,
        "framework-lot-fits",
        ["Lot 5: recovery (complex adult mental health)", "1 July 2021"],
        id="procurement-on-framework-lot-fits",
    ),
    pytest.param(
        {**WITH_SUPPORT, "support.framework_lots": ["living_well_older_people"]},
        {},
        "procurement",
        Outcome.CONCERN,
        "framework-no-lot-fits",
        ["Lot 2: living well (older people, dementia)", "does not fit"],
        id="procurement-on-framework-no-lot-fits",
    ),
    pytest.param(
        {**WITH_SUPPORT, "support.provider_on_framework": False},
        {},
        "procurement",
        Outcome.CONCERN,
        "not-on-framework-with-accommodation",
        ["accommodation can be considered", "framework providers"],
        id="procurement-accommodation-and-support-not-on-framework",
    ),
    pytest.param(
        {**CARE_ONLY, "support.provider_on_framework": False},
        {},
        "procurement",
        Outcome.DOES_NOT_MEET,
        "care-only-not-on-framework",
        [
            "not open",
            "East Midlands Procurement Portal",
            "Contracts Finder",
            "MyChoice",
            "direct payment",
            "3 November 2027",
        ],
        id="procurement-care-only-not-on-framework",
    ),
    # 2. strategic_fit
    pytest.param(
        {"scheme.residents_have_eligible_care_needs": False},
        {},
        "strategic_fit",
        Outcome.DOES_NOT_MEET,
        "no-eligible-care-needs",
        ["eligible social care needs", "2019"],
        id="strategic_fit-no-eligible-care-needs",
    ),
    pytest.param(
        {
            "scheme.configuration": "shared_house",
            "scheme.units": 5,
            "scheme.shared_house_bedrooms": 5,
            "scheme.client_groups": ["older_people"],
        },
        {},
        "strategic_fit",
        Outcome.DOES_NOT_MEET,
        "shared-house-no-demand",
        ["little to no demand for shared housing", "at most 4 bedrooms"],
        id="strategic_fit-shared-house-no-demand",
    ),
    pytest.param(
        {
            "scheme.configuration": "shared_house",
            "scheme.units": 4,
            "scheme.shared_house_bedrooms": 4,
            "scheme.client_groups": ["young_people_send"],
        },
        {},
        "strategic_fit",
        Outcome.MEETS,
        "within-unmet",
        ["Young people (SEND)", "8 are still unmet"],
        id="strategic_fit-shared-house-send-4-bed-meets",
    ),
    pytest.param(
        {"scheme.client_groups": ["care_leavers"]},
        {},
        "strategic_fit",
        Outcome.DOES_NOT_MEET,
        "no-matching-demand",
        ["care leavers", "no identified demand"],
        id="strategic_fit-no-line-matches",
    ),
    pytest.param(
        {},
        {"unmet": {"diversion": 0, "waiting_list": 0}},
        "strategic_fit",
        Outcome.MEETS,
        "within-unmet",
        ["27 units for Mental health inpatient", "27 are still unmet", "12 units"],
        id="strategic_fit-within-unmet",
    ),
    pytest.param(
        {},
        {"unmet": {"step_down": 5, "diversion": 0, "waiting_list": 0}},
        "strategic_fit",
        Outcome.CONCERN,
        "over-unmet",
        [
            "5 are still unmet",
            # The gap (12 − 5) and what would meet the factor.
            "12 units are 7 more than the 5 units still unmet",
            "An offer of at most 5 units meets this factor.",
        ],
        id="strategic_fit-over-unmet",
    ),
    pytest.param(
        {"scheme.client_groups": ["transforming_care"], "scheme.units": 3},
        {},
        "strategic_fit",
        Outcome.CONCERN,
        "size-guidance",
        ["a scheme of 4–6 units", "3 units"],
        id="strategic_fit-size-guidance",
    ),
    pytest.param(
        {"scheme.client_groups": ["looked_after_children"], "scheme.units": 2},
        {},
        "strategic_fit",
        Outcome.CONCERN,
        "demand-tbc",
        ["TBC", "Looked after children 16–17 years", "4 are still unmet"],
        id="strategic_fit-tbc",
    ),
    # 3. rent_level
    pytest.param(
        {},
        {},
        "rent_level",
        Outcome.MEETS,
        "exempt-within-benchmark",
        ["£185.00", "£200.00", "(Leicester City Council policy value)", "exempt"],
        id="rent_level-exempt-within-benchmark",
    ),
    pytest.param(
        {"finance.weekly_core_rent": "200.00"},
        {},
        "rent_level",
        Outcome.CONCERN,
        "exempt-up-to-125pc",
        ["£235.00", "£200.00", "125%", "£250.00", "restrict"],
        id="rent_level-exempt-up-to-125pc",
    ),
    pytest.param(
        {"finance.weekly_core_rent": "230.00"},
        {},
        "rent_level",
        Outcome.DOES_NOT_MEET,
        "exempt-over-125pc",
        ["£265.00", "£250.00", "£200.00", "£15.00 a week"],
        id="rent_level-exempt-over-125pc",
    ),
    pytest.param(
        {
            **PRIVATE,
            "finance.weekly_core_rent": "100.00",
            "finance.weekly_eligible_service_charge": "20.00",
        },
        {},
        "rent_level",
        Outcome.MEETS,
        "lha-within-rate",
        ["£120.00", "£124.27", LHA_SOURCE, "1-bedroom rate"],
        id="rent_level-lha-within-rate",
    ),
    pytest.param(
        PRIVATE,
        {},
        "rent_level",
        Outcome.DOES_NOT_MEET,
        "lha-over-rate",
        ["£185.00", "£124.27", "£60.73 a week", "Leicester BRMA"],
        id="rent_level-lha-over-rate",
    ),
    pytest.param(
        {"finance.weekly_core_rent": None},
        {},
        "rent_level",
        Outcome.MORE_INFORMATION_NEEDED,
        "rent-not-given",
        ["not given", "£200.00"],
        id="rent_level-rent-not-given",
    ),
    # 4. support_costs
    pytest.param(
        {"finance.tenancy_conditional_on_support_provider": True},
        {},
        "support_costs",
        Outcome.DOES_NOT_MEET,
        "tenancy-conditional",
        ["choose another provider"],
        id="support_costs-tenancy-conditional",
    ),
    pytest.param(
        {**WITH_SUPPORT, "support.hourly_rate": None},
        {},
        "support_costs",
        Outcome.MORE_INFORMATION_NEEDED,
        "no-hours-or-rate",
        ["an hourly rate"],
        id="support_costs-no-hours-or-rate",
    ),
    pytest.param(
        {},
        {},
        "support_costs",
        Outcome.MEETS,
        "accommodation-only",
        ["assessed and commissioned per person", "framework"],
        id="support_costs-accommodation-only",
    ),
    pytest.param(
        {**WITH_SUPPORT, "support.hourly_rate": "26.00"},
        {},
        "support_costs",
        Outcome.CONCERN,
        "rate-above-framework",
        ["£26.00", "£24.10", "Homecare Association"],
        id="support_costs-rate-above-framework",
    ),
    pytest.param(
        {**WITH_SUPPORT, "support.individual_hours_per_person_per_week": 35},
        {},
        "support_costs",
        Outcome.CONCERN,
        "high-cost",
        [
            "£1,120.93",
            "£1,000.00",
            "high cost packages of support linked to the new supply of accommodation",
        ],
        id="support_costs-high-cost",
    ),
    pytest.param(
        WITH_SUPPORT,
        {},
        "support_costs",
        Outcome.MEETS,
        "within-costs",
        ["£518.43", "£241.00", "£224.93", "£52.50", "£24.10", "£1,000.00"],
        id="support_costs-otherwise-meets",
    ),
    # 5. tenant_affordability
    pytest.param(
        PRIVATE,
        {},
        "tenant_affordability",
        Outcome.DOES_NOT_MEET,
        "rent-shortfall",
        ["£60.73 a week", "£124.27", "£75.73 a week in all"],
        id="tenant_affordability-shortfall",
    ),
    pytest.param(
        {"finance.weekly_ineligible_charge": "30.00"},
        {},
        "tenant_affordability",
        Outcome.CONCERN,
        "charges-over-share",
        ["£30.00", "£23.09", "25%", "£400.14", "£92.34", "DWP benefit rates"],
        id="tenant_affordability-charges-over-share",
    ),
    pytest.param(
        {
            **PRIVATE,
            "scheme.client_groups": ["care_leavers"],
            "scheme.configuration": "extra_care",
            "finance.weekly_core_rent": "100.00",
            "finance.weekly_eligible_service_charge": "10.00",
        },
        {},
        "tenant_affordability",
        Outcome.CONCERN,
        "young-people-shared-rate",
        ["under 35", "care leavers under 25", "£91.00", "£19.00 a week"],
        id="tenant_affordability-young-people-lha-self-contained",
    ),
    pytest.param(
        {},
        {},
        "tenant_affordability",
        Outcome.MEETS,
        "exempt-route",
        ["Housing Benefit", "benefit cap", "£15.00", "£23.09"],
        id="tenant_affordability-exempt-route",
    ),
    pytest.param(
        {"finance.weekly_ineligible_charge": None},
        {},
        "tenant_affordability",
        Outcome.MORE_INFORMATION_NEEDED,
        "charges-not-given",
        ["ineligible charges"],
        id="tenant_affordability-charges-not-given",
    ),
    # 6. location
    pytest.param(
        {"scheme.postcode": "LE2 1A"},
        {},
        "location",
        Outcome.MORE_INFORMATION_NEEDED,
        "postcode-invalid",
        ['"LE2 1A" is not a valid UK postcode'],
        id="location-postcode-invalid",
    ),
    pytest.param(
        {"scheme.postcode": "LE18 4AA", "scheme.ward": None},
        {},
        "location",
        Outcome.DOES_NOT_MEET,
        "outside-city",
        ["LE18", "LE1, LE2, LE3, LE4 and LE5", "Leicestershire County Council"],
        id="location-outside-le1-le5",
    ),
    pytest.param(
        {"scheme.ward": None},
        {},
        "location",
        Outcome.MORE_INFORMATION_NEEDED,
        "ward-not-given",
        ["No ward", "21 wards"],
        id="location-no-ward",
    ),
    pytest.param(
        {},
        {},
        "location",
        Outcome.MEETS,
        "city-ward",
        ["Castle ward", "21 wards"],
        id="location-ward-given",
    ),
    pytest.param(
        {},
        {"ward_units": {ward: 10 for ward in CITY_WARDS} | {"Castle": 3}},
        "location",
        Outcome.MEETS,
        "less-well-served",
        ["3 existing supported living units", "less well served", "median ward has 10"],
        id="location-ward-given-less-well-served",
    ),
    # 7. quality
    pytest.param(
        {},
        {},
        "quality",
        Outcome.MEETS,
        "preferred-model",
        ["core and cluster", "preferred model"],
        id="quality-core-and-cluster-preferred",
    ),
    pytest.param(
        {"scheme.configuration": "self_contained_standalone"},
        {},
        "quality",
        Outcome.MEETS,
        "self-contained",
        ["Stand-alone", "preferred model is self-contained units in a core"],
        id="quality-other-self-contained",
    ),
    pytest.param(
        {"scheme.configuration": "extra_care"},
        {},
        "quality",
        Outcome.MEETS,
        "self-contained",
        ["Extra care", "preferred model"],
        id="quality-extra-care",
    ),
    pytest.param(
        {
            "scheme.configuration": "shared_house",
            "scheme.client_groups": ["young_people_send"],
            "scheme.units": 4,
        },
        {},
        "quality",
        Outcome.CONCERN,
        "shared-house",
        ["shared facilities"],
        id="quality-shared-house",
    ),
    pytest.param(
        {"scheme.development_stage": "concept", "scheme.expected_available": None},
        {},
        "quality",
        Outcome.MORE_INFORMATION_NEEDED,
        "early-stage-no-date",
        ["early stage", "no expected date"],
        id="quality-concept-no-date",
    ),
    pytest.param(
        {
            "scheme.client_groups": ["transforming_care"],
            "scheme.units": 4,
            "scheme.site_area_hectares": 0.3,
        },
        {},
        "quality",
        Outcome.CONCERN,
        "small-site",
        ["0.3 hectares", "more than 0.5 hectares", "Transforming Care", "✿"],
        id="quality-small-site-for-site-line",
    ),
]


@pytest.mark.parametrize("changes, context_args, factor, outcome, row, figures", ROWS)
def test_table_row(changes, context_args, factor, outcome, row, figures):
    result = screen(make_offer(changes), make_context(**context_args))
    factor_result = result.factors[factor]
    assert factor_result.outcome is outcome, factor_result.reason
    assert row in factor_result.rows, factor_result.rows
    for figure in figures:
        assert figure in factor_result.reason


# --------------------------------------------------------------------------
# Variants the tables imply: rates by size, night cover, not applicable
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, figure",
    [
        pytest.param(
            {
                "scheme.configuration": "shared_house",
                "scheme.client_groups": ["young_people_send"],
                "scheme.units": 4,
            },
            "shared accommodation rate of £91.00",
            id="shared-house-shared-rate",
        ),
        pytest.param({"scheme.bedrooms_per_unit": 2}, "£149.59", id="2-bed"),
        pytest.param({"scheme.bedrooms_per_unit": 3}, "£178.36", id="3-bed"),
        pytest.param({"scheme.bedrooms_per_unit": 6}, "£241.64", id="over-4-bed"),
        pytest.param(
            {"scheme.bedrooms_per_unit": None},
            "1 bedroom is assumed",
            id="bedrooms-not-given",
        ),
    ],
)
def test_lha_rate_by_size(changes, figure):
    offer = make_offer(PRIVATE, changes)
    assert figure in screen(offer, make_context()).factors["rent_level"].reason


@pytest.mark.parametrize(
    "changes, figure",
    [
        pytest.param({"scheme.configuration": "extra_care"}, "£230.00", id="extra-care"),
        pytest.param(
            {
                "scheme.configuration": "shared_house",
                "scheme.client_groups": ["young_people_send"],
                "scheme.units": 4,
            },
            "£150.00",
            id="shared-room",
        ),
        pytest.param({}, "£200.00", id="self-contained"),
    ],
)
def test_exempt_benchmark_by_configuration(changes, figure):
    reason = screen(make_offer(changes), make_context()).factors["rent_level"].reason
    assert figure in reason


def test_waking_night_costs_70_hours_at_the_hourly_rate():
    offer = make_offer(WITH_SUPPORT, {"support.night_cover": "waking"})
    result = screen(offer, make_context())
    # 10 × 24.10 + 112 × 24.10 ÷ 12 + 70 × 24.10 ÷ 12 = 241.00 + 224.93 + 140.58
    assert result.figures.support_cost_per_person_per_week == Decimal("606.52")
    assert "70 hours × £24.10" in result.factors["support_costs"].reason


def test_care_and_support_only_has_no_rent_or_building():
    result = screen(make_offer(CARE_ONLY), make_context())
    for factor in ("rent_level", "tenant_affordability", "location", "quality"):
        assert result.factors[factor].outcome is Outcome.NOT_APPLICABLE
    assert result.figures.benefit_route == "not_applicable"
    assert result.figures.gross_eligible_rent is None


def test_care_and_support_matches_demand_on_client_group_alone():
    result = screen(make_offer(CARE_ONLY), make_context())
    assert result.factors["strategic_fit"].outcome is Outcome.MEETS
    assert {line.cohort for line in result.matched_demand} >= {line("step_down")[1]}


def test_send_shared_house_over_4_bedrooms_does_not_meet():
    offer = make_offer(
        {
            "scheme.configuration": "shared_house",
            "scheme.client_groups": ["young_people_send"],
            "scheme.units": 5,
            "scheme.shared_house_bedrooms": 5,
        }
    )
    result = screen(offer, make_context())
    assert result.factors["strategic_fit"].outcome is Outcome.DOES_NOT_MEET
    assert "at most 4 bedrooms" in result.factors["strategic_fit"].reason


def test_a_line_with_no_unmet_units_does_not_match():
    context = make_context(unmet={"step_down": 0, "diversion": 0, "waiting_list": 0})
    result = screen(make_offer(), context)
    assert result.factors["strategic_fit"].outcome is Outcome.DOES_NOT_MEET
    assert "0 unmet" in result.factors["strategic_fit"].reason
    assert result.matched_demand == ()


def test_ward_spelling_with_and_is_a_city_ward():
    offer = make_offer({"scheme.ward": "braunstone park and rowley fields"})
    location = screen(offer, make_context()).factors["location"]
    assert location.outcome is Outcome.MEETS
    assert "Braunstone Park & Rowley Fields" in location.reason


def test_ward_not_in_the_city():
    offer = make_offer({"scheme.ward": "Oadby"})
    location = screen(offer, make_context()).factors["location"]
    assert location.outcome is Outcome.MORE_INFORMATION_NEEDED
    assert '"Oadby" is not one of the city\'s 21 wards' in location.reason


def test_no_ward_data_says_nothing_about_less_well_served():
    result = screen(make_offer(), make_context(ward_units={}))
    assert "less well served" not in result.factors["location"].reason
    assert "+0: not shown to be in an area less well served" in (result.priority_explanation)


def test_well_served_ward_is_not_less_well_served():
    context = make_context(ward_units={ward: 10 for ward in CITY_WARDS} | {"Castle": 30})
    location = screen(make_offer(), context).factors["location"]
    assert location.rows == ("city-ward",)
    assert "30 existing supported living units" in location.reason


def test_framework_open_to_new_providers_turns_care_only_into_a_concern():
    offer = make_offer(CARE_ONLY, {"support.provider_on_framework": False})
    context = make_context(framework_open_to_new_providers=True)
    assert screen(offer, context).factors["procurement"].outcome is Outcome.CONCERN


def test_no_next_procurement_date_is_not_quoted():
    offer = make_offer(CARE_ONLY, {"support.provider_on_framework": False})
    reason = screen(offer, make_context(next_procurement_date=None)).factors["procurement"].reason
    assert "next procurement" not in reason
    assert "MyChoice" in reason


def test_reference_values_in_force_are_used():
    context = make_context(exempt_benchmark_self_contained=Decimal("180.00"))
    rent = screen(make_offer(), context).factors["rent_level"]
    assert rent.outcome is Outcome.CONCERN
    assert "£180.00" in rent.reason


# --------------------------------------------------------------------------
# Combining rows, overall, priority
# --------------------------------------------------------------------------


def test_worst_outcome_wins_and_every_row_is_named():
    offer = make_offer(PRIVATE, {"finance.weekly_ineligible_charge": "30.00"})
    result = screen(offer, make_context()).factors["tenant_affordability"]
    assert result.outcome is Outcome.DOES_NOT_MEET
    assert result.rows == ("rent-shortfall", "charges-over-share")
    assert "£60.73" in result.reason and "£23.09" in result.reason


def test_two_concerns_in_one_factor_are_both_named():
    offer = make_offer(
        WITH_SUPPORT,
        {
            "support.hourly_rate": "30.00",
            "support.individual_hours_per_person_per_week": 30,
        },
    )
    result = screen(offer, make_context()).factors["support_costs"]
    assert result.outcome is Outcome.CONCERN
    assert set(result.rows) == {"rate-above-framework", "high-cost"}


def test_more_information_does_not_hide_a_concern():
    offer = make_offer(
        {
            "finance.weekly_core_rent": "200.00",
            "finance.weekly_eligible_service_charge": None,
        }
    )
    result = screen(offer, make_context()).factors["rent_level"]
    # 200.00 + 0.00 is at the benchmark, so only the missing charge is asked for.
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED
    offer = make_offer(
        {
            "finance.weekly_core_rent": "220.00",
            "finance.weekly_eligible_service_charge": None,
        }
    )
    result = screen(offer, make_context()).factors["rent_level"]
    assert result.outcome is Outcome.CONCERN
    assert result.rows == ("exempt-up-to-125pc", "service-charge-not-given")


@pytest.mark.parametrize(
    "changes, overall",
    [
        pytest.param({}, Overall.PROGRESS, id="all-meet-progress"),
        pytest.param(
            {"finance.weekly_ineligible_charge": "30.00"},
            Overall.REVIEW,
            id="a-concern-review",
        ),
        pytest.param({"scheme.ward": None}, Overall.REVIEW, id="more-information-review"),
        pytest.param(PRIVATE, Overall.NOT_SUPPORTED, id="does-not-meet-not-supported"),
        pytest.param(CARE_ONLY, Overall.PROGRESS, id="not-applicable-is-ignored"),
    ],
)
def test_overall(changes, overall):
    assert screen(make_offer(changes), make_context()).overall is overall


def test_priority_core_and_cluster_planning_granted_outranks_concept():
    context = make_context()
    strong = screen(make_offer(), context)
    concept = screen(
        make_offer(
            {
                "scheme.development_stage": "concept",
                "scheme.expected_available": "2030-12",
                "scheme.configuration": "self_contained_standalone",
            }
        ),
        context,
    )
    assert strong.overall is Overall.PROGRESS
    assert concept.overall is Overall.PROGRESS
    assert strong.priority > concept.priority
    assert "+40: all 12 units meet unmet demand (125 unmet)" in (strong.priority_explanation)


def test_priority_explained_and_within_range():
    result = screen(make_offer(), make_context())
    # 40 demand + 0 ward + 15 preferred + 20 planning granted + 5 within 2 years
    assert result.priority == 80
    assert result.priority_explanation[-1] == "= 80 out of 100"
    assert all(
        0 <= screen(make_offer(c), make_context()).priority <= 100
        for c in ({}, PRIVATE, CARE_ONLY, {"scheme.ward": None})
    )


def test_priority_rewards_less_well_served_and_site_lines():
    context = make_context(ward_units={ward: 10 for ward in CITY_WARDS} | {"Castle": 0})
    base = screen(make_offer(), make_context()).priority
    assert screen(make_offer(), context).priority == base + 10
    send = make_offer({"scheme.client_groups": ["young_people_send"], "scheme.units": 4})
    result = screen(send, make_context())
    assert any("✿" in line for line in result.priority_explanation)


def test_priority_share_of_units_meeting_demand():
    context = make_context(unmet={"step_down": 6, "diversion": 0, "waiting_list": 0})
    result = screen(make_offer(), context)
    assert "+20: 6 of the 12 units meet unmet demand (6 unmet)" in (result.priority_explanation)
    assert "-10: concern: strategic priorities and a sustainable offer" in (
        result.priority_explanation
    )


def test_not_supported_has_priority_zero_with_explanation():
    result = screen(make_offer(PRIVATE), make_context())
    assert result.priority == 0
    assert result.priority_explanation[-1].startswith("= 0: not supported")


# --------------------------------------------------------------------------
# Shape, round trip, determinism
# --------------------------------------------------------------------------


def test_factors_in_order():
    result = screen(make_offer(), make_context())
    assert list(result.factors) == [
        "procurement",
        "strategic_fit",
        "rent_level",
        "support_costs",
        "tenant_affordability",
        "location",
        "quality",
    ]
    assert [factor.key for factor in FACTORS] == list(result.factors)


def test_to_dict_has_the_screen_offer_shape():
    data = screen(make_offer(WITH_SUPPORT), make_context()).to_dict()
    assert set(data) >= {
        "overall",
        "priority",
        "factors",
        "matched_demand",
        "figures",
        "priority_explanation",
        "screened_on",
    }
    assert data["figures"] == {
        "gross_eligible_rent": "185.00",
        "benefit_route": "housing_benefit_exempt",
        "support_cost_per_person_per_week": "518.43",
        "tenant_weekly_shortfall": "0.00",
        "right_to_buy_cap": "720000.00",  # 30% of the £2,400,000 capital cost
    }
    assert data["matched_demand"][0] == {
        "cohort": "Mental health inpatient discharges from the Bradgate Unit",
        # The test line has no public name of its own: its cohort names it.
        "public_name": "Mental health inpatient discharges from the Bradgate Unit",
        "unmet_units": 27,
    }
    assert data["screened_on"] == "2026-03-02"
    for factor in data["factors"].values():
        assert factor["outcome"] in {outcome.value for outcome in Outcome}
        assert factor["reason"]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="accommodation"),
        pytest.param(WITH_SUPPORT, id="accommodation-and-support"),
        pytest.param(CARE_ONLY, id="care-only"),
        pytest.param(PRIVATE, id="not-supported"),
    ],
)
def test_result_round_trips_through_a_dict(changes):
    import json

    result = screen(make_offer(changes), make_context())
    stored = json.loads(json.dumps(result.to_dict()))
    assert result_from_dict(stored) == result


def test_screen_is_deterministic():
    offer, context = make_offer(WITH_SUPPORT), make_context()
    assert screen(offer, context) == screen(offer, make_context())
    assert screen(offer, context).to_dict() == screen(offer, context).to_dict()


def test_result_as_text_lists_every_factor_and_the_figures():
    result = screen(make_offer(WITH_SUPPORT), make_context())
    text = result_as_text(result)
    for factor in result.factors.values():
        assert f"{factor.label}: {factor.outcome.label}" in text
    assert f"Priority: {result.priority} out of 100" in text
    assert "£518.43 a week" in text
    assert "Mental health inpatient discharges from the Bradgate Unit: 27" in text


def test_default_context_matches_the_strategy_totals():
    context = make_context()
    assert len(context.demand_lines) == 11
    assert sum(line.net_units for line in context.demand_lines) == 396
    assert all(line.unmet_units == line.net_units for line in context.demand_lines)
    assert len(context.city_wards) == 21


def test_matched_demand_lines_for_the_base_offer():
    cohorts = [line.cohort for line in matched_demand_lines(make_offer(), make_context())]
    assert cohorts == [
        line("step_down")[1],
        line("diversion")[1],
        line("waiting_list")[1],
    ]


def test_rules_import_nothing_from_django():
    import ast
    from pathlib import Path

    import eoi.offers.document
    import eoi.screening

    files = sorted(Path(eoi.offers.document.__file__).parent.rglob("*.py"))
    # The rules; ``selectors`` and ``sources`` read the database for them.
    files += sorted(
        path
        for path in Path(eoi.screening.__file__).parent.rglob("*.py")
        if path.stem not in ("selectors", "sources")
    )
    assert len(files) > 10
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [name for name in imported if name.startswith("django")], path


def test_no_screening_module_is_over_400_lines():
    from pathlib import Path

    import eoi.screening

    for path in Path(eoi.screening.__file__).parent.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path


def test_dataclasses_are_frozen():
    result = screen(make_offer(), make_context())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.priority = 1


def test_care_only_naming_a_scheme_is_located_but_has_no_building_to_judge():
    offer = make_offer(
        CARE_ONLY,
        {"scheme.postcode": "LE18 4AA", "scheme.address": "1 County Road"},
    )
    result = screen(offer, make_context())
    assert result.factors["location"].outcome is Outcome.DOES_NOT_MEET
    assert result.factors["quality"].outcome is Outcome.NOT_APPLICABLE


def test_shared_hours_with_no_units_to_share_them_need_more_information():
    offer = make_offer(
        CARE_ONLY,
        {"support.shared_core_hours_per_week": 40, "support.night_cover": "waking"},
    )
    result = screen(offer, make_context()).factors["support_costs"]
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED
    assert "number of units" in result.reason


def test_benefit_route_that_cannot_be_settled_needs_more_information():
    offer = make_offer({"finance.landlord_provides_care_support_or_supervision": None})
    result = screen(offer, make_context())
    assert result.factors["rent_level"].outcome is Outcome.MORE_INFORMATION_NEEDED
    assert "£200.00" in result.factors["rent_level"].reason
    assert "£124.27" in result.factors["rent_level"].reason
    assert result.factors["tenant_affordability"].outcome is Outcome.MORE_INFORMATION_NEEDED
    assert result.figures.tenant_weekly_shortfall is None


def test_exempt_rent_above_125pc_leaves_a_shortfall_for_the_tenant():
    offer = make_offer({"finance.weekly_core_rent": "230.00"})
    result = screen(offer, make_context())
    affordability = result.factors["tenant_affordability"]
    assert affordability.outcome is Outcome.DOES_NOT_MEET
    assert "£15.00 a week of the rent" in affordability.reason
    assert result.figures.tenant_weekly_shortfall == Decimal("15.00")


def test_lot_covering_only_some_client_groups_is_a_concern():
    offer = make_offer(
        WITH_SUPPORT,
        {"scheme.client_groups": ["mental_health", "older_people"]},
    )
    procurement = screen(offer, make_context()).factors["procurement"]
    assert procurement.outcome is Outcome.CONCERN
    assert procurement.rows == ("framework-lot-partly-fits",)
    assert "Lot 2: living well (older people, dementia)" in procurement.reason
