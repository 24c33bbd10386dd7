"""The forms of the offer journey: one form per step (``eoi.offers.journey``).

A step form's cleaned data is what the draft keeps for that step, made
JSON-safe by :meth:`StepForm.answers` (Decimal as a string, a month as
``YYYY-MM``), under the field names of the offer document
(docs/offer-format.md). ``eoi.offers.journey`` says which section of the document
each step's answers go to.

Every message follows the GOV.UK Design System's error message guidance:
specific, and saying how to put it right.

The questions themselves (labels, hints, limits, messages) are declared once
in ``eoi.offer``; ``questions`` makes their fields. Modules: ``fields``
(fields and their messages), ``questions`` (a field for each question),
``layout`` (crispy-forms-gds layout helpers), ``base`` (:class:`StepForm`),
and the step forms by task list section: ``about_you``, ``offer``, ``costs``,
``attachments``.
"""

from .about_you import ContactForm, OrganisationForm, SaveLinkForm
from .attachments import AttachmentsForm
from .base import StepForm
from .costs import FundingForm, RentForm, SupportForm
from .fields import (
    MoneyField,
    MonthYearField,
    NumberField,
    WholeNumberField,
    YesNoField,
)
from .offer import ClientGroupsForm, ConfigurationForm, OfferTypeForm, SchemeForm

__all__ = [
    "AttachmentsForm",
    "ClientGroupsForm",
    "ConfigurationForm",
    "ContactForm",
    "FundingForm",
    "MoneyField",
    "MonthYearField",
    "NumberField",
    "OfferTypeForm",
    "OrganisationForm",
    "RentForm",
    "SaveLinkForm",
    "SchemeForm",
    "StepForm",
    "SupportForm",
    "WholeNumberField",
    "YesNoField",
]
