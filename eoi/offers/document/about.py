"""The organisation, the contact and the scheme: each field declared once.

Field order is the document's order (docs/offer-format.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .choices import ClientGroup, Configuration, DevelopmentStage, OrganisationType
from .questions import Kind, ask


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """Who is making the offer."""

    name: str = ask(
        Kind.TEXT,
        "Organisation name",
        step="organisation",
        column_label="organisation",
        noun="Organisation name",
        ask_message="Enter the name of your organisation",
        required=True,
        max_length=200,
        attrs={"autocomplete": "organization"},
    )
    type: OrganisationType = ask(
        Kind.CHOICE,
        "Type of organisation",
        step="organisation",
        ask_message="Select the type of organisation",
        required=True,
        choices=OrganisationType,
    )
    registered_provider_number: str | None = ask(
        Kind.TEXT,
        "Registered provider number (optional)",
        step="organisation",
        short="Registered provider number",
        hint="Your registration number with the Regulator of Social Housing.",
        noun="Registered provider number",
        optional=True,
        max_length=40,
        width=10,
    )
    companies_house_number: str | None = ask(
        Kind.TEXT,
        "Companies House number (optional)",
        step="organisation",
        short="Companies House number",
        noun="Companies House number",
        optional=True,
        max_length=40,
        width=10,
    )
    charity_number: str | None = ask(
        Kind.TEXT,
        "Charity number (optional)",
        step="organisation",
        short="Charity number",
        noun="Charity number",
        optional=True,
        max_length=40,
        width=10,
    )
    cqc_registered: bool | None = ask(
        Kind.YES_NO,
        "Is your organisation registered with the Care Quality Commission (CQC)?",
        step="organisation",
        short="Registered with the CQC",
        report="Registered with the Care Quality Commission (CQC)",
        ask_message="Select yes if your organisation is registered with the CQC",
    )


@dataclass(frozen=True, kw_only=True)
class Contact:
    """The person the council should talk to."""

    name: str = ask(
        Kind.TEXT,
        "Full name",
        step="contact",
        noun="Full name",
        ask_message="Enter the full name of the person we should contact",
        required=True,
        max_length=200,
        attrs={"autocomplete": "name", "spellcheck": "false"},
    )
    email: str = ask(
        Kind.EMAIL,
        "Email address",
        step="contact",
        hint="We will only use this to contact you about this offer.",
        noun="Email address",
        ask_message="Enter an email address",
        required=True,
        max_length=254,
    )
    phone: str | None = ask(
        Kind.PHONE,
        "Phone number (optional)",
        step="contact",
        short="Phone number",
        hint="For international numbers include the country code.",
        noun="Phone number",
        optional=True,
        max_length=40,
        width=20,
        attrs={"autocomplete": "tel", "input_type": "tel"},
    )
    role: str | None = ask(
        Kind.TEXT,
        "Job title or role (optional)",
        step="contact",
        short="Job title or role",
        report="Role",
        noun="Job title or role",
        optional=True,
        max_length=200,
        attrs={"autocomplete": "organization-title"},
    )


@dataclass(frozen=True, kw_only=True)
class Scheme:
    """The homes offered, or (for care and support only) who it is for.

    ``expected_available`` is a :class:`datetime.date`. A ``YYYY-MM`` value is
    taken as the *last* day of that month ("available by the end of June
    2027"), so an offer is never treated as ready earlier than it said.
    """

    name: str | None = ask(
        Kind.TEXT,
        "Name of the scheme",
        step="scheme",
        column_label="scheme",
        short="Scheme name",
        report="Name of the scheme",
        hint="If it does not have a name yet, use the street name.",
        noun="Name of the scheme",
        ask_message="Enter the name of the scheme",
        max_length=200,
    )
    address: str | None = ask(
        Kind.LONG_TEXT,
        "Address",
        step="scheme",
        noun="Address",
        ask_message="Enter the address of the scheme",
        max_length=1000,
        rows=3,
    )
    postcode: str | None = ask(
        Kind.POSTCODE,
        "Postcode",
        step="scheme",
        ask_message="Enter the postcode of the scheme",
        max_length=10,
        width=10,
        attrs={"spellcheck": "false", "autocapitalize": "characters"},
    )
    ward: str | None = ask(
        Kind.WARD,
        "Ward",
        step="scheme",
        hint=(
            "Leicester has 21 wards. Postcodes LE1 to LE5 also cover some "
            "streets in Leicestershire, outside the city, so tell us the ward "
            "if you know it."
        ),
        ask_message="Select the ward, or select ‘I do not know’",
        max_length=100,
    )
    development_stage: DevelopmentStage | None = ask(
        Kind.CHOICE,
        "How far has the development got?",
        step="scheme",
        short="Development stage",
        report="How far the development has got",
        ask_message="Select how far the development has got",
        choices=DevelopmentStage,
    )
    site_area_hectares: Decimal | None = ask(
        Kind.HECTARES,
        "Site area in hectares (optional)",
        step="scheme",
        short="Site area",
        hint="For example, 0.6. One hectare is 10,000 square metres.",
        noun="Site area",
        example="0.6",
        optional=True,
        max_digits=8,
        decimal_places=3,
        width=5,
    )
    expected_available: datetime.date | None = ask(
        Kind.MONTH,
        "When do you expect the homes to be available? (optional)",
        step="scheme",
        report_in="funding",
        short="Expected to be available",
        hint="For example, 6 2028. Leave this blank if you do not know yet.",
        noun="Expected date",
        optional=True,
        low=2020,
        high=2040,
    )
    configuration: Configuration | None = ask(
        Kind.CHOICE,
        "How are the homes arranged?",
        step="configuration",
        short="Arrangement",
        report="How the homes are arranged",
        ask_message="Select how the homes are arranged",
        choices=Configuration,
        choice_hints={
            Configuration.SELF_CONTAINED_CORE_AND_CLUSTER: (
                "Self-contained homes near a hub with communal space and a staff "
                "office. This is the council’s preferred model."
            ),
            Configuration.SHARED_HOUSE: (
                "Tenants have their own bedroom and share a kitchen or bathroom. "
                "The council has little to no demand for shared housing."
            ),
        },
    )
    units: int | None = ask(
        Kind.WHOLE,
        "Number of units",
        step="configuration",
        column_label="units",
        hint=(
            "Count each self-contained home as one unit. In a shared house, "
            "count each bedroom let to a tenant."
        ),
        noun="Number of units",
        ask_message="Enter the number of units",
        low=1,
        high=500,
    )
    bedrooms_per_unit: int | None = ask(
        Kind.WHOLE,
        "Bedrooms in each unit",
        step="configuration",
        hint="For a shared house, enter 1.",
        noun="Bedrooms in each unit",
        ask_message="Enter the number of bedrooms in each unit",
        low=1,
        high=10,
    )
    shared_house_bedrooms: int | None = ask(
        Kind.WHOLE,
        "If it is a shared house, how many bedrooms does the house have?",
        step="configuration",
        short="Bedrooms in the shared house",
        report="If a shared house, bedrooms in the house",
        hint="Only answer this for a shared house.",
        noun="Bedrooms in the shared house",
        # Asked of a shared house only (ConfigurationForm.clean).
        ask_message="Enter the number of bedrooms in the shared house",
        optional=True,
        low=1,
        high=20,
    )
    communal_space: bool | None = ask(
        Kind.YES_NO,
        "Is there communal space for the tenants?",
        step="configuration",
        short="Communal space",
        report="Communal space for the tenants",
        ask_message="Select yes if there is communal space for the tenants",
    )
    staff_office: bool | None = ask(
        Kind.YES_NO,
        "Is there an office for support staff?",
        step="configuration",
        short="Staff office",
        report="Office for support staff",
        ask_message="Select yes if there is an office for support staff",
    )
    wheelchair_accessible_units: int | None = ask(
        Kind.WHOLE,
        "Number of wheelchair accessible units",
        step="configuration",
        short="Wheelchair accessible units",
        hint="Enter 0 if there are none.",
        noun="Wheelchair accessible units",
        ask_message="Enter the number of wheelchair accessible units",
        low=0,
        high=500,
        at_most="units",
    )
    fully_adapted_units: int | None = ask(
        Kind.WHOLE,
        "Number of fully adapted units",
        step="configuration",
        short="Fully adapted units",
        hint="Units adapted for a disabled tenant. Enter 0 if there are none.",
        noun="Fully adapted units",
        ask_message="Enter the number of fully adapted units",
        low=0,
        high=500,
        at_most="units",
    )
    client_groups: tuple[ClientGroup, ...] = ask(
        Kind.CHOICES,
        "Who is the offer for?",
        step="client-groups",
        short="Client groups",
        report="Who the offer is for",
        hint="Select all that apply.",
        ask_message="Select at least one client group",
        required=True,
        choices=ClientGroup,
    )
    residents_have_eligible_care_needs: bool | None = ask(
        Kind.YES_NO,
        "Will everyone it is for have eligible social care needs?",
        step="client-groups",
        short="Everyone has eligible social care needs",
        report="Everyone it is for has eligible social care needs",
        hint=(
            "The strategy’s guiding principle is that “people who are tenants of "
            "supported living have social care needs at a level that will benefit "
            "from supported living services”."
        ),
        ask_message=("Select yes if everyone it is for will have eligible social care needs"),
    )

    @property
    def gives_address(self) -> bool:
        """True when the scheme says where it is (address, postcode or ward)."""
        return any(v is not None for v in (self.address, self.postcode, self.ward))
