"""Parsing and validating the offer document (offer-format.md)."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

from eoi.offers.document import (
    ClientGroup,
    Configuration,
    DevelopmentStage,
    FrameworkLot,
    FundingSource,
    LandlordType,
    NightCover,
    OfferDocumentError,
    OfferType,
    OrganisationType,
    Tenancy,
    normalise_postcode,
    offer_to_dict,
    parse_offer,
    postcode_district,
)

FULL: dict[str, Any] = {
    "organisation": {
        "name": "Example Housing Association",
        "type": "registered_provider",
        "registered_provider_number": "4567",
        "companies_house_number": None,
        "charity_number": None,
        "cqc_registered": False,
    },
    "contact": {
        "name": "A. Person",
        "email": "a.person@example.org",
        "phone": "0116 000 0000",
        "role": "Development manager",
    },
    "offer_type": "accommodation_and_support",
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
        "shared_house_bedrooms": None,
        "communal_space": True,
        "staff_office": True,
        "wheelchair_accessible_units": 2,
        "fully_adapted_units": 1,
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
    "support": {
        "provider_on_framework": True,
        "framework_lots": ["recovery"],
        "individual_hours_per_person_per_week": 10,
        "shared_core_hours_per_week": 112,
        "night_cover": "sleep_in",
        "hourly_rate": "24.10",
    },
    "notes": "Free text.",
}
MINIMAL: dict[str, Any] = {
    "organisation": {"name": "Care Co", "type": "care_provider"},
    "contact": {"name": "B. Person", "email": "b@example.org"},
    "offer_type": "care_and_support",
    "scheme": {"client_groups": ["learning_disability_autism"]},
}
DROP = object()


def changed(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of ``base`` with ``section__field=value`` changes (DROP removes)."""
    document = copy.deepcopy(base)
    for key, value in changes.items():
        *parents, name = key.split("__")
        target = document
        for parent in parents:
            target = target[parent]
        if value is DROP:
            target.pop(name, None)
        else:
            target[name] = value
    return document


def errors_of(document: object) -> list[tuple[str, str]]:
    with pytest.raises(OfferDocumentError) as raised:
        parse_offer(document)
    return raised.value.errors


# --------------------------------------------------------------------------
# Parsing valid documents
# --------------------------------------------------------------------------


def test_full_offer_parses_to_typed_values():
    offer = parse_offer(FULL)
    assert offer.organisation.type is OrganisationType.REGISTERED_PROVIDER
    assert offer.organisation.cqc_registered is False
    assert offer.organisation.companies_house_number is None
    assert offer.offer_type is OfferType.ACCOMMODATION_AND_SUPPORT
    assert offer.scheme.development_stage is DevelopmentStage.PLANNING_GRANTED
    assert offer.scheme.configuration is Configuration.SELF_CONTAINED_CORE_AND_CLUSTER
    assert offer.scheme.site_area_hectares == Decimal("0.6")
    assert offer.scheme.expected_available == datetime.date(2027, 6, 30)
    assert offer.scheme.client_groups == (ClientGroup.MENTAL_HEALTH,)
    assert offer.finance.landlord_type is LandlordType.REGISTERED_PROVIDER
    assert offer.finance.tenancy is Tenancy.ASSURED
    assert offer.finance.weekly_core_rent == Decimal("150.00")
    assert offer.finance.capital_cost == Decimal("2400000")
    assert offer.finance.funding_sources == (
        FundingSource.HOMES_ENGLAND,
        FundingSource.OWN_RESOURCES,
    )
    assert offer.support.framework_lots == (FrameworkLot.RECOVERY,)
    assert offer.support.night_cover is NightCover.SLEEP_IN
    assert offer.support.individual_hours_per_person_per_week == Decimal("10")
    assert offer.support.hourly_rate == Decimal("24.10")
    assert offer.notes == "Free text."
    assert offer.includes_accommodation and offer.includes_support


def test_minimal_care_and_support_offer_needs_only_client_groups():
    offer = parse_offer(MINIMAL)
    assert offer.finance is None and offer.support is None
    assert offer.scheme.client_groups == (ClientGroup.LEARNING_DISABILITY_AUTISM,)
    assert offer.scheme.postcode is None and offer.scheme.units is None
    assert not offer.includes_accommodation


