"""Reasons shown to providers name each figure and a plain source; where the
figures come from (source, valid-from, whether a default) is data on the
result, and a rate with a year says which year's rate it is."""

import dataclasses
import datetime
import json
from decimal import Decimal

import pytest

from eoi.offers.document import OfferDocumentError, parse_offer
from eoi.screening import ReferenceValue, result_from_dict, screen
from tests.eoi.screening_golden import fixture_context
from tests.eoi.test_screening import WITH_SUPPORT, make_context, make_offer
from tests.support.examples import example_files

INTERNAL_NOTES = ("default until", "portal default", "keyed ✿", "(default")


def _example_offers():
    for path in example_files():
        try:
            yield path.stem, parse_offer(json.loads(path.read_text())["offer"])
        except OfferDocumentError:
            continue


@pytest.mark.parametrize("name, offer", list(_example_offers()))
def test_reasons_carry_no_internal_notes(name, offer):
    result = screen(offer, fixture_context())
    for factor in result.factors.values():
        for note in INTERNAL_NOTES:
            assert note not in factor.reason, (factor.factor, factor.reason)


def test_base_offer_reasons_carry_no_internal_notes_against_the_shipped_values():
    for changes in ({}, WITH_SUPPORT, {"finance.weekly_ineligible_charge": "30.00"}):
        result = screen(make_offer(changes), fixture_context())
        reasons = " ".join(factor.reason for factor in result.factors.values())
        for note in INTERNAL_NOTES:
            assert note not in reasons


def test_the_provenance_is_on_the_result_instead():
    result = screen(make_offer(WITH_SUPPORT), fixture_context())
    rent = {use.key: use for use in result.factors["rent_level"].reference_values}
    benchmark = rent["exempt_benchmark_self_contained"]
    assert benchmark.value == "200.00"
    assert benchmark.is_council_default is True
    assert "portal default" in benchmark.source  # the full source, kept for staff
    assert benchmark.valid_from == datetime.date(2025, 4, 1)
    support = {use.key for use in result.factors["support_costs"].reference_values}
    assert {"framework_hourly_rate", "high_cost_support_weekly", "sleep_in_nightly_rate"} <= support


def test_a_council_default_is_marked_as_one():
    context = make_context()
    reference = dict(context.reference)
    reference["framework_hourly_rate"] = dataclasses.replace(
        reference["framework_hourly_rate"], is_council_default=True
    )
    context = dataclasses.replace(context, reference=reference)
    result = screen(make_offer(WITH_SUPPORT), context)
    uses = {use.key: use for use in result.factors["support_costs"].reference_values}
    assert uses["framework_hourly_rate"].is_council_default is True
    assert uses["high_cost_support_weekly"].is_council_default is False


def test_the_reason_says_which_years_rate_it_is():
    """strategy-data.md §6: £400.14 a month for 2025/26, £424.90 from 6 April 2026."""
    context = make_context(on=datetime.date(2026, 4, 10))
    reference = dict(context.reference)
    reference["uc_standard_allowance_monthly"] = ReferenceValue(
        key="uc_standard_allowance_monthly",
        value=Decimal("424.90"),
        unit="£ a month",
        source='DWP "Benefit and pension rates 2026 to 2027"',
        valid_from=datetime.date(2026, 4, 6),
    )
    context = dataclasses.replace(context, reference=reference)
    offer = make_offer({"finance.weekly_ineligible_charge": "30.00"})
    reason = screen(offer, context).factors["tenant_affordability"].reason
    assert "the 2026/27 Universal Credit standard allowance of £424.90 a month" in reason


def test_the_shipped_allowance_is_named_as_2025_26():
    offer = make_offer({"finance.weekly_ineligible_charge": "30.00"})
    reason = screen(offer, fixture_context()).factors["tenant_affordability"].reason
    assert "2025/26 Universal Credit standard allowance of £400.14 a month" in reason


def test_provenance_round_trips_and_old_results_load():
    result = screen(make_offer(WITH_SUPPORT), make_context())
    stored = json.loads(json.dumps(result.to_dict()))
    assert result_from_dict(stored) == result
    for factor in stored["factors"].values():
        del factor["reference_values"]
    assert all(
        factor.reference_values == () for factor in result_from_dict(stored).factors.values()
    )
