"""A reason that does not meet, or is a concern, states the gap and what would
meet the factor (issue 25), in the figures of docs/screening-rules.md.

Each expected figure is worked out here from the rules' reference values
(the test context: LHA 1 bedroom £124.27, benchmark £200.00 self-contained,
125% ceiling, framework rate £24.10, high-cost threshold £1,000.00, 25% of
the £400.14 monthly standard allowance, sites of more than 0.5 hectares,
Right to Buy receipts up to 30% of the capital cost).
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from eoi.screening import Outcome, screen
from eoi.screening.wording import overall_for_providers
from tests.eoi.test_screening import PRIVATE, WITH_SUPPORT, make_context, make_offer

LHA_1_BED = Decimal("124.27")
BENCHMARK = Decimal("200.00")
CEILING = BENCHMARK * Decimal("1.25")  # £250.00
# £400.14 a month is £92.34 a week (× 12 ÷ 52); 25% of it, to the penny
# (halves up): £23.09.
WEEKLY_ALLOWANCE = (Decimal("400.14") * 12 / 52).quantize(Decimal("0.01"))
ACCEPTED_CHARGES = (WEEKLY_ALLOWANCE / 4).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def factor(name, *changes, **context):
    return screen(make_offer(*changes), make_context(**context)).factors[name]


def test_rent_over_the_lha_rate_says_by_how_much_and_the_rent_that_meets_it():
    """The issue's case: £130.00 against the 1-bedroom rate, £5.73 over."""
    rent = {"finance.weekly_core_rent": "130.00", "finance.weekly_eligible_service_charge": "0"}
    result = factor("rent_level", PRIVATE, rent)

    assert result.outcome is Outcome.DOES_NOT_MEET
    gap = Decimal("130.00") - LHA_1_BED
    assert gap == Decimal("5.73")
    assert "The rent is £5.73 a week above" in result.reason
    assert "1-bedroom rate of £124.27 a week" in result.reason
    assert "A gross eligible rent at or below £124.27 a week meets this factor." in result.reason


def test_rent_over_the_benchmark_but_within_the_ceiling():
    rent = {"finance.weekly_core_rent": "210.00", "finance.weekly_eligible_service_charge": "0"}
    result = factor("rent_level", rent)

    assert result.outcome is Outcome.CONCERN
    assert "The rent is £10.00 a week above the council's" in result.reason
    assert "A gross eligible rent at or below £200.00 a week meets this factor." in result.reason


def test_rent_over_the_ceiling_says_what_is_a_concern_and_what_meets():
    rent = {"finance.weekly_core_rent": "260.00", "finance.weekly_eligible_service_charge": "0"}
    result = factor("rent_level", rent)

    assert result.outcome is Outcome.DOES_NOT_MEET
    assert CEILING == Decimal("250.00")
    assert "The rent is £10.00 a week more than 125% of the benchmark, £250.00" in result.reason
    assert (
        "At or below £250.00 a week the rent would be a concern rather than not "
        "meeting, and at or below £200.00 a week it meets this factor."
    ) in result.reason


def test_the_tenants_shortfall_names_the_gap_and_the_rent_that_closes_it():
    rent = {"finance.weekly_core_rent": "130.00", "finance.weekly_eligible_service_charge": "0"}
    result = factor("tenant_affordability", PRIVATE, rent)

    assert result.outcome is Outcome.DOES_NOT_MEET
    assert "The tenant would pay £5.73 a week of the rent" in result.reason
    assert "is £5.73 a week above what benefit meets" in result.reason
    assert "A gross eligible rent at or below £124.27 a week meets this factor." in result.reason


def test_charges_over_the_accepted_share_name_the_excess():
    result = factor("tenant_affordability", {"finance.weekly_ineligible_charge": "30.00"})

    assert result.outcome is Outcome.CONCERN
    assert ACCEPTED_CHARGES == Decimal("23.09")
    excess = Decimal("30.00") - ACCEPTED_CHARGES  # £6.91
    assert f"are £{excess} a week more than the £23.09 a week" in result.reason
    assert "Ineligible charges at or below £23.09 a week meet this factor." in result.reason


def test_young_people_on_the_lha_route_are_told_what_lifts_the_limit():
    within_lha = {
        "finance.weekly_core_rent": "100.00",
        "finance.weekly_eligible_service_charge": "0",
    }
    result = factor(
        "tenant_affordability", PRIVATE, within_lha, {"scheme.client_groups": ["care_leavers"]}
    )

    assert result.outcome is Outcome.CONCERN
    assert "As exempt accommodation" in result.reason
    assert "the Local Housing Allowance, and so this limit, would not apply" in result.reason


def test_an_hourly_rate_over_the_framework_rate():
    result = factor("support_costs", WITH_SUPPORT, {"support.hourly_rate": "26.00"})

    assert result.outcome is Outcome.CONCERN
    assert "The hourly rate of £26.00 is £1.90 above" in result.reason
    assert "An hourly rate at or below £24.10 an hour meets this factor." in result.reason