def test_null_sections_and_fields_mean_not_given():
    offer = parse_offer(changed(MINIMAL, finance=None, support=None, notes=None))
    assert offer.finance is None and offer.support is None and offer.notes is None
    offer = parse_offer(changed(FULL, scheme__ward=None, finance__weekly_core_rent=None))
    assert offer.scheme.ward is None
    assert offer.finance.weekly_core_rent is None


def test_blank_optional_text_is_not_given():
    offer = parse_offer(changed(FULL, scheme__ward="  ", notes=""))
    assert offer.scheme.ward is None
    assert offer.notes is None


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param("2027-06", datetime.date(2027, 6, 30), id="month-is-last-day"),
        pytest.param("2028-02", datetime.date(2028, 2, 29), id="leap-february"),
        pytest.param("2027-12", datetime.date(2027, 12, 31), id="december"),
        pytest.param("2027-06-01", datetime.date(2027, 6, 1), id="full-date"),
    ],
)
def test_expected_available_dates(value, expected):
    offer = parse_offer(changed(FULL, scheme__expected_available=value))
    assert offer.scheme.expected_available == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param("150.00", Decimal("150.00"), id="string"),
        pytest.param("150", Decimal("150"), id="whole-string"),
        pytest.param(150, Decimal("150"), id="integer"),
        pytest.param(150.5, Decimal("150.5"), id="float"),
        pytest.param("150.500", Decimal("150.5"), id="trailing-zeros"),
        pytest.param(" 0 ", Decimal("0"), id="zero-with-spaces"),
    ],
)
def test_money_accepts_numbers_and_decimal_strings(value, expected):
    offer = parse_offer(changed(FULL, finance__weekly_core_rent=value))
    assert offer.finance.weekly_core_rent == expected


def test_malformed_postcode_is_kept_for_screening_and_valid_one_normalised():
    assert parse_offer(changed(FULL, scheme__postcode="LE2 XYZ")).scheme.postcode == ("LE2 XYZ")
    assert parse_offer(changed(FULL, scheme__postcode="le21aa")).scheme.postcode == ("LE2 1AA")


def test_duplicate_list_values_are_listed_once():
    offer = parse_offer(changed(FULL, scheme__client_groups=["mental_health", "mental_health"]))
    assert offer.scheme.client_groups == (ClientGroup.MENTAL_HEALTH,)


# --------------------------------------------------------------------------
# Refusing invalid documents
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document, path",
    [
        pytest.param(changed(FULL, colour="blue"), "colour", id="top-level"),
        pytest.param(changed(FULL, organisation__vat="1"), "organisation.vat", id="organisation"),
        pytest.param(changed(FULL, contact__mobile="1"), "contact.mobile", id="contact"),
        pytest.param(
            changed(FULL, scheme__number_of_flats=12),
            "scheme.number_of_flats",
            id="scheme",
        ),
        pytest.param(
            changed(FULL, finance__hourly_rate="24.10"),
            "finance.hourly_rate",
            id="finance",
        ),
        pytest.param(
            changed(FULL, support__weekly_core_rent="1"),
            "support.weekly_core_rent",
            id="support",
        ),
    ],
)
def test_unknown_keys_are_named_with_their_path(document, path):
    assert (path, "unknown key") in errors_of(document)


