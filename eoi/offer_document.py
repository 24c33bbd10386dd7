"""The offer document: one offer as one JSON object (docs/offer-format.md).

The web form, ``import_offers``, ``screen_offer``, the export and the tests
all speak this format. The declarations live in :mod:`eoi.offer`; this module
is the name the rest of the portal imports them by. Plain Python: nothing
here imports Django.
"""

from .offer.about import Contact, Organisation, Scheme
from .offer.choices import (
    ClientGroup,
    Configuration,
    DevelopmentStage,
    FrameworkLot,
    FundingSource,
    LabelledChoices,
    LandlordType,
    NightCover,
    OfferType,
    OrganisationType,
    Tenancy,
)
from .offer.costs import Finance, Support
from .offer.document import OfferDocument
from .offer.parse import (
    OfferDocumentError,
    normalise_postcode,
    offer_to_dict,
    parse_offer,
    postcode_district,
)

__all__ = [
    "ClientGroup",
    "Configuration",
    "Contact",
    "DevelopmentStage",
    "Finance",
    "FrameworkLot",
    "FundingSource",
    "LabelledChoices",
    "LandlordType",
    "NightCover",
    "OfferDocument",
    "OfferDocumentError",
    "OfferType",
    "Organisation",
    "OrganisationType",
    "Scheme",
    "Support",
    "Tenancy",
    "normalise_postcode",
    "offer_to_dict",
    "parse_offer",
    "postcode_district",
]
