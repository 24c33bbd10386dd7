"""Hypothesis strategies for offer documents (docs/offer-format.md), and
hostile values for the documents that are not offers.

``offers()`` draws valid documents: any offer type, every answer other than
the required ones either given (within its question's limits, extremes
included) or not given (``null``). ``HOSTILE_VALUES`` and
``hostile_json_texts()`` are what a file may hold instead: extreme and
non-finite numbers, huge strings and integers, deep nesting, wrong types.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from eoi.offers.document.choices import (
    ClientGroup,
    Configuration,
    DevelopmentStage,
    FrameworkLot,
    FundingSource,
    LandlordType,
    NightCover,
    OfferType,
    Tenancy,
)
from eoi.offers.document.sections import BY_PATH
from tests.eoi.test_screening import CITY_WARDS

ORGANISATION = {"name": "Example Housing Association", "type": "registered_provider"}
CONTACT = {"name": "A. Person", "email": "a.person@example.org"}
POSTCODES = ["LE2 1AA", "LE1 5WW", "LE5 0AB", "LE18 4AA", "NG1 1AA", "LE2", "nope"]


def sometimes_not_given(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """The answer (three times in four), or not given."""
    return st.one_of(st.none(), strategy, strategy, strategy)


def given_always(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return strategy


def values(choices) -> st.SearchStrategy:
    return st.sampled_from([member.value for member in choices])


def number(path: str, *, usual: int, least: Decimal = Decimal(0)) -> st.SearchStrategy:
    """A number the question at ``path`` takes, as a decimal string: mostly
    up to ``usual`` (often its upper three quarters, where the rules' limits
    are), sometimes up to the largest its column holds."""
    question = BY_PATH[path]
    places = question.decimal_places
    step = Decimal(1).scaleb(-places)
    largest = question.number_limit - step
    return st.one_of(
        st.decimals(min_value=least, max_value=usual, places=places),
        st.decimals(min_value=Decimal(usual) / 4, max_value=usual, places=places),
        st.decimals(min_value=least, max_value=largest, places=places),
        st.sampled_from([least, largest]),
    ).map(lambda value: f"{value:f}")


def text(path: str, usual: str) -> st.SearchStrategy:
    """Usual text, or the longest the question takes (its column's length)."""
    longest = BY_PATH[path].max_length
    return st.sampled_from([usual, "Ŵ" * longest])


def whole(path: str) -> st.SearchStrategy:
    question = BY_PATH[path]
    return st.integers(question.low, question.high)


def schemes(complete: bool = False) -> st.SearchStrategy:
    maybe = given_always if complete else sometimes_not_given
    return st.fixed_dictionaries(
        {
            "name": maybe(text("scheme.name", "Example Court")),
            "address": maybe(text("scheme.address", "1 Example Street, Leicester")),
            "postcode": maybe(st.sampled_from(POSTCODES)),
            "ward": maybe(st.sampled_from(sorted(CITY_WARDS) + ["Nowhere"])),
            "development_stage": maybe(values(DevelopmentStage)),
            "site_area_hectares": maybe(
                number("scheme.site_area_hectares", usual=2, least=Decimal("0.001"))
            ),
            "expected_available": maybe(st.sampled_from(["2026-06", "2027-06", "2031-01"])),
            "configuration": maybe(values(Configuration)),
            "units": maybe(st.one_of(st.integers(1, 30), whole("scheme.units"))),
            "bedrooms_per_unit": maybe(whole("scheme.bedrooms_per_unit")),
            "shared_house_bedrooms": maybe(whole("scheme.shared_house_bedrooms")),
            "communal_space": maybe(st.booleans()),
            "staff_office": maybe(st.booleans()),
            "client_groups": st.lists(values(ClientGroup), min_size=1, max_size=3, unique=True),
            "residents_have_eligible_care_needs": maybe(st.booleans()),
        }
    )


def finances(complete: bool = False) -> st.SearchStrategy:
    maybe = given_always if complete else sometimes_not_given
    return st.fixed_dictionaries(
        {
            "landlord_type": maybe(values(LandlordType)),
            "landlord_provides_care_support_or_supervision": maybe(st.booleans()),
            "tenancy": maybe(values(Tenancy)),
            "tenancy_conditional_on_support_provider": maybe(st.booleans()),
            "weekly_core_rent": maybe(number("finance.weekly_core_rent", usual=300)),
            "weekly_eligible_service_charge": maybe(
                number("finance.weekly_eligible_service_charge", usual=100)
            ),
            "weekly_ineligible_charge": maybe(number("finance.weekly_ineligible_charge", usual=60)),
            "capital_cost": maybe(number("finance.capital_cost", usual=5_000_000)),
            "funding_sources": st.lists(values(FundingSource), max_size=3, unique=True),
            "right_to_buy_receipts_requested": maybe(
                number("finance.right_to_buy_receipts_requested", usual=2_000_000)
            ),
        }
    )


def supports(complete: bool = False) -> st.SearchStrategy:
    maybe = given_always if complete else sometimes_not_given
    return st.fixed_dictionaries(
        {
            "provider_on_framework": maybe(st.booleans()),
            "framework_lots": st.lists(values(FrameworkLot), max_size=3, unique=True),
            "individual_hours_per_person_per_week": maybe(
                number("support.individual_hours_per_person_per_week", usual=60)
            ),
            "shared_core_hours_per_week": maybe(
                number("support.shared_core_hours_per_week", usual=200)
            ),
            "night_cover": maybe(values(NightCover)),
            "hourly_rate": maybe(number("support.hourly_rate", usual=40)),
        }
    )


@st.composite
def offers(draw, offer_type: str | None = None, complete: bool | None = None) -> dict[str, Any]:
    """A valid offer document: every answer given (``complete``), or some
    not given and ``finance`` or ``support`` sometimes omitted."""
    offer_type = offer_type or draw(values(OfferType))
    if complete is None:
        complete = draw(st.booleans())
    document = {
        "organisation": ORGANISATION,
        "contact": CONTACT,
        "offer_type": offer_type,
        "scheme": draw(schemes(complete)),
    }
    homes = offer_type != OfferType.CARE_AND_SUPPORT
    support = offer_type != OfferType.ACCOMMODATION
    if homes if complete else draw(st.sampled_from([homes, homes, True, False])):
        document["finance"] = draw(finances(complete))
    if support if complete else draw(st.sampled_from([support, support, True, False])):
        document["support"] = draw(supports(complete))
    return document


# --------------------------------------------------------------------------
# What a file may hold instead
# --------------------------------------------------------------------------

HUGE_INTEGER = "1" + "0" * 4999  # more digits than Python converts from text
HOSTILE_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**26,
    10**27 + 1,  # 28 digits
    int("9" * 30),
    1e308,
    -1e308,
    5e-324,
    float("nan"),
    float("inf"),
    "NaN",
    "Infinity",
    "-Infinity",
    "1e308",
    "1" * 28,
    "1" * 28 + ".00",
    "0." + "0" * 40 + "1",
    "x" * 5000,
    "x" * 100_000,
    "\x00",
    "\ud800",
    "LE2\u00a01AA",
    "9999-12",
    "0000-00",
    "١٢٣",
    "",
    [],
    {},
    [None],
    {"a": {"b": [1]}},
    ["x" * 300] * 20,
]


def hostile_values() -> st.SearchStrategy:
    """A hostile value, or any small JSON value (nested a little)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
    )
    nested = st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(st.text(max_size=5), children, max_size=3),
        ),
        max_leaves=8,
    )
    return st.one_of(st.sampled_from(HOSTILE_VALUES), nested)


def hostile_json_texts() -> st.SearchStrategy:
    """JSON text a Python value cannot be dumped as: deep nesting, a
    5,000-digit integer, bare non-finite literals, broken text."""
    deep = st.integers(10, 200_000).map(lambda depth: "[" * depth + "]" * depth)
    deep_object = st.integers(10, 100_000).map(
        lambda depth: '{"scheme": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    )
    return st.one_of(
        deep,
        deep_object,
        st.just('{"scheme": {"units": ' + HUGE_INTEGER + "}}"),
        st.just(HUGE_INTEGER),
        st.sampled_from(["NaN", "Infinity", "-Infinity", "", "{", "[1,", "\ufeff{}"]),
        st.text(max_size=40),
    )
