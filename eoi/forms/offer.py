"""About the offer: its type, the scheme, the homes, and who it is for."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from ..offer_document import (
    ClientGroup,
    Configuration,
    DevelopmentStage,
    OfferType,
    normalise_postcode,
)
from .base import StepForm
from .fields import (
    MonthYearField,
    NumberField,
    WardField,
    WholeNumberField,
    YesNoField,
    choices_with_hints,
    pick,
    text_input,
)
from .layout import checkboxes, month_year, radios, text

OFFER_TYPE_HINTS = {
    OfferType.ACCOMMODATION: (
        "Homes for people with care and support needs. The council arranges "
        "their care and support separately, through its framework."
    ),
    OfferType.CARE_AND_SUPPORT: (
        "Care and support for people living in supported living, without the homes."
    ),
    OfferType.ACCOMMODATION_AND_SUPPORT: (
        "Homes, with care and support provided by your organisation or a partner."
    ),
}


class OfferTypeForm(StepForm):
    heading = "What are you offering?"

    offer_type = forms.ChoiceField(
        label=heading,
        choices=choices_with_hints(OfferType, OFFER_TYPE_HINTS),
        widget=forms.RadioSelect,
        error_messages=pick("Select what you are offering"),
    )

    summary_labels = {"offer_type": "Offer"}

    def layout_fields(self):
        return [radios("offer_type", heading=True)]


class SchemeForm(StepForm):
    name = forms.CharField(
        label="Name of the scheme",
        max_length=200,
        help_text="If it does not have a name yet, use the street name.",
        error_messages={
            "required": "Enter the name of the scheme",
            "max_length": "Name of the scheme must be 200 characters or fewer",
        },
    )
    address = forms.CharField(
        label="Address",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the address of the scheme",
            "max_length": "Address must be 1,000 characters or fewer",
        },
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=text_input(spellcheck="false", autocapitalize="characters"),
        error_messages={
            "required": "Enter the postcode of the scheme",
            "max_length": "Enter a real postcode, like LE2 1AA",
        },
    )
    ward = WardField(
        label="Ward",
        help_text=(
            "Leicester has 21 wards. Postcodes LE1 to LE5 also cover some "
            "streets in Leicestershire, outside the city, so tell us the ward "
            "if you know it."
        ),
        error_messages=pick("Select the ward, or select ‘I do not know’"),
    )
    development_stage = forms.ChoiceField(
        label="How far has the development got?",
        choices=DevelopmentStage.choices(),
        widget=forms.RadioSelect,
        error_messages=pick("Select how far the development has got"),
    )
    site_area_hectares = NumberField(
        label="Site area in hectares (optional)",
        required=False,
        help_text="For example, 0.6. One hectare is 10,000 square metres.",
        noun="Site area",
        example="0.6",
        max_digits=8,
        decimal_places=3,
        above_zero=True,
        unit=" hectares",
    )
    expected_available = MonthYearField(
        label="When do you expect the homes to be available? (optional)",
        required=False,
        help_text="For example, 6 2028. Leave this blank if you do not know yet.",
        noun="Expected date",
        earliest=2020,
        latest=2040,
    )

    summary_labels = {
        "name": "Scheme name",
        "development_stage": "Development stage",
        "site_area_hectares": "Site area",
        "expected_available": "Expected to be available",
    }

    def layout_fields(self):
        return [
            text("name"),
            Field.textarea("address", label_size=Size.SMALL, rows=3),
            text("postcode", width=10),
            Field.select("ward"),
            radios("development_stage"),
            text("site_area_hectares", width=5),
            month_year("expected_available"),
        ]

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise ValidationError("Enter a real postcode, like LE2 1AA", code="invalid")
        return postcode


CONFIGURATION_HINTS = {
    Configuration.SELF_CONTAINED_CORE_AND_CLUSTER: (
        "Self-contained homes near a hub with communal space and a staff "
        "office. This is the council’s preferred model."
    ),
    Configuration.SHARED_HOUSE: (
        "Tenants have their own bedroom and share a kitchen or bathroom. The "
        "council has little to no demand for shared housing."
    ),
}


class ConfigurationForm(StepForm):
    configuration = forms.ChoiceField(
        label="How are the homes arranged?",
        choices=choices_with_hints(Configuration, CONFIGURATION_HINTS),
        widget=forms.RadioSelect,
        error_messages=pick("Select how the homes are arranged"),
    )
    units = WholeNumberField(
        label="Number of units",
        help_text=(
            "Count each self-contained home as one unit. In a shared house, "
            "count each bedroom let to a tenant."
        ),
        noun="Number of units",
        low=1,
        high=500,
        required_message="Enter the number of units",
    )
    bedrooms_per_unit = WholeNumberField(
        label="Bedrooms in each unit",
        help_text="For a shared house, enter 1.",
        noun="Bedrooms in each unit",
        low=1,
        high=10,
        required_message="Enter the number of bedrooms in each unit",
    )
    shared_house_bedrooms = WholeNumberField(
        label="If it is a shared house, how many bedrooms does the house have?",
        required=False,
        help_text="Only answer this for a shared house.",
        noun="Bedrooms in the shared house",
        low=1,
        high=20,
        required_message="",
    )
    communal_space = YesNoField(
        label="Is there communal space for the tenants?",
        required_message="Select yes if there is communal space for the tenants",
    )
    staff_office = YesNoField(
        label="Is there an office for support staff?",
        required_message="Select yes if there is an office for support staff",
    )
    wheelchair_accessible_units = WholeNumberField(
        label="Number of wheelchair accessible units",
        help_text="Enter 0 if there are none.",
        noun="Wheelchair accessible units",
        low=0,
        high=500,
        required_message="Enter the number of wheelchair accessible units",
    )
    fully_adapted_units = WholeNumberField(
        label="Number of fully adapted units",
        help_text="Units adapted for a disabled tenant. Enter 0 if there are none.",
        noun="Fully adapted units",
        low=0,
        high=500,
        required_message="Enter the number of fully adapted units",
    )

    summary_labels = {
        "configuration": "Arrangement",
        "shared_house_bedrooms": "Bedrooms in the shared house",
        "communal_space": "Communal space",
        "staff_office": "Staff office",
        "wheelchair_accessible_units": "Wheelchair accessible units",
        "fully_adapted_units": "Fully adapted units",
    }

    def layout_fields(self):
        return [
            radios("configuration"),
            text("units", width=3),
            text("bedrooms_per_unit", width=3),
            text("shared_house_bedrooms", width=3),
            radios("communal_space", inline=True),
            radios("staff_office", inline=True),
            text("wheelchair_accessible_units", width=3),
            text("fully_adapted_units", width=3),
        ]

    def clean(self):
        data = super().clean()
        if data.get("configuration") == Configuration.SHARED_HOUSE:
            if data.get("shared_house_bedrooms") is None and not self.has_error(
                "shared_house_bedrooms"
            ):
                self.add_error(
                    "shared_house_bedrooms",
                    ValidationError(
                        "Enter the number of bedrooms in the shared house",
                        code="required",
                    ),
                )
        elif "shared_house_bedrooms" in data:
            # Only a shared house has a number of shared bedrooms.
            data["shared_house_bedrooms"] = None
        units = data.get("units")
        for name, noun in (
            ("wheelchair_accessible_units", "Wheelchair accessible units"),
            ("fully_adapted_units", "Fully adapted units"),
        ):
            if units is not None and (data.get(name) or 0) > units:
                self.add_error(
                    name,
                    ValidationError(
                        f"{noun} must be no more than the number of units ({units})",
                        code="more_than_units",
                    ),
                )
        return data


class ClientGroupsForm(StepForm):
    client_groups = forms.MultipleChoiceField(
        label="Who is the offer for?",
        help_text="Select all that apply.",
        choices=ClientGroup.choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=pick("Select at least one client group"),
    )
    residents_have_eligible_care_needs = YesNoField(
        label="Will everyone it is for have eligible social care needs?",
        help_text=(
            "The strategy’s guiding principle is that “people who are tenants of "
            "supported living have social care needs at a level that will benefit "
            "from supported living services”."
        ),
        required_message=(
            "Select yes if everyone it is for will have eligible social care needs"
        ),
    )

    summary_labels = {
        "client_groups": "Client groups",
        "residents_have_eligible_care_needs": "Everyone has eligible social care needs",
    }

    def layout_fields(self):
        return [
            checkboxes("client_groups"),
            radios("residents_have_eligible_care_needs", inline=True),
        ]
