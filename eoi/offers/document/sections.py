"""The offer document: its sections, and the registry of its questions.

``QUESTIONS`` lists every field of the offer in document order, each a
:class:`~eoi.offers.document.questions.Question` with its ``name`` and ``section``
filled in; the parser, the web form, check answers, the model's columns and
the PDF summary all read it.
"""

from __future__ import annotations

import dataclasses

from .about import Contact, Organisation, Scheme
from .choices import OfferType
from .costs import Finance, Support
from .questions import PART, Kind, Question, ask, section

__all__ = [
    "BY_COLUMN",
    "BY_PATH",
    "QUESTIONS",
    "SECTIONS",
    "OfferDocument",
    "asked_at",
    "questions_of",
    "reported_in",
]


@dataclasses.dataclass(frozen=True, kw_only=True)
class OfferDocument:
    """One offer. ``finance`` and ``support`` are ``None`` when omitted."""

    organisation: Organisation = section(required=True)
    contact: Contact = section(required=True)
    offer_type: OfferType = ask(
        Kind.CHOICE,
        "What are you offering?",
        step="offer-type",
        short="Offer",
        report="What is offered",
        ask_message="Select what you are offering",
        required=True,
        choices=OfferType,
        choice_hints={
            OfferType.ACCOMMODATION: (
                "Homes for people with care and support needs. The council "
                "arranges their care and support separately, through its framework."
            ),
            OfferType.CARE_AND_SUPPORT: (
                "Care and support for people living in supported living, without the homes."
            ),
            OfferType.ACCOMMODATION_AND_SUPPORT: (
                "Homes, with care and support provided by your organisation or a partner."
            ),
        },
    )
    scheme: Scheme = section(required=True)
    finance: Finance | None = section(required=False)
    support: Support | None = section(required=False)
    notes: str | None = ask(
        Kind.LONG_TEXT,
        "Anything else you want to tell us? (optional)",
        step="attachments",
        short="Notes",
        report="Anything else the provider told us",
        noun="Notes",
        optional=True,
        max_length=5000,
        rows=5,
    )

    @property
    def includes_accommodation(self) -> bool:
        return self.offer_type.includes_accommodation

    @property
    def includes_support(self) -> bool:
        return self.offer_type.includes_support


SECTIONS: dict[str, type] = {
    "organisation": Organisation,
    "contact": Contact,
    "scheme": Scheme,
    "finance": Finance,
    "support": Support,
}


def _declared(cls: type, section_name: str = ""):
    for field in dataclasses.fields(cls):
        if "section" in field.metadata:
            yield from _declared(SECTIONS[field.name], field.name)
        else:
            question = field.metadata["question"]
            yield dataclasses.replace(question, name=field.name, section=section_name)


QUESTIONS: tuple[Question, ...] = tuple(_declared(OfferDocument))
BY_PATH: dict[str, Question] = {question.path: question for question in QUESTIONS}
BY_COLUMN: dict[str, Question] = {question.column: question for question in QUESTIONS}


def questions_of(section_name: str) -> list[Question]:
    """The questions of a section (``""``: the document's top level)."""
    return [question for question in QUESTIONS if question.section == section_name]


def asked_at(step: str) -> list[Question]:
    """The questions a step of the web form asks, in document order."""
    return [question for question in QUESTIONS if question.step == step]


def reported_in(step: str) -> list[Question]:
    """The questions the PDF summary shows in a part's section."""
    return [q for q in QUESTIONS if (q.report_in or q.step) == step]


def _check_declarations() -> None:
    # A mistyped step or sibling is an import error, not a question lost.
    for question in QUESTIONS:
        for slug in (question.step, question.report_in or question.step):
            if slug not in PART:
                raise LookupError(f"{question.path}: no part {slug!r}")
        if question.at_most and f"{question.section}.{question.at_most}" not in BY_PATH:
            raise LookupError(f"{question.path}: no question {question.at_most!r}")


_check_declarations()