INVALID = [
    # (id, change, path, message)
    (
        "units-zero",
        {"scheme__units": 0},
        "scheme.units",
        "must be a whole number from 1 to 500",
    ),
    (
        "units-too-many",
        {"scheme__units": 501},
        "scheme.units",
        "must be a whole number from 1 to 500",
    ),
    (
        "units-text",
        {"scheme__units": "12"},
        "scheme.units",
        "must be a whole number from 1 to 500",
    ),
    (
        "units-fraction",
        {"scheme__units": 1.5},
        "scheme.units",
        "must be a whole number from 1 to 500",
    ),
    (
        "units-boolean",
        {"scheme__units": True},
        "scheme.units",
        "must be a whole number from 1 to 500",
    ),
    (
        "money-negative-string",
        {"finance__weekly_core_rent": "-1"},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-negative-number",
        {"finance__weekly_core_rent": -1},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-nan-string",
        {"finance__weekly_core_rent": "NaN"},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-nan-number",
        {"finance__weekly_core_rent": float("nan")},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-infinity",
        {"finance__weekly_core_rent": float("inf")},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-pound-sign",
        {"finance__weekly_core_rent": "£150"},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-boolean",
        {"finance__weekly_core_rent": True},
        "finance.weekly_core_rent",
        "must be an amount in pounds of 0 or more",
    ),
    (
        "money-three-places",
        {"finance__weekly_core_rent": "150.005"},
        "finance.weekly_core_rent",
        "must be an amount in pounds with at most 2 decimal places",
    ),
    (
        "rate-three-places",
        {"support__hourly_rate": 24.105},
        "support.hourly_rate",
        "must be an amount in pounds with at most 2 decimal places",
    ),
    (
        "email-no-at",
        {"contact__email": "a.person.example.org"},
        "contact.email",
        "is not a valid email address",
    ),
    (
        "email-no-domain-dot",
        {"contact__email": "a@example"},
        "contact.email",
        "is not a valid email address",
    ),
    (
        "email-space",
        {"contact__email": "a person@example.org"},
        "contact.email",
        "is not a valid email address",
    ),
    (
        "organisation-type",
        {"organisation__type": "council"},
        "organisation.type",
        "must be one of: registered_provider, local_authority",
    ),
    (
        "offer-type",
        {"offer_type": "housing"},
        "offer_type",
        "must be one of: accommodation, care_and_support",
    ),
    (
        "configuration",
        {"scheme__configuration": "flats"},
        "scheme.configuration",
        "must be one of",
    ),
    (
        "development-stage",
        {"scheme__development_stage": "done"},
        "scheme.development_stage",
        "must be one of",
    ),
    (
        "landlord-type",
        {"finance__landlord_type": "investor"},
        "finance.landlord_type",
        "must be one of",
    ),
    ("tenancy", {"finance__tenancy": "weekly"}, "finance.tenancy", "must be one of"),
    (
        "night-cover",
        {"support__night_cover": "on_call"},
        "support.night_cover",
        "must be one of",
    ),
    (
        "client-group-unknown",
        {"scheme__client_groups": ["students"]},
        "scheme.client_groups[0]",
        "must be one of",
    ),
    (
        "client-groups-empty",
        {"scheme__client_groups": []},
        "scheme.client_groups",
        "must list at least one",
    ),
    (
        "client-groups-not-list",
        {"scheme__client_groups": "mental_health"},
        "scheme.client_groups",
        "must be a list",
    ),
    (
        "funding-source-unknown",
        {"finance__funding_sources": ["homes_england", "lottery"]},
        "finance.funding_sources[1]",
        "must be one of",
    ),
    (
        "framework-lot-unknown",
        {"support__framework_lots": ["lot_9"]},
        "support.framework_lots[0]",
        "must be one of",
    ),
    (
        "date-month-13",
        {"scheme__expected_available": "2027-13"},
        "scheme.expected_available",
        "must be a date as YYYY-MM or YYYY-MM-DD",
    ),
    (
        "date-30-february",
        {"scheme__expected_available": "2027-02-30"},
        "scheme.expected_available",
        "must be a date",
    ),
    (
        "date-too-early",
        {"scheme__expected_available": "1999-12"},
        "scheme.expected_available",
        "in the years 2000 to 2100",
    ),
    (
        "date-too-late",
        {"scheme__expected_available": "2101-01"},
        "scheme.expected_available",
        "in the years 2000 to 2100",
    ),
    (
        "date-words",
        {"scheme__expected_available": "June 2027"},
        "scheme.expected_available",
        "must be a date",
    ),
    (
        "date-number",
        {"scheme__expected_available": 2027},
        "scheme.expected_available",
        "must be a date",
    ),
    (
        "boolean-text",
        {"scheme__communal_space": "yes"},
        "scheme.communal_space",
        "must be true or false",
    ),
    (
        "boolean-number",
        {"finance__tenancy_conditional_on_support_provider": 0},
        "finance.tenancy_conditional_on_support_provider",
        "must be true or false",
    ),
    (
        "text-number",
        {"organisation__registered_provider_number": 4567},
        "organisation.registered_provider_number",
        "must be text",
    ),
    (
        "hectares-zero",
        {"scheme__site_area_hectares": 0},
        "scheme.site_area_hectares",
        "must be an area in hectares greater than 0",
    ),
    (
        "hectares-negative",
        {"scheme__site_area_hectares": -0.5},
        "scheme.site_area_hectares",
        "must be an area in hectares greater than 0",
    ),
    (
        "hours-negative",
        {"support__individual_hours_per_person_per_week": -1},
        "support.individual_hours_per_person_per_week",
        "must be a number of hours of 0 or more",
    ),
    (
        "bedrooms-zero",
        {"scheme__bedrooms_per_unit": 0},
        "scheme.bedrooms_per_unit",
        "must be a whole number from 1 to 10",
    ),
    (
        "wheelchair-units-over-units",
        {"scheme__wheelchair_accessible_units": 13},
        "scheme.wheelchair_accessible_units",
        "cannot be more than the number of units (12)",
    ),
    (
        "adapted-units-over-units",
        {"scheme__fully_adapted_units": 13},
        "scheme.fully_adapted_units",
        "cannot be more than the number of units (12)",
    ),
    (
        "organisation-name-missing",
        {"organisation__name": DROP},
        "organisation.name",
        "is required",
    ),
    (
        "organisation-name-blank",
        {"organisation__name": "  "},
        "organisation.name",
        "is required",
    ),
    (
        "organisation-type-missing",
        {"organisation__type": None},
        "organisation.type",
        "is required",
    ),
    ("contact-name-missing", {"contact__name": DROP}, "contact.name", "is required"),
    ("contact-email-missing", {"contact__email": DROP}, "contact.email", "is required"),
    ("offer-type-missing", {"offer_type": DROP}, "offer_type", "is required"),
    (
        "client-groups-missing",
        {"scheme__client_groups": DROP},
        "scheme.client_groups",
        "is required",
    ),
    ("scheme-missing", {"scheme": DROP}, "scheme", "is required"),
    ("organisation-missing", {"organisation": DROP}, "organisation", "is required"),
    ("contact-not-object", {"contact": ["A. Person"]}, "contact", "must be an object"),
    ("finance-not-object", {"finance": "none"}, "finance", "must be an object"),
    ("notes-not-text", {"notes": 12}, "notes", "must be text"),
]


