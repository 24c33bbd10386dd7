"""Each validation rule of the offer journey's forms, and what they store."""

from decimal import Decimal

import pytest

from eoi.offers import forms
from tests.eoi.journey_answers import BY_STEP

FORMS = {
    "organisation": forms.OrganisationForm,
    "contact": forms.ContactForm,
    "scheme": forms.SchemeForm,
    "configuration": forms.ConfigurationForm,
    "client-groups": forms.ClientGroupsForm,
    "rent": forms.RentForm,
    "support": forms.SupportForm,
    "funding": forms.FundingForm,
    "attachments": forms.AttachmentsForm,
}


@pytest.fixture(autouse=True)
def wards(strategy_data):
    """The scheme form lists the city's wards from the database."""


def bound(form_class, **changes):
    slug = next(slug for slug, cls in FORMS.items() if cls is form_class)
    return form_class(data={**BY_STEP[slug], **changes})


def errors(form_class, field, **changes):
    form = bound(form_class, **changes)
    assert not form.is_valid()
    return form.errors[field]


@pytest.mark.parametrize("slug", sorted(FORMS))
def test_the_example_answers_are_valid_and_survive_a_round_trip(slug):
    form = FORMS[slug](data=BY_STEP[slug])
    assert form.is_valid(), form.errors

    again = FORMS[slug].from_answers(form.answers())

    assert again.is_valid(), again.errors
    assert again.answers() == form.answers()


# Postcodes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the postcode of the scheme"),
        ("LE2", "Enter a real postcode, like LE2 1AA"),
        ("75008", "Enter a real postcode, like LE2 1AA"),  # Paris
        ("K1A 0B1", "Enter a real postcode, like LE2 1AA"),  # Ottawa
        ("LE2 1AA 1AA", "Enter a real postcode, like LE2 1AA"),
    ],
)
def test_a_postcode_must_be_a_real_uk_postcode(typed, message):
    assert errors(forms.SchemeForm, "postcode", postcode=typed) == [message]


@pytest.mark.parametrize("typed", ["le21aa", " LE2  1AA ", "le2 1aa"])
def test_a_postcode_is_normalised(typed):
    form = bound(forms.SchemeForm, postcode=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == "LE2 1AA"


def test_a_county_postcode_is_accepted_for_screening_to_judge():
    assert bound(forms.SchemeForm, postcode="LE18 4AA").is_valid()


def test_the_ward_may_be_unknown():
    form = bound(forms.SchemeForm, ward="unknown")
    assert form.is_valid()
    assert form.cleaned_data["ward"] is None
    assert errors(forms.SchemeForm, "ward", ward="Narnia") == [
        "Select the ward, or select ‘I do not know’"
    ]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0", "Site area must be more than 0 hectares"),
        ("-1", "Site area must be more than 0 hectares"),
        ("big", "Site area must be a number, like 0.6"),
    ],
)
def test_a_site_area_is_more_than_nothing(typed, message):
    assert errors(forms.SchemeForm, "site_area_hectares", site_area_hectares=typed) == [message]


# Money ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the core rent a week"),
        ("-1", "Core rent must be £0 or more"),
        ("-0.01", "Core rent must be £0 or more"),
        ("a lot", "Core rent must be an amount of money, like 150 or 150.50"),
        ("150.555", "Core rent must be in pounds and pence, like 150.50"),
        ("NaN", "Core rent must be an amount of money, like 150 or 150.50"),
        ("99999999999", "Core rent must be less than £10,000,000,000"),
    ],
)
def test_money_must_be_pounds_and_pence_of_zero_or_more(typed, message):
    assert errors(forms.RentForm, "weekly_core_rent", weekly_core_rent=typed) == [message]


@pytest.mark.parametrize(
    "typed, stored",
    [("£1,234.5", "1234.50"), ("0", "0.00"), ("-0", "0.00"), (" 150 ", "150.00")],
)
def test_money_is_stored_as_pounds_and_pence(typed, stored):
    form = bound(forms.RentForm, weekly_core_rent=typed)
    assert form.is_valid(), form.errors
    assert form.answers()["weekly_core_rent"] == stored


def test_right_to_buy_receipts_default_to_nothing():
    form = bound(forms.FundingForm, right_to_buy_receipts_requested="")
    assert form.is_valid()
    assert form.answers()["right_to_buy_receipts_requested"] == "0.00"
    assert forms.FundingForm().initial == {} and (
        forms.FundingForm()["right_to_buy_receipts_requested"].value() == "0"
    )


# Whole numbers -------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0", "501", "1.5", "ten", "-3"])
def test_units_are_a_whole_number_from_1_to_500(typed):
    assert errors(forms.ConfigurationForm, "units", units=typed) == [
        "Number of units must be a whole number from 1 to 500"
    ]


def test_units_are_required():
    assert errors(forms.ConfigurationForm, "units", units="") == ["Enter the number of units"]


@pytest.mark.parametrize("typed", ["1", "500"])
def test_units_at_the_limits_are_accepted(typed):
    assert bound(
        forms.ConfigurationForm,
        units=typed,
        wheelchair_accessible_units="0",
        fully_adapted_units="0",
    ).is_valid()


@pytest.mark.parametrize(
    "field, noun",
    [
        ("wheelchair_accessible_units", "Wheelchair accessible units"),
        ("fully_adapted_units", "Fully adapted units"),
    ],
)
def test_adapted_units_cannot_be_more_than_the_units(field, noun):
    assert errors(forms.ConfigurationForm, field, units="4", **{field: "5"}) == [
        f"{noun} must be no more than the number of units (4)"
    ]
    assert bound(
        forms.ConfigurationForm,
        units="4",
        wheelchair_accessible_units="4",
        fully_adapted_units="4",
    ).is_valid()