def test_a_cost_over_the_high_cost_threshold():
    # 40 hours × £24.10 + 112 × £24.10 ÷ 12 + 7 × £90.00 ÷ 12 = £1,241.43.
    cost = Decimal(40) * Decimal("24.10") + 112 * Decimal("24.10") / 12 + 7 * Decimal(90) / 12
    over = (cost - 1000).quantize(Decimal("0.01"))
    assert over == Decimal("241.43")
    result = factor(
        "support_costs", WITH_SUPPORT, {"support.individual_hours_per_person_per_week": 40}
    )

    assert result.outcome is Outcome.CONCERN
    assert f"This is £{over} above the" in result.reason
    assert "A cost at or below £1,000.00 per person per week meets this factor." in result.reason


def test_a_tenancy_tied_to_the_support_provider_says_what_meets():
    result = factor("support_costs", {"finance.tenancy_conditional_on_support_provider": True})

    assert result.outcome is Outcome.DOES_NOT_MEET
    assert "a tenancy that does not depend on the support provider meets" in result.reason


def test_more_units_than_the_unmet_need():
    result = factor("strategic_fit", unmet={"step_down": 4, "diversion": 0, "waiting_list": 0})

    assert result.outcome is Outcome.CONCERN
    assert "The offer's 12 units are 8 more than the 4 units still unmet" in result.reason
    assert "An offer of at most 4 units meets this factor." in result.reason


def test_a_size_outside_the_guidance():
    result = factor("strategic_fit", {"scheme.client_groups": ["transforming_care"]})

    assert result.outcome is Outcome.CONCERN
    assert "a scheme of 4–6 units" in result.reason
    assert "this offer has 12 units. A scheme of that size meets this factor." in result.reason


def test_a_shared_house_is_told_what_the_strategy_still_needs_for_the_same_people():
    house = {
        "scheme.configuration": "shared_house",
        "scheme.shared_house_bedrooms": 5,
        "scheme.client_groups": ["mental_health"],
    }
    result = factor("strategic_fit", house)

    assert result.outcome is Outcome.DOES_NOT_MEET
    assert "For the same people the strategy still needs:" in result.reason
    assert "Mental health inpatient discharges from the Bradgate Unit, 27 still unmet" in (
        result.reason
    )
    assert "An offer that fits one of these meets this factor." in result.reason


def test_no_unmet_demand_left_for_these_people():
    result = factor("strategic_fit", unmet={"step_down": 0, "diversion": 0, "waiting_list": 0})

    assert result.outcome is Outcome.DOES_NOT_MEET
    assert "The strategy has no unmet demand for these people now" in result.reason
    assert "see what the city needs) meets this factor" in result.reason


def test_a_county_postcode_says_where_a_scheme_meets():
    result = factor("location", {"scheme.postcode": "LE18 4AA", "scheme.ward": None})

    assert result.outcome is Outcome.DOES_NOT_MEET
    assert (
        "A scheme in one of the city's 21 wards, in LE1, LE2, LE3, LE4 and LE5, "
        "meets this factor." in result.reason
    )


def test_a_small_site_for_a_line_that_needs_sites():
    small = {
        "scheme.client_groups": ["transforming_care"],
        "scheme.units": 4,
        "scheme.site_area_hectares": 0.3,
    }
    result = factor("quality", small)

    assert result.outcome is Outcome.CONCERN
    assert "The site is 0.3 hectares, 0.2 hectares less than 0.5 hectares" in result.reason
    assert "A site of 0.5 hectares or more meets this factor." in result.reason


def test_a_site_of_exactly_the_size_the_line_needs_raises_no_concern():
    """The rule: "a new build on a site under 0.5 hectares … concern"
    (docs/screening-rules.md): 0.5 hectares is not under it."""
    exact = {
        "scheme.client_groups": ["transforming_care"],
        "scheme.units": 4,
        "scheme.site_area_hectares": 0.5,
    }
    result = factor("quality", exact)

    assert "hectares less than" not in result.reason
    assert "0.5 hectares or more" not in result.reason


def test_a_shared_house_is_told_the_homes_that_meet_the_quality_factor():
    result = factor("quality", {"scheme.configuration": "shared_house"})

    assert result.outcome is Outcome.CONCERN
    assert "An offer of self-contained homes" in result.reason


def test_right_to_buy_receipts_over_the_cap():
    # 30% of £2,400,000 is £720,000; £800,000 asked is £80,000 over.
    result = factor("procurement", {"finance.right_to_buy_receipts_requested": "800000"})

    assert result.outcome is Outcome.CONCERN
    assert "£80,000.00 more than the cap" in result.reason
    assert "receipts of at most £720,000.00 are within the cap" in result.reason


def test_a_framework_lot_that_does_not_fit_names_the_lots_that_meet():
    result = factor(
        "procurement", WITH_SUPPORT, {"support.framework_lots": ["living_well_older_people"]}
    )

    assert result.outcome is Outcome.CONCERN
    assert "a provider in one of them meets this factor" in result.reason


@pytest.mark.parametrize(
    ("not_met", "expected"),
    [
        (
            ["Rent level and housing benefit"],
            "does not yet meet the strategy on “rent level and housing benefit”",
        ),
        (
            ["Rent level and housing benefit", "Location in the city"],
            "on “rent level and housing benefit” and “location in the city”",
        ),
    ],
)
def test_the_overall_words_name_the_factors_not_met(not_met, expected):
    words = overall_for_providers("not_supported", not_met)
    assert expected in words
    assert "does not fit the strategy" not in words
    assert "say by how much and what would meet each" in words
