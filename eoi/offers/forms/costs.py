"""Costs and funding: landlord, tenancy and rent; care and support; funding."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from eoi.offers.document.sections import BY_PATH
from .questions import questions_form


class RentForm(questions_form("rent")):
    pass


class SupportForm(questions_form("support")):
    def clean(self):
        data = super().clean()
        on_framework, lots = (
            data.get("provider_on_framework"),
            data.get("framework_lots"),
        )
        if on_framework is True and not lots and not self.has_error("framework_lots"):
            self.add_error(
                "framework_lots",
                ValidationError(BY_PATH["support.framework_lots"].ask_message, code="required"),
            )
        if on_framework is False and lots:
            self.add_error(
                "framework_lots",
                ValidationError(
                    "You said the provider is not on the framework, so do not select any lots",
                    code="not_on_framework",
                ),
            )
        return data


class FundingForm(questions_form("funding")):
    def clean_right_to_buy_receipts_requested(self):
        # Not asking for any is the usual answer: a blank means £0.
        amount = self.cleaned_data["right_to_buy_receipts_requested"]
        return Decimal("0.00") if amount is None else amount