# Conditional questions -----------------------------------------------------


def test_a_shared_house_needs_its_number_of_bedrooms():
    assert errors(
        forms.ConfigurationForm, "shared_house_bedrooms", configuration="shared_house"
    ) == ["Enter the number of bedrooms in the shared house"]
    form = bound(forms.ConfigurationForm, configuration="shared_house", shared_house_bedrooms="4")
    assert form.is_valid()
    assert form.answers()["shared_house_bedrooms"] == 4


def test_shared_house_bedrooms_are_dropped_for_other_configurations():
    form = bound(forms.ConfigurationForm, shared_house_bedrooms="4")
    assert form.is_valid()
    assert form.answers()["shared_house_bedrooms"] is None


def test_a_provider_on_the_framework_says_which_lots():
    assert errors(forms.SupportForm, "framework_lots", framework_lots=[]) == [
        "Select the lots the provider is on"
    ]


def test_a_provider_not_on_the_framework_selects_no_lots():
    assert errors(forms.SupportForm, "framework_lots", provider_on_framework="no") == [
        "You said the provider is not on the framework, so do not select any lots"
    ]
    form = bound(forms.SupportForm, provider_on_framework="no", framework_lots=[])
    assert form.is_valid()
    assert form.answers()["provider_on_framework"] is False
    assert form.answers()["framework_lots"] == []


def test_at_least_one_client_group():
    assert errors(forms.ClientGroupsForm, "client_groups", client_groups=[]) == [
        "Select at least one client group"
    ]


def test_yes_or_no_must_be_answered():
    assert errors(forms.ConfigurationForm, "communal_space", communal_space="") == [
        "Select yes if there is communal space for the tenants"
    ]
    assert errors(forms.ConfigurationForm, "communal_space", communal_space="maybe") == [
        "Select yes if there is communal space for the tenants"
    ]


# Dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "month, year, message",
    [
        ("13", "2028", "Expected date must be a real date"),
        ("0", "2028", "Expected date must be a real date"),
        ("6", "28", "Expected date must be a real date"),
        ("Juneish", "2028", "Expected date must be a real date"),
        ("6", "2019", "Expected date must be between 2020 and 2040"),
        ("6", "2041", "Expected date must be between 2020 and 2040"),
        ("6", "", "Expected date must include a year"),
        ("", "2028", "Expected date must include a month"),
    ],
)
def test_the_expected_date_must_be_a_sane_month(month, year, message):
    assert errors(
        forms.SchemeForm,
        "expected_available",
        expected_available_0=month,
        expected_available_1=year,
    ) == [message]


@pytest.mark.parametrize(
    "month, year, stored",
    [
        ("6", "2028", "2028-06"),
        ("June", "2028", "2028-06"),
        ("dec", "2040", "2040-12"),
        ("1", "2020", "2020-01"),
        ("", "", None),
    ],
)
def test_the_expected_date_is_stored_as_year_and_month(month, year, stored):
    form = bound(forms.SchemeForm, expected_available_0=month, expected_available_1=year)
    assert form.is_valid(), form.errors
    assert form.answers()["expected_available"] == stored


# Contact details -----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["not an email", "name@", "@example.com", "name@localhost", "a b@example.com"],
)
def test_an_email_address_must_look_real(typed):
    assert errors(forms.ContactForm, "email", email=typed) == [
        "Enter an email address in the correct format, like name@example.com"
    ]


def test_an_email_address_is_required():
    assert errors(forms.ContactForm, "email", email="") == ["Enter an email address"]


@pytest.mark.parametrize("typed", ["call me", "123", "0116 454 1004 ext 2 x"])
def test_a_phone_number_must_look_like_one(typed):
    assert errors(forms.ContactForm, "phone", phone=typed) == [
        "Enter a telephone number, like 0116 454 1004 or +44 116 454 1004"
    ]


def test_the_save_link_form_checks_the_email_address_the_same_way():
    form = forms.SaveLinkForm(data={"email": "name@localhost"})
    assert not form.is_valid()
    assert form.errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]


# What check answers shows --------------------------------------------------


def test_answers_are_shown_in_words():
    rent = dict(
        (label, lines)
        for _name, label, lines in forms.RentForm.summary_rows(
            {
                "landlord_type": "registered_provider",
                "landlord_provides_care_support_or_supervision": True,
                "weekly_core_rent": "150.00",
            }
        )
    )
    assert rent["Core rent a week"] == ["£150.00 a week"]
    assert rent["Landlord"] == ["Registered provider of social housing (housing association)"]
    assert rent["Landlord provides care, support or supervision"] == ["Yes"]
    assert rent["Ineligible charges a week"] == ["Not given"]
    scheme = {
        label: lines
        for _n, label, lines in forms.SchemeForm.summary_rows(
            {
                "expected_available": "2027-06",
                "ward": None,
                "site_area_hectares": "0.6",
                "address": "1 Street\nLeicester",
            }
        )
    }
    assert scheme["Expected to be available"] == ["June 2027"]
    assert scheme["Ward"] == ["I do not know"]
    assert scheme["Site area"] == ["0.6 hectares"]
    assert scheme["Address"] == ["1 Street", "Leicester"]
    assert isinstance(forms.MoneyField(noun="X").clean("1"), Decimal)
