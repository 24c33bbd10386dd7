"""The offer document: one offer as one JSON object (docs/offer-format.md),
each of its fields declared once.

The web form, ``import_offers``, ``screen_offer``, the export and the tests
all speak this format, and import it by this package's names:

- ``choices``: the offer's enumerations (and the strategy's, re-exported);
- ``questions``: how a question is declared (:class:`Question`), the parts
  of the offer (steps of the web form, sections of the PDF) and when each
  applies;
- ``about`` (organisation, contact, scheme) and ``costs`` (finance,
  support): the sections of the document as frozen dataclasses, each field
  declared as a question;
- ``sections``: :class:`OfferDocument` and the registry ``QUESTIONS``;
- ``parse``: JSON to :class:`OfferDocument` and back;
- ``wording``: an answer worded for check answers and the PDF;
- ``answers``: the document a draft's answers (by step) make;

Plain Python: nothing here imports Django.
"""

from eoi.offers.document.about import Contact, Organisation, Scheme
from eoi.offers.document.choices import (
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
from eoi.offers.document.costs import Finance, Support
from eoi.offers.document.sections import OfferDocument
from eoi.offers.document.parse import (
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
