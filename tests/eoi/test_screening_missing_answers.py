"""Screening with answers missing: every row of a factor is checked whatever
else is missing (screening-rules.md: "Within a factor every row is checked;
where several apply, the worst outcome stands").

A row applies when what is given already decides it: the hourly-rate row
needs only the rate; the high-cost row applies once the parts of the cost
that can be worked out are above the threshold; a missing answer that
matters is "more information needed" (offer-format.md), never a "meets".

Regression tests for issue 23's independent check of generated offers.
These live apart from ``test_screening.py``, whose cases are the golden
file's.
"""

from __future__ import annotations

import json
from decimal import Decimal

from eoi.screening import Outcome, result_as_text, screen
from tests.eoi.test_screening import (
    CARE_ONLY,
    DROP,
    PRIVATE,
    WITH_SUPPORT,
    make_context,
    make_offer,
)


def factor(offer, name):
    return screen(offer, make_context()).factors[name]


# --------------------------------------------------------------------------
# support_costs: the rate row and the high-cost row, whatever is missing
# --------------------------------------------------------------------------


def test_rate_above_the_framework_rate_is_a_concern_with_no_units():
    offer = make_offer(
        CARE_ONLY,
        {"support.hourly_rate": "30.00", "support.shared_core_hours_per_week": 10},
    )
    result = factor(offer, "support_costs")
    assert result.outcome is Outcome.CONCERN, result.reason
    assert "rate-above-framework" in result.rows
    assert "no-hours-or-rate" in result.rows  # the units are still asked for
    assert "£30.00" in result.reason and "£24.10" in result.reason


def test_rate_above_the_framework_rate_is_a_concern_with_no_hours():
    offer = make_offer(
        WITH_SUPPORT,
        {
            "support.hourly_rate": "30.00",
            "support.individual_hours_per_person_per_week": None,
            "support.shared_core_hours_per_week": None,
        },
    )
    result = factor(offer, "support_costs")
    assert result.outcome is Outcome.CONCERN, result.reason
    assert set(result.rows) == {"rate-above-framework", "no-hours-or-rate"}


def test_individual_hours_alone_above_the_threshold_are_high_cost_with_no_units():
    # 50 × £24.10 = £1,205.00 a person before any shared hours or night cover.
    offer = make_offer(
        CARE_ONLY,
        {
            "support.individual_hours_per_person_per_week": 50,
            "support.night_cover": "waking",
        },
    )
    result = factor(offer, "support_costs")
    assert result.outcome is Outcome.CONCERN, result.reason
    assert "high-cost" in result.rows
    assert "£1,205.00" in result.reason and "£1,000.00" in result.reason
    assert "rate-above-framework" not in result.rows


def test_cost_worked_out_so_far_within_the_threshold_still_needs_the_units():
    offer = make_offer(
        CARE_ONLY,
        {"support.shared_core_hours_per_week": 40, "support.night_cover": "waking"},
    )
    result = factor(offer, "support_costs")
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED
    assert result.rows == ("no-hours-or-rate",)


def test_the_support_cost_figure_is_not_given_when_it_cannot_be_worked_out():
    offer = make_offer(
        CARE_ONLY,
        {
            "support.individual_hours_per_person_per_week": 50,
            "support.night_cover": "waking",
        },
    )
    assert screen(offer, make_context()).figures.support_cost_per_person_per_week is None


# --------------------------------------------------------------------------
# strategic_fit: no configuration
# --------------------------------------------------------------------------


def test_accommodation_with_no_configuration_needs_more_information():
    result = factor(make_offer({"scheme.configuration": DROP}), "strategic_fit")
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED, result.reason
    assert "configuration-not-given" in result.rows
    assert "within-unmet" in result.rows  # the demand it matches is still named


def test_no_configuration_does_not_hide_a_concern():
    offer = make_offer({"scheme.configuration": DROP, "scheme.units": 200})
    result = factor(offer, "strategic_fit")
    assert result.outcome is Outcome.CONCERN
    assert set(result.rows) == {"over-unmet", "configuration-not-given"}


def test_care_and_support_needs_no_configuration():
    assert factor(make_offer(CARE_ONLY), "strategic_fit").outcome is Outcome.MEETS


