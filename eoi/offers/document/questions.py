"""How a question of the offer is declared, and the parts of the offer.

Each field of the offer document is declared once, as a dataclass field
whose metadata is a :class:`Question` (``eoi.offers.document.about``, ``costs`` and
``document``): its kind, the question on the web form, its shorter labels
for check answers and the PDF summary, its hint, limits and choices, the
step that asks it and the section of the summary that shows it. The
document parser, the step forms, check answers, the model's columns (and so
the admin) and the PDF all read these.

A :class:`Part` is one step of the web journey and one section of the PDF
summary; it says when it applies to the offer type. Plain Python: nothing
here imports Django.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .choices import LabelledChoices, OfferType


class Kind(enum.Enum):
    """What sort of answer a question takes (and so how it is parsed, asked,
    stored and worded)."""

    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # several lines
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    WARD = "ward"  # one of the city's wards, from the strategy data
    CHOICE = "choice"  # one of ``choices``
    CHOICES = "choices"  # any of ``choices`` (at least one when required)
    YES_NO = "yes_no"
    WHOLE = "whole"  # a whole number from ``low`` to ``high``
    MONEY = "money"  # pounds and pence, 0 or more, less than ``number_limit``
    HOURS = "hours"  # a number of hours, 0 or more, less than ``number_limit``
    HECTARES = "hectares"  # an area, more than 0, less than ``number_limit``
    MONTH = "month"  # a month, or a day, in the years ``low`` to ``high`` on the form


@dataclasses.dataclass(frozen=True, kw_only=True)
class Question:
    """One field of the offer: how it is asked, checked and shown.

    ``required`` is the offer document's rule and ``optional`` the web
    form's: the form asks for more than a document must hold, so staff can
    import an offer with fewer answers and screening says what is missing.
    ``name`` and ``section`` are filled in from the dataclass field.
    """

    kind: Kind
    label: str  # the question on the web form
    step: str  # the Part that asks it
    short: str = ""  # on check answers; the label when not given
    report: str = ""  # in the PDF summary and the admin; ``short`` when not given
    column_label: str = ""  # in the admin's queue, where ``report`` is too long
    hint: str = ""
    noun: str = ""  # names the answer in the form's error messages
    ask_message: str = ""  # on the form when not answered (or not a choice)
    optional: bool = False  # on the form
    required: bool = False  # in the document
    choices: type[LabelledChoices] | None = None
    choice_hints: Mapping[str, str] = dataclasses.field(default_factory=dict)
    low: int | None = None
    high: int | None = None
    at_most: str = ""  # a sibling whole number this one cannot exceed
    max_length: int | None = None
    max_digits: int | None = None
    decimal_places: int = 2
    per: str = ""  # money or hours: "week" or "hour"
    example: str = ""  # a number as typed, in error messages
    initial: Any = None
    report_in: str = ""  # the Part whose summary section shows it, if not ``step``
    width: int | None = None  # of a text input, in characters (GOV.UK widths)
    attrs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    rows: int = 3  # of a long text
    name: str = ""
    section: str = ""

    @property
    def path(self) -> str:
        """Where it is in the document: ``"scheme.units"``, ``"offer_type"``."""
        return f"{self.section}.{self.name}" if self.section else self.name

    @property
    def column(self) -> str:
        """Its column on the ``Offer`` model: ``"scheme_units"``."""
        return self.path.replace(".", "_")

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @property
    def report_label(self) -> str:
        return self.report or self.short_label

    @property
    def digits(self) -> int:
        """Digits in all, for a number: pounds up to £10,000,000,000 by default."""
        return self.max_digits or 12

    @property
    def number_limit(self) -> Decimal:
        """A number must be less than this to fit its column (``digits``,
        ``decimal_places``): 10,000,000,000 for pounds by default."""
        return Decimal(10) ** (self.digits - self.decimal_places)


def ask(kind: Kind, label: str, **declaration) -> Any:
    """A dataclass field of the offer document, declared as a question.

    A required question has no default; any other is "not given" (``None``,
    or an empty tuple for a list) when missing.
    """
    question = Question(kind=kind, label=label, **declaration)
    if question.required:
        return dataclasses.field(metadata={"question": question})
    default = () if kind is Kind.CHOICES else None
    return dataclasses.field(default=default, metadata={"question": question})


def section(*, required: bool) -> Any:
    """A dataclass field holding a section of the document."""
    if required:
        return dataclasses.field(metadata={"section": True})
    return dataclasses.field(default=None, metadata={"section": False})


# --------------------------------------------------------------------------
# The parts: steps of the web form, sections of the summary
# --------------------------------------------------------------------------

Applies = Callable[[OfferType], bool]


def _accommodation(offer_type: OfferType) -> bool:
    return offer_type.includes_accommodation


def _support(offer_type: OfferType) -> bool:
    return offer_type.includes_support


@dataclasses.dataclass(frozen=True)
class Part:
    slug: str  # the step's URL segment and the key of its answers in a draft
    title: str  # of the step: task list, page heading, check answers card
    report_title: str  # of its section in the PDF summary
    when: Applies | None = None  # None: every offer

    def applies_to(self, offer_type: object) -> bool:
        """Whether it applies to an offer of this type (a code or a member).

        An offer type not known yet, or no longer a code, may need it.
        """
        if self.when is None:
            return True
        try:
            return self.when(OfferType(offer_type))
        except ValueError:
            return True


PARTS: tuple[Part, ...] = (
    Part("organisation", "Organisation details", "Organisation"),
    Part("contact", "Contact details", "Contact"),
    Part("offer-type", "What you are offering", "Offer type"),
    Part("scheme", "Where the scheme is", "Scheme", _accommodation),
    Part("configuration", "The homes", "Configuration and units", _accommodation),
    Part("client-groups", "Who it is for", "Client groups"),
    Part("rent", "Landlord, tenancy and rent", "Rent and charges", _accommodation),
    Part("support", "Care and support", "Support", _support),
    Part("funding", "Funding", "Funding and timescales", _accommodation),
    Part("attachments", "Plans and notes", "Notes"),
)
PART = {part.slug: part for part in PARTS}
