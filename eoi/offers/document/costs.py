"""Rent, charges and capital; care and support: each field declared once.

Money is pounds (a week, unless the question says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .choices import FrameworkLot, FundingSource, LandlordType, NightCover, Tenancy
from .questions import Kind, ask


@dataclass(frozen=True, kw_only=True)
class Finance:
    """Landlord, tenancy, rent and charges (pounds a week), and capital."""

    landlord_type: LandlordType | None = ask(
        Kind.CHOICE,
        "Who will be the landlord?",
        step="rent",
        short="Landlord",
        ask_message="Select who will be the landlord",
        choices=LandlordType,
    )
    landlord_provides_care_support_or_supervision: bool | None = ask(
        Kind.YES_NO,
        "Will the landlord, or someone on its behalf, provide care, support or supervision?",
        step="rent",
        short="Landlord provides care, support or supervision",
        report=("Landlord, or someone on its behalf, provides care, support or supervision"),
        hint=(
            "This decides whether Housing Benefit treats the homes as exempt "
            "accommodation, outside the Local Housing Allowance."
        ),
        ask_message=(
            "Select yes if the landlord, or someone on its behalf, will provide "
            "care, support or supervision"
        ),
    )
    tenancy: Tenancy | None = ask(
        Kind.CHOICE,
        "What will tenants be offered?",
        step="rent",
        short="Tenancy",
        report="Tenancy offered",
        ask_message="Select what tenants will be offered",
        choices=Tenancy,
    )
    tenancy_conditional_on_support_provider: bool | None = ask(
        Kind.YES_NO,
        "Will the tenancy depend on the tenant getting support from a particular provider?",
        step="rent",
        short="Tenancy depends on the support provider",
        report="Tenancy depends on getting support from a particular provider",
        hint=(
            "Tenants must be able to choose another support provider without risk to their tenancy."
        ),
        ask_message=(
            "Select yes if the tenancy will depend on the tenant getting support "
            "from a particular provider"
        ),
    )
    weekly_core_rent: Decimal | None = ask(
        Kind.MONEY,
        "Core rent a week",
        step="rent",
        report="Core rent",
        noun="Core rent",
        ask_message="Enter the core rent a week",
        per="week",
    )
    weekly_eligible_service_charge: Decimal | None = ask(
        Kind.MONEY,
        "Eligible service charge a week",
        step="rent",
        report="Eligible service charge",
        hint=(
            "Charges Housing Benefit can meet, such as cleaning communal areas. "
            "Enter 0 if there are none."
        ),
        noun="Eligible service charge",
        ask_message="Enter the eligible service charge a week",
        per="week",
    )
    weekly_ineligible_charge: Decimal | None = ask(
        Kind.MONEY,
        "Ineligible charges a week",
        step="rent",
        report="Ineligible charges",
        hint=(
            "Charges tenants pay from their own income, such as heating, "
            "lighting and water in their own home. Enter 0 if there are none."
        ),
        noun="Ineligible charges",
        ask_message="Enter the ineligible charges a week",
        per="week",
    )
    capital_cost: Decimal | None = ask(
        Kind.MONEY,
        "Total capital cost (optional)",
        step="funding",
        short="Capital cost",
        report="Total capital cost",
        hint="The total cost of building, buying or adapting the homes, in pounds.",
        noun="Capital cost",
        optional=True,
        max_digits=14,
    )
    funding_sources: tuple[FundingSource, ...] = ask(
        Kind.CHOICES,
        "How will the homes be paid for? (optional)",
        step="funding",
        short="Funding",
        report="How the homes will be paid for",
        hint="Select all that apply.",
        ask_message="Select how the homes will be paid for",
        optional=True,
        choices=FundingSource,
    )
    right_to_buy_receipts_requested: Decimal | None = ask(
        Kind.MONEY,
        "Right to Buy receipts you are asking the council for",
        step="funding",
        short="Right to Buy receipts asked for",
        report="Right to Buy receipts asked of the council",
        hint=(
            "Enter 0 if you are not asking for any. Council capital and Right "
            "to Buy receipts need approval under the council’s procurement rules."
        ),
        noun="Right to Buy receipts",
        optional=True,
        initial="0",  # and a blank answer is £0 (FundingForm)
        max_digits=14,
    )


@dataclass(frozen=True, kw_only=True)
class Support:
    """The care and support model and its costs."""

    provider_on_framework: bool | None = ask(
        Kind.YES_NO,
        "Is the care and support provider on Leicester’s Supported Living framework?",
        step="support",
        short="On the Supported Living framework",
        report="Provider on Leicester’s Supported Living framework",
        ask_message="Select yes if the provider is on the Supported Living framework",
    )
    framework_lots: tuple[FrameworkLot, ...] = ask(
        Kind.CHOICES,
        "If the provider is on the framework, which lots is it on?",
        step="support",
        short="Framework lots",
        report="If on the framework, its lots",
        hint=("Select all that apply. Leave these blank if the provider is not on the framework."),
        # Needed when the provider is on the framework (SupportForm.clean).
        ask_message="Select the lots the provider is on",
        optional=True,
        choices=FrameworkLot,
    )
    individual_hours_per_person_per_week: Decimal | None = ask(
        Kind.HOURS,
        "Individual support hours for each person, a week",
        step="support",
        short="Individual support hours a week",
        report="Individual support hours for each person",
        noun="Individual support hours",
        example="10 or 7.5",
        ask_message="Enter the individual support hours for each person, a week",
        max_digits=6,
        per="week",
        width=5,
    )
    shared_core_hours_per_week: Decimal | None = ask(
        Kind.HOURS,
        "Shared core support hours for the scheme, a week",
        step="support",
        short="Shared core hours a week",
        report="Shared core support hours for the scheme",
        hint=(
            "Support shared by everyone living there, such as staff on site "
            "during the day. Enter 0 if there is none."
        ),
        noun="Shared core hours",
        example="112",
        ask_message="Enter the shared core support hours a week",
        max_digits=7,
        per="week",
        width=5,
    )
    night_cover: NightCover | None = ask(
        Kind.CHOICE,
        "What night cover will there be?",
        step="support",
        short="Night cover",
        ask_message="Select the night cover",
        choices=NightCover,
    )
    hourly_rate: Decimal | None = ask(
        Kind.MONEY,
        "Hourly rate for care and support",
        step="support",
        short="Hourly rate",
        report="Hourly rate for care and support",
        hint="The rate you would charge the council for an hour of support.",
        noun="Hourly rate",
        ask_message="Enter the hourly rate for care and support",
        per="hour",
    )