# --------------------------------------------------------------------------
# The benefit route: one source for the figure and the factors
# --------------------------------------------------------------------------


def test_a_route_not_settled_is_not_given_as_a_figure():
    for changes in (
        {"finance.landlord_type": DROP},
        {"finance.landlord_provides_care_support_or_supervision": None},
    ):
        result = screen(make_offer(changes), make_context())
        assert "route-not-given" in result.factors["rent_level"].rows
        assert result.figures.benefit_route is None
        assert result.to_dict()["figures"]["benefit_route"] is None
        assert "Benefit route: not settled" in result_as_text(result)
        stored = json.loads(json.dumps(result.to_dict()))
        assert stored["figures"]["benefit_route"] is None


def test_a_settled_route_is_the_figure():
    assert screen(make_offer(PRIVATE), make_context()).figures.benefit_route == (
        "universal_credit_lha"
    )
    assert screen(make_offer(), make_context()).figures.benefit_route == ("housing_benefit_exempt")


def test_the_summary_says_a_route_not_settled_is_not_settled():
    from eoi.offers.summary import screening_summary

    result = screen(make_offer({"finance.landlord_type": DROP}), make_context())
    figures = dict(screening_summary(json.loads(json.dumps(result.to_dict())))["figures"])
    assert figures["Benefit route"] == "Not settled"


# --------------------------------------------------------------------------
# rent_level and tenant_affordability: what the given answers already decide
# --------------------------------------------------------------------------


def test_rent_above_every_limit_does_not_meet_whichever_the_route():
    # £300 is above the LHA 1-bedroom rate (£124.27) and 125% of the
    # benchmark (£250.00): the route does not change the outcome.
    offer = make_offer(
        {
            "finance.landlord_type": DROP,
            "finance.weekly_core_rent": "300.00",
            "finance.weekly_eligible_service_charge": "0.00",
        }
    )
    result = screen(offer, make_context())
    rent = result.factors["rent_level"]
    assert rent.outcome is Outcome.DOES_NOT_MEET, rent.reason
    assert "route-not-given" in rent.rows
    tenant = result.factors["tenant_affordability"]
    assert tenant.outcome is Outcome.DOES_NOT_MEET, tenant.reason
    assert "£50.00" in tenant.reason  # at least 300.00 − 250.00 a week
    assert result.figures.tenant_weekly_shortfall is None


def test_rent_over_the_benchmark_and_the_lha_rate_is_a_concern_whichever_the_route():
    # £220: over the benchmark (a concern if exempt), over the LHA rate (does
    # not meet under Universal Credit): a concern at least.
    offer = make_offer(
        {
            "finance.landlord_provides_care_support_or_supervision": None,
            "finance.weekly_core_rent": "220.00",
            "finance.weekly_eligible_service_charge": "0.00",
        }
    )
    rent = factor(offer, "rent_level")
    assert rent.outcome is Outcome.CONCERN, rent.reason


def test_rent_within_both_limits_with_no_route_needs_more_information():
    offer = make_offer({"finance.landlord_type": DROP, "finance.weekly_core_rent": "80.00"})
    result = screen(offer, make_context())
    assert result.factors["rent_level"].outcome is Outcome.MORE_INFORMATION_NEEDED
    assert result.factors["tenant_affordability"].outcome is Outcome.MORE_INFORMATION_NEEDED


def test_service_charge_alone_above_the_lha_rate_does_not_meet_with_no_core_rent():
    offer = make_offer(
        PRIVATE,
        {
            "finance.weekly_core_rent": None,
            "finance.weekly_eligible_service_charge": "150.00",
        },
    )
    result = screen(offer, make_context())
    rent = result.factors["rent_level"]
    assert rent.outcome is Outcome.DOES_NOT_MEET, rent.reason
    assert "rent-not-given" in rent.rows
    assert "£150.00" in rent.reason and "£124.27" in rent.reason
    tenant = result.factors["tenant_affordability"]
    assert tenant.outcome is Outcome.DOES_NOT_MEET, tenant.reason
    assert "£25.73" in tenant.reason  # at least 150.00 − 124.27
    assert result.figures.gross_eligible_rent is None


