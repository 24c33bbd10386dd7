"""The rule changes of issue 11, case by case from the rule table
(docs/screening-rules.md §1 and §2, docs/offer-format.md ``figures``).

- ``residents_have_eligible_care_needs`` false is does_not_meet when a
  client group other than ``care_leavers`` or ``looked_after_children`` is
  offered; for offers only for them the row does not apply.
- The 2019 ILS decision kept funding under the providers' alternative model.
- Right to Buy receipts asked > 30% of ``capital_cost`` (or receipts asked with
  no capital cost) is a concern that states the cap in pounds and that the
  offer would need to be reworked; ``figures.right_to_buy_cap`` is 30% of
  ``capital_cost`` to two decimals, or null.
"""

import json
from decimal import Decimal

import pytest

from eoi.screening import Outcome, result_from_dict, screen
from tests.eoi.test_screening import DROP, make_context, make_offer

NO_ELIGIBLE_NEEDS = "no-eligible-care-needs"


def _care_needs_false(*groups, configuration="extra_care"):
    return make_offer(
        {
            "scheme.units": 11,  # the care leavers' line: 11 units
            "scheme.client_groups": list(groups),
            "scheme.configuration": configuration,
            "scheme.residents_have_eligible_care_needs": False,
        }
    )


@pytest.mark.parametrize(
    "groups",
    [
        pytest.param(("care_leavers",), id="care-leavers-only"),
        pytest.param(("looked_after_children",), id="looked-after-children-only"),
        pytest.param(("care_leavers", "looked_after_children"), id="both"),
    ],
)
def test_no_eligible_needs_does_not_fail_offers_only_for_care_leavers_or_looked_after_children(
    groups,
):
    fit = screen(_care_needs_false(*groups), make_context()).factors["strategic_fit"]
    assert NO_ELIGIBLE_NEEDS not in fit.rows
    assert fit.outcome is not Outcome.DOES_NOT_MEET, fit.reason


def test_care_leavers_extra_care_without_eligible_needs_meets_the_care_leavers_line():
    fit = screen(_care_needs_false("care_leavers"), make_context()).factors["strategic_fit"]
    assert fit.outcome is Outcome.MEETS, fit.reason


def test_not_saying_is_not_asked_of_offers_only_for_care_leavers():
    offer = make_offer(
        {
            "scheme.client_groups": ["care_leavers"],
            "scheme.configuration": "extra_care",
            "scheme.residents_have_eligible_care_needs": DROP,
        }
    )
    fit = screen(offer, make_context()).factors["strategic_fit"]
    assert "eligible-care-needs-not-given" not in fit.rows


@pytest.mark.parametrize(
    "groups",
    [
        pytest.param(("mental_health",), id="other-group"),
        pytest.param(("care_leavers", "older_people"), id="care-leavers-and-another-group"),
        pytest.param(("looked_after_children", "young_people_send"), id="lac-and-another-group"),
    ],
)
def test_no_eligible_needs_fails_when_another_group_is_offered(groups):
    fit = screen(_care_needs_false(*groups), make_context()).factors["strategic_fit"]
    assert fit.outcome is Outcome.DOES_NOT_MEET
    assert NO_ELIGIBLE_NEEDS in fit.rows


def test_the_2019_decision_is_worded_as_funding_kept_under_the_alternative_model():
    reason = (
        screen(_care_needs_false("mental_health"), make_context()).factors["strategic_fit"].reason
    )
    assert "ended" not in reason
    assert "8 March 2019" in reason
    assert "alternative model" in reason


# --------------------------------------------------------------------------
# Right to Buy receipts: up to 30% of the total scheme capital cost
# --------------------------------------------------------------------------


def _receipts(asked, capital="2400000"):
    return make_offer(
        {
            "finance.capital_cost": capital,
            "finance.right_to_buy_receipts_requested": asked,
            "finance.funding_sources": ["right_to_buy_receipts", "own_resources"],
        }
    )


def test_receipts_within_30pc_have_no_cap_concern():
    procurement = screen(_receipts("720000.00"), make_context()).factors["procurement"]
    assert "right-to-buy-over-cap" not in procurement.rows
    assert "council-capital" in procurement.rows  # still needs approval


def test_receipts_over_30pc_are_a_concern_stating_the_cap_in_pounds():
    procurement = screen(_receipts("720000.01"), make_context()).factors["procurement"]
    assert procurement.outcome is Outcome.CONCERN
    assert "right-to-buy-over-cap" in procurement.rows
    assert "£720,000.00" in procurement.reason  # 30% of £2,400,000
    assert "30%" in procurement.reason
    assert "reworked" in procurement.reason


def test_receipts_with_no_capital_cost_are_a_concern():
    procurement = screen(_receipts("100000", capital=DROP), make_context()).factors["procurement"]
    assert procurement.outcome is Outcome.CONCERN
    assert "right-to-buy-no-capital-cost" in procurement.rows
    assert "30%" in procurement.reason
    assert "capital cost" in procurement.reason


def test_a_changed_cap_is_read_from_the_reference_value():
    procurement = screen(
        _receipts("600000"), make_context(right_to_buy_cap_percent=Decimal("20"))
    ).factors["procurement"]
    assert "right-to-buy-over-cap" in procurement.rows
    assert "£480,000.00" in procurement.reason


@pytest.mark.parametrize(
    "capital, cap",
    [
        pytest.param("2400000", "720000.00", id="round"),
        pytest.param("1000001", "300000.30", id="pence"),
        pytest.param("333.35", "100.01", id="half-penny-up"),
        pytest.param(DROP, None, id="no-capital-cost"),
    ],
)
def test_figures_right_to_buy_cap(capital, cap):
    result = screen(_receipts("0", capital=capital), make_context())
    assert result.to_dict()["figures"]["right_to_buy_cap"] == cap


def test_a_stored_result_without_the_cap_still_loads():
    stored = json.loads(json.dumps(screen(make_offer(), make_context()).to_dict()))
    del stored["figures"]["right_to_buy_cap"]
    for factor in stored["factors"].values():
        factor.pop("reference_values", None)
    loaded = result_from_dict(stored)
    assert loaded.figures.right_to_buy_cap is None
    assert loaded.factors["procurement"].outcome is Outcome.MEETS


@pytest.mark.django_db
def test_screen_offer_json_prints_the_right_to_buy_cap(strategy_data, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from tests.support.examples import example_offer

    document = example_offer()
    document["finance"]["capital_cost"] = "1500000"
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = StringIO()
    call_command("screen_offer", str(path), format="json", stdout=out)
    assert json.loads(out.getvalue())["figures"]["right_to_buy_cap"] == "450000.00"
