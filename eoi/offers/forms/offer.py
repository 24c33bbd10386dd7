"""About the offer: its type, the scheme, the homes, and who it is for."""

from django.core.exceptions import ValidationError

from eoi.offers.document.choices import Configuration
from eoi.offers.document.sections import BY_PATH
from .questions import questions_form


class OfferTypeForm(questions_form("offer-type")):
    heading = BY_PATH["offer_type"].label


class SchemeForm(questions_form("scheme")):
    pass


class ConfigurationForm(questions_form("configuration")):
    def clean(self):
        data = super().clean()
        bedrooms = BY_PATH["scheme.shared_house_bedrooms"]
        if data.get("configuration") == Configuration.SHARED_HOUSE:
            if data.get(bedrooms.name) is None and not self.has_error(bedrooms.name):
                self.add_error(
                    bedrooms.name,
                    ValidationError(bedrooms.ask_message, code="required"),
                )
        elif bedrooms.name in data:
            # Only a shared house has a number of shared bedrooms.
            data[bedrooms.name] = None
        return data


class ClientGroupsForm(questions_form("client-groups")):
    pass