def test_service_charge_within_the_limit_with_no_core_rent_needs_more_information():
    offer = make_offer(PRIVATE, {"finance.weekly_core_rent": None})
    rent = factor(offer, "rent_level")
    assert rent.outcome is Outcome.MORE_INFORMATION_NEEDED
    assert rent.rows == ("rent-not-given",)


def test_the_figures_agree_with_the_factors():
    offer = make_offer(PRIVATE, {"finance.weekly_core_rent": "100.00"})
    result = screen(offer, make_context())
    assert result.figures.gross_eligible_rent == Decimal("135.00")
    assert result.figures.tenant_weekly_shortfall == Decimal("10.73")


# --------------------------------------------------------------------------
# A missing answer that matters is never read as a "meets" (offer-format.md)
# --------------------------------------------------------------------------


def test_night_cover_not_given_is_asked_for():
    # With a waking night the cost is £1,088.51 a person (high cost); without
    # the night cover it must not read as within the costs.
    changes = {**WITH_SUPPORT, "support.individual_hours_per_person_per_week": 30}
    waking = make_offer(changes, {"support.night_cover": "waking"})
    assert factor(waking, "support_costs").outcome is Outcome.CONCERN
    result = factor(make_offer(changes, {"support.night_cover": None}), "support_costs")
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED, result.reason
    assert "details-not-given" in result.rows
    assert "night cover" in result.reason


def test_shared_or_individual_hours_not_given_are_asked_for():
    for missing in (
        "support.shared_core_hours_per_week",
        "support.individual_hours_per_person_per_week",
    ):
        result = factor(make_offer(WITH_SUPPORT, {missing: None}), "support_costs")
        assert result.outcome is Outcome.MORE_INFORMATION_NEEDED, (
            missing,
            result.reason,
        )
        assert "details-not-given" in result.rows


def test_configuration_not_given_is_asked_for_by_the_rent_factors():
    # A shared room's benchmark is £150.00 (ceiling £187.50); £180.00 is a
    # concern there, and within the self-contained benchmark of £200.00.
    shared = {
        "scheme.configuration": "shared_house",
        "scheme.client_groups": ["young_people_send"],
        "scheme.units": 4,
        "scheme.shared_house_bedrooms": 4,
        "finance.weekly_core_rent": "180.00",
        "finance.weekly_eligible_service_charge": "0.00",
    }
    assert factor(make_offer(shared), "rent_level").outcome is Outcome.CONCERN
    offer = make_offer(shared, {"scheme.configuration": None})
    for name in ("rent_level", "tenant_affordability"):
        result = factor(offer, name)
        assert result.outcome is Outcome.MORE_INFORMATION_NEEDED, (name, result.reason)
        assert "configuration-not-given" in result.rows


def test_shared_house_bedrooms_not_given_are_asked_for_where_a_line_limits_them():
    shared = {
        "scheme.configuration": "shared_house",
        "scheme.client_groups": ["young_people_send"],
        "scheme.units": 4,
        "scheme.shared_house_bedrooms": 5,
    }
    assert factor(make_offer(shared), "strategic_fit").outcome is Outcome.DOES_NOT_MEET
    offer = make_offer(shared, {"scheme.shared_house_bedrooms": None})
    result = factor(offer, "strategic_fit")
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED, result.reason
    assert "shared-house-bedrooms-not-given" in result.rows


def test_a_missing_service_charge_is_asked_for_by_the_tenant_factor_too():
    # £100 of service charge takes the rent over the LHA rate; without it the
    # core rent alone (£100) is within it.
    offer = make_offer(
        PRIVATE,
        {
            "finance.weekly_core_rent": "100.00",
            "finance.weekly_eligible_service_charge": "100.00",
        },
    )
    assert factor(offer, "tenant_affordability").outcome is Outcome.DOES_NOT_MEET
    offer = make_offer(
        PRIVATE,
        {
            "finance.weekly_core_rent": "100.00",
            "finance.weekly_eligible_service_charge": None,
        },
    )
    result = factor(offer, "tenant_affordability")
    assert result.outcome is Outcome.MORE_INFORMATION_NEEDED, result.reason
    assert "service-charge-not-given" in result.rows