@pytest.mark.parametrize(
    "change, path, message",
    [pytest.param(change, path, message, id=id_) for id_, change, path, message in INVALID],
)
def test_validation_rule(change, path, message):
    errors = errors_of(changed(FULL, **change))
    assert [(p, m) for p, m in errors if p == path and message in m], errors


def test_document_must_be_an_object():
    assert errors_of([FULL]) == [("offer", "must be a JSON object")]


def test_all_errors_are_collected_and_each_named_on_its_own_line():
    document = changed(
        FULL,
        scheme__number_of_flats=12,
        scheme__units=0,
        scheme__postcode="LE2 XYZ",  # malformed: kept for screening
        contact__email="nobody",
        finance__weekly_core_rent="-5",
    )
    with pytest.raises(OfferDocumentError) as raised:
        parse_offer(document)
    expected = {
        ("scheme.number_of_flats", "unknown key"),
        ("scheme.units", "must be a whole number from 1 to 500"),
        ("contact.email", "is not a valid email address"),
        ("finance.weekly_core_rent", "must be an amount in pounds of 0 or more"),
    }
    assert set(raised.value.errors) == expected
    lines = str(raised.value).splitlines()
    assert len(lines) == 4
    assert "scheme.number_of_flats: unknown key" in lines
    assert "finance.weekly_core_rent: must be an amount in pounds of 0 or more" in lines


