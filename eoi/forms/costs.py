"""Costs and funding: landlord, tenancy and rent; care and support; funding."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from ..offer_document import (
    FrameworkLot,
    FundingSource,
    LandlordType,
    NightCover,
    Tenancy,
)
from .base import StepForm
from .fields import MoneyField, NumberField, YesNoField, pick
from .layout import checkboxes, money, radios, text


class RentForm(StepForm):
    landlord_type = forms.ChoiceField(
        label="Who will be the landlord?",
        choices=LandlordType.choices(),
        widget=forms.RadioSelect,
        error_messages=pick("Select who will be the landlord"),
    )
    landlord_provides_care_support_or_supervision = YesNoField(
        label=(
            "Will the landlord, or someone on its behalf, provide care, support "
            "or supervision?"
        ),
        help_text=(
            "This decides whether Housing Benefit treats the homes as exempt "
            "accommodation, outside the Local Housing Allowance."
        ),
        required_message=(
            "Select yes if the landlord, or someone on its behalf, will provide "
            "care, support or supervision"
        ),
    )
    tenancy = forms.ChoiceField(
        label="What will tenants be offered?",
        choices=Tenancy.choices(),
        widget=forms.RadioSelect,
        error_messages=pick("Select what tenants will be offered"),
    )
    tenancy_conditional_on_support_provider = YesNoField(
        label=(
            "Will the tenancy depend on the tenant getting support from a "
            "particular provider?"
        ),
        help_text=(
            "Tenants must be able to choose another support provider without "
            "risk to their tenancy."
        ),
        required_message=(
            "Select yes if the tenancy will depend on the tenant getting support "
            "from a particular provider"
        ),
    )
    weekly_core_rent = MoneyField(
        label="Core rent a week",
        noun="Core rent",
        required_message="Enter the core rent a week",
    )
    weekly_eligible_service_charge = MoneyField(
        label="Eligible service charge a week",
        help_text=(
            "Charges Housing Benefit can meet, such as cleaning communal areas. "
            "Enter 0 if there are none."
        ),
        noun="Eligible service charge",
        required_message="Enter the eligible service charge a week",
    )
    weekly_ineligible_charge = MoneyField(
        label="Ineligible charges a week",
        help_text=(
            "Charges tenants pay from their own income, such as heating, "
            "lighting and water in their own home. Enter 0 if there are none."
        ),
        noun="Ineligible charges",
        required_message="Enter the ineligible charges a week",
    )

    summary_labels = {
        "landlord_type": "Landlord",
        "landlord_provides_care_support_or_supervision": (
            "Landlord provides care, support or supervision"
        ),
        "tenancy": "Tenancy",
        "tenancy_conditional_on_support_provider": (
            "Tenancy depends on the support provider"
        ),
    }

    def layout_fields(self):
        return [
            radios("landlord_type"),
            radios("landlord_provides_care_support_or_supervision", inline=True),
            radios("tenancy"),
            radios("tenancy_conditional_on_support_provider", inline=True),
            money("weekly_core_rent"),
            money("weekly_eligible_service_charge"),
            money("weekly_ineligible_charge"),
        ]


class SupportForm(StepForm):
    provider_on_framework = YesNoField(
        label=(
            "Is the care and support provider on Leicester’s Supported Living "
            "framework?"
        ),
        required_message=(
            "Select yes if the provider is on the Supported Living framework"
        ),
    )
    framework_lots = forms.MultipleChoiceField(
        label="If the provider is on the framework, which lots is it on?",
        help_text=(
            "Select all that apply. Leave these blank if the provider is not on "
            "the framework."
        ),
        required=False,
        choices=FrameworkLot.choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=pick("Select the lots the provider is on"),
    )
    individual_hours_per_person_per_week = NumberField(
        label="Individual support hours for each person, a week",
        noun="Individual support hours",
        example="10 or 7.5",
        required_message="Enter the individual support hours for each person, a week",
        max_digits=6,
        decimal_places=2,
        unit=" hours",
    )
    shared_core_hours_per_week = NumberField(
        label="Shared core support hours for the scheme, a week",
        help_text=(
            "Support shared by everyone living there, such as staff on site "
            "during the day. Enter 0 if there is none."
        ),
        noun="Shared core hours",
        example="112",
        required_message="Enter the shared core support hours a week",
        max_digits=7,
        decimal_places=2,
        unit=" hours",
    )
    night_cover = forms.ChoiceField(
        label="What night cover will there be?",
        choices=NightCover.choices(),
        widget=forms.RadioSelect,
        error_messages=pick("Select the night cover"),
    )
    hourly_rate = MoneyField(
        label="Hourly rate for care and support",
        help_text="The rate you would charge the council for an hour of support.",
        noun="Hourly rate",
        required_message="Enter the hourly rate for care and support",
        per_week=False,
    )

    summary_labels = {
        "provider_on_framework": "On the Supported Living framework",
        "framework_lots": "Framework lots",
        "individual_hours_per_person_per_week": "Individual support hours a week",
        "shared_core_hours_per_week": "Shared core hours a week",
        "night_cover": "Night cover",
        "hourly_rate": "Hourly rate",
    }

    def layout_fields(self):
        return [
            radios("provider_on_framework", inline=True),
            checkboxes("framework_lots"),
            text("individual_hours_per_person_per_week", width=5),
            text("shared_core_hours_per_week", width=5),
            radios("night_cover"),
            money("hourly_rate"),
        ]

    def clean(self):
        data = super().clean()
        on_framework, lots = (
            data.get("provider_on_framework"),
            data.get("framework_lots"),
        )
        if on_framework is True and not lots and not self.has_error("framework_lots"):
            self.add_error(
                "framework_lots",
                ValidationError("Select the lots the provider is on", code="required"),
            )
        if on_framework is False and lots:
            self.add_error(
                "framework_lots",
                ValidationError(
                    "You said the provider is not on the framework, so do not "
                    "select any lots",
                    code="not_on_framework",
                ),
            )
        return data


class FundingForm(StepForm):
    capital_cost = MoneyField(
        label="Total capital cost (optional)",
        help_text=(
            "The total cost of building, buying or adapting the homes, in pounds."
        ),
        noun="Capital cost",
        required=False,
        max_digits=14,
        per_week=False,
    )
    funding_sources = forms.MultipleChoiceField(
        label="How will the homes be paid for? (optional)",
        help_text="Select all that apply.",
        required=False,
        choices=FundingSource.choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=pick("Select how the homes will be paid for"),
    )
    right_to_buy_receipts_requested = MoneyField(
        label="Right to Buy receipts you are asking the council for",
        help_text=(
            "Enter 0 if you are not asking for any. Council capital and Right "
            "to Buy receipts need approval under the council’s procurement rules."
        ),
        noun="Right to Buy receipts",
        required=False,
        initial="0",
        max_digits=14,
        per_week=False,
    )

    summary_labels = {
        "capital_cost": "Capital cost",
        "funding_sources": "Funding",
        "right_to_buy_receipts_requested": "Right to Buy receipts asked for",
    }

    def layout_fields(self):
        return [
            money("capital_cost"),
            checkboxes("funding_sources"),
            money("right_to_buy_receipts_requested"),
        ]

    def clean_right_to_buy_receipts_requested(self):
        amount = self.cleaned_data["right_to_buy_receipts_requested"]
        return Decimal("0.00") if amount is None else amount
