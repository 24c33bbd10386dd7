"""Properties of screening that follow from docs/screening-rules.md and
docs/offer-format.md, checked on generated offers (hypothesis).

- Every offer is screened, and the same offer always gives the same result.
- Overall: not supported when any factor does not meet; review when any is a
  concern or needs more information; otherwise progress. Priority 0–100, 0
  when not supported.
- A missing answer that matters is "more information needed", never a
  "meets": removing an answer never turns a worse outcome into "meets".
- Raising the hourly rate never improves support costs, and above the
  framework rate it is a concern at least; a higher rent or charge never
  improves the rent level or the tenant's affordability.
- The figures agree with the factors (one source).
- Rows that settle a factor whatever else is given: a tenancy tied to the
  support provider, residents without eligible care needs, a postcode
  outside the city.

The runs are derandomised, so CI sees the same offers every time.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st

from eoi.offers.document.choices import OfferType
from eoi.offers.document import parse_offer
from eoi.screening import Outcome, Overall, result_as_text, screen
from tests.eoi.offer_strategies import offers
from tests.eoi.test_screening import make_context

CONTEXT = make_context()
FRAMEWORK_RATE = CONTEXT.decimal("framework_hourly_rate")
RUN = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Answers whose absence the offer format gives a meaning: no Right to Buy
# receipts asked (the form's blank is £0) and no funding source named.
ABSENT_MEANS_NONE = {
    "finance.right_to_buy_receipts_requested",
    "finance.funding_sources",
}
# Parts a care and support offer need not give (offer-format.md: "a
# care_and_support offer needs no finance, and of scheme only client_groups").
NOT_NEEDED_FOR_CARE_ONLY = ("finance", "scheme.")


def screened(document: dict[str, Any]):
    return screen(parse_offer(document), CONTEXT)


def outcomes(result) -> dict[str, Outcome]:
    return {name: factor.outcome for name, factor in result.factors.items()}


def given_answers(document: dict[str, Any]) -> list[str]:
    """The paths of the answers given, and of the optional sections."""
    paths = []
    for section in ("scheme", "finance", "support"):
        if section in ("finance", "support") and section in document:
            paths.append(section)
        for name, value in document.get(section, {}).items():
            if value not in (None, [], ()) and name != "client_groups":
                paths.append(f"{section}.{name}")
    return paths


def without(document: dict[str, Any], path: str) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    section, _, name = path.partition(".")
    if name:
        changed[section][name] = None
    else:
        del changed[section]
    return changed


def removable(document: dict[str, Any]) -> list[str]:
    """The answers and sections whose removal must not give a "meets"."""
    care_only = document["offer_type"] == OfferType.CARE_AND_SUPPORT
    paths = given_answers(document)
    absent_means_none = ABSENT_MEANS_NONE & set(paths)  # not with its section
    return [
        path
        for path in paths
        if path not in ABSENT_MEANS_NONE
        and not (care_only and path.startswith(NOT_NEEDED_FOR_CARE_ONLY))
        and not any(inner.startswith(f"{path}.") for inner in absent_means_none)
    ]


# --------------------------------------------------------------------------
# Every offer
# --------------------------------------------------------------------------


@RUN
@given(offers())
def test_every_offer_is_screened_by_the_rules_overall_and_priority(document):
    result = screened(document)
    found = set(outcomes(result).values())
    if Outcome.DOES_NOT_MEET in found:
        assert result.overall is Overall.NOT_SUPPORTED
        assert result.priority == 0
    elif found & {Outcome.CONCERN, Outcome.MORE_INFORMATION_NEEDED}:
        assert result.overall is Overall.REVIEW
    else:
        assert result.overall is Overall.PROGRESS
    assert 0 <= result.priority <= 100
    for factor in result.factors.values():
        assert factor.reason.strip() and factor.rows
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    result_as_text(result).encode("utf-8")


@RUN
@given(offers())
def test_screening_is_deterministic(document):
    offer = parse_offer(document)
    first = screen(offer, CONTEXT)
    assert screen(parse_offer(copy.deepcopy(document)), make_context()) == first
    assert screen(offer, CONTEXT).to_dict() == first.to_dict()
    assert result_as_text(screen(offer, CONTEXT)) == result_as_text(first)


@RUN
@given(offers())
def test_the_figures_agree_with_the_factors(document):
    result = screened(document)
    offer = parse_offer(document)
    figures = result.figures
    if not offer.includes_accommodation:
        assert figures.benefit_route == "not_applicable"
        assert result.factors["rent_level"].outcome is Outcome.NOT_APPLICABLE
    else:
        rows = result.factors["rent_level"].rows
        assert (figures.benefit_route is None) is _route_unsettled(offer)
        if figures.gross_eligible_rent is not None:  # else the rent is asked for
            assert ("route-not-given" in rows) is _route_unsettled(offer)
        assert (figures.gross_eligible_rent is None) is ("rent-not-given" in rows)
    if offer.includes_support:
        unknown = "no-hours-or-rate" in result.factors["support_costs"].rows
        assert (figures.support_cost_per_person_per_week is None) is unknown


def _route_unsettled(offer) -> bool:
    """screening-rules.md §3: the route needs the landlord type and, for a
    landlord that could be exempt, whether it provides care or support."""
    finance = offer.finance
    if finance is None or finance.landlord_type is None:
        return True
    return (
        finance.landlord_type != "private_landlord"
        and finance.landlord_provides_care_support_or_supervision is None
    )


# --------------------------------------------------------------------------
# A missing answer that matters is never a "meets"
# --------------------------------------------------------------------------


@settings(RUN, max_examples=250)
@given(offers(), st.data())
def test_removing_an_answer_never_turns_a_worse_outcome_into_meets(document, data):
    paths = removable(document)
    assume(paths)
    before = outcomes(screened(document))
    chosen = st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True)
    for path in data.draw(chosen, label="removed, one at a time"):
        after = outcomes(screened(without(document, path)))
        for name, outcome in before.items():
            if outcome.severity > Outcome.MEETS.severity:
                assert after[name] is not Outcome.MEETS, (name, path, outcome)


# --------------------------------------------------------------------------
# Monotone in the money
# --------------------------------------------------------------------------

RATES = st.decimals(min_value=0, max_value=60, places=2)


@RUN
@given(offers(), RATES, RATES)
def test_raising_the_hourly_rate_never_improves_support_costs(document, one, other):
    assume(document["offer_type"] != OfferType.ACCOMMODATION)
    low, high = sorted((one, other))
    document.setdefault("support", {})
    cheaper = copy.deepcopy(document)
    cheaper["support"]["hourly_rate"] = f"{low:f}"
    dearer = copy.deepcopy(document)
    dearer["support"]["hourly_rate"] = f"{high:f}"
    before = screened(cheaper).factors["support_costs"].outcome
    after = screened(dearer).factors["support_costs"].outcome
    assert after.severity >= before.severity, (low, high, before, after)
    if high > FRAMEWORK_RATE:
        assert after.severity >= Outcome.CONCERN.severity


MONEY = st.decimals(min_value=0, max_value=600, places=2)


@RUN
@given(
    offers(offer_type="accommodation"),
    st.sampled_from(
        [
            "weekly_core_rent",
            "weekly_eligible_service_charge",
            "weekly_ineligible_charge",
        ]
    ),
    MONEY,
    MONEY,
)
def test_a_higher_rent_or_charge_never_improves_the_rent_factors(document, field, one, other):
    low, high = sorted((one, other))
    document.setdefault("finance", {})
    lower, higher = copy.deepcopy(document), copy.deepcopy(document)
    lower["finance"][field] = f"{low:f}"
    higher["finance"][field] = f"{high:f}"
    before, after = screened(lower), screened(higher)
    for name in ("rent_level", "tenant_affordability"):
        assert after.factors[name].outcome.severity >= before.factors[name].outcome.severity, (
            name,
            field,
            low,
            high,
        )


# --------------------------------------------------------------------------
# Rows that settle a factor whatever else is given
# --------------------------------------------------------------------------


@RUN
@given(offers())
def test_rows_that_do_not_meet_whatever_else_is_given(document):
    result = screened(document)
    offer = parse_offer(document)
    finance, scheme = offer.finance, offer.scheme
    if finance is not None and finance.tenancy_conditional_on_support_provider:
        assert result.factors["support_costs"].outcome is Outcome.DOES_NOT_MEET
    needing = set(scheme.client_groups) - {"care_leavers", "looked_after_children"}
    if scheme.residents_have_eligible_care_needs is False and needing:
        assert result.factors["strategic_fit"].outcome is Outcome.DOES_NOT_MEET
    if offer.includes_accommodation and scheme.postcode in ("LE18 4AA", "NG1 1AA"):
        assert result.factors["location"].outcome is Outcome.DOES_NOT_MEET
    care_only = offer.offer_type == OfferType.CARE_AND_SUPPORT
    if care_only and offer.support and offer.support.provider_on_framework is False:
        assert result.factors["procurement"].outcome is Outcome.DOES_NOT_MEET


EVERY = {
    Outcome.MEETS,
    Outcome.CONCERN,
    Outcome.DOES_NOT_MEET,
    Outcome.MORE_INFORMATION_NEEDED,
}
# What the rules' tables can give each factor (no concern row in location,
# no "does not meet" row in quality; four factors not applicable to care
# and support only).
REACHABLE = {
    "procurement": EVERY,
    "strategic_fit": EVERY,
    "rent_level": EVERY | {Outcome.NOT_APPLICABLE},
    "support_costs": EVERY,
    "tenant_affordability": EVERY | {Outcome.NOT_APPLICABLE},
    "location": EVERY - {Outcome.CONCERN} | {Outcome.NOT_APPLICABLE},
    "quality": EVERY - {Outcome.DOES_NOT_MEET} | {Outcome.NOT_APPLICABLE},
}
SEARCH = settings(
    max_examples=3000,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_the_generated_offers_reach_every_outcome_of_every_factor():
    """The strategies reach every outcome of every factor, so the properties
    above are checked across all of them (a search for each, as how often
    each comes up depends on Hypothesis's choices)."""
    generated = st.one_of(offers(), offers(complete=True))
    for name, reachable in REACHABLE.items():
        for outcome in reachable:

            def gives(document, name=name, outcome=outcome):
                return screened(document).factors[name].outcome is outcome

            find(generated, gives, settings=SEARCH)


def test_decimal_strings_are_exact():
    # The strategies write money as decimal strings, so no float rounding
    # moves a rate across the framework rate.
    assert parse_offer(
        {
            "organisation": {"name": "A", "type": "charity"},
            "contact": {"name": "B", "email": "b@example.org"},
            "offer_type": "care_and_support",
            "scheme": {"client_groups": ["mental_health"]},
            "support": {"hourly_rate": "24.11"},
        }
    ).support.hourly_rate == Decimal("24.11")