# --------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, postcode, district",
    [
        pytest.param("LE2 1AA", "LE2 1AA", "LE2", id="city"),
        pytest.param("le18 4aa", "LE18 4AA", "LE18", id="county-lower-case"),
        pytest.param(" LE1  6ZG ", "LE1 6ZG", "LE1", id="extra-spaces"),
        pytest.param("le51aa", "LE5 1AA", "LE5", id="no-space"),
        pytest.param("SW1A 1AA", "SW1A 1AA", "SW1A", id="london-letter-suffix"),
        pytest.param("M1 1AE", "M1 1AE", "M1", id="one-letter-area"),
        pytest.param("LE2 1A", None, None, id="short-inward"),
        pytest.param("LE2", None, None, id="district-only"),
        pytest.param("QE2 1AA", None, None, id="bad-first-letter"),
        pytest.param("LE2 1AC", None, None, id="bad-inward-letter"),
        pytest.param("", None, None, id="empty"),
        pytest.param(None, None, None, id="none"),
    ],
)
def test_postcodes(value, postcode, district):
    assert normalise_postcode(value) == postcode
    assert postcode_district(value) == district


# --------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------

ENUMS = [
    OrganisationType,
    OfferType,
    DevelopmentStage,
    Configuration,
    ClientGroup,
    LandlordType,
    Tenancy,
    FundingSource,
    FrameworkLot,
    NightCover,
]


@pytest.mark.parametrize("enum", ENUMS, ids=[enum.__name__ for enum in ENUMS])
def test_every_member_has_a_plain_english_label(enum):
    for member in enum:
        assert member.label and member.label != member.value
        assert "_" not in member.label
    assert enum.choices() == [(member.value, member.label) for member in enum]


def test_labels_read_well():
    assert (
        Configuration.SELF_CONTAINED_CORE_AND_CLUSTER.label
        == "Self-contained units in a core and cluster"
    )
    assert ClientGroup.LEARNING_DISABILITY_AUTISM.label == "Learning disability and autism"
    assert ClientGroup("mental_health") is ClientGroup.MENTAL_HEALTH
    assert ClientGroup.MENTAL_HEALTH == "mental_health"


def test_enumerations_match_offer_format():
    assert [member.value for member in OrganisationType] == [
        "registered_provider",
        "local_authority",
        "charity",
        "voluntary_organisation",
        "private_developer",
        "private_landlord",
        "investor",
        "care_provider",
        "other",
    ]
    assert [member.value for member in ClientGroup] == [
        "learning_disability_autism",
        "mental_health",
        "physical_sensory",
        "older_people",
        "dementia",
        "transforming_care",
        "young_people_send",
        "looked_after_children",
        "care_leavers",
        "respite_complex_disabilities",
    ]
    assert [member.value for member in DevelopmentStage] == [
        "concept",
        "site_identified",
        "planning_submitted",
        "planning_granted",
        "under_construction",
        "existing_building",
        "open_market_purchase",
    ]


# --------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(FULL, id="full"),
        pytest.param(MINIMAL, id="minimal"),
        pytest.param(
            changed(
                FULL,
                support__individual_hours_per_person_per_week="7.5",
                scheme__site_area_hectares="0.45",
                scheme__expected_available="2030-01-15",
                finance__capital_cost=1250000.5,
            ),
            id="fractions",
        ),
    ],
)
def test_round_trip(document):
    offer = parse_offer(document)
    again = offer_to_dict(offer)
    assert parse_offer(json.loads(json.dumps(again))) == offer


def test_offer_to_dict_writes_money_as_strings_and_dates_in_full():
    document = offer_to_dict(parse_offer(FULL))
    assert document["finance"]["weekly_core_rent"] == "150.00"
    assert document["finance"]["capital_cost"] == "2400000.00"
    assert document["support"]["hourly_rate"] == "24.10"
    assert document["scheme"]["expected_available"] == "2027-06-30"
    assert document["scheme"]["site_area_hectares"] == 0.6
    assert document["scheme"]["client_groups"] == ["mental_health"]
    assert "finance" not in offer_to_dict(parse_offer(MINIMAL))
