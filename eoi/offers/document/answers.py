"""The offer document the web form's answers make.

A draft keeps answers by part (``{"organisation": {"name": ...}, ...}``);
each answer's place in the document (docs/offer-format.md) is its question's
path. Plain Python, so the services that turn a draft into an offer need not
know the form's pages.
"""

from collections.abc import Mapping

from eoi.offers.document.questions import PARTS
from eoi.offers.document.sections import asked_at

Answers = Mapping[str, dict]


def document_from_answers(answers: Answers) -> dict:
    """The offer document the answers make.

    Only the parts that apply to the offer type contribute. Missing answers
    are simply missing: :func:`eoi.offers.document.parse_offer` reports them,
    and ``eoi.offers.journey.step_for_path`` says which step to send the
    provider back to.
    """
    offer_type = (answers.get("offer-type") or {}).get("offer_type")
    document: dict = {}
    for part in PARTS:
        if not part.applies_to(offer_type):
            continue
        stored = answers.get(part.slug) or {}
        for question in asked_at(part.slug):
            if question.name in stored:
                *sections, key = question.path.split(".")
                target = document
                for section in sections:
                    target = target.setdefault(section, {})
                target[key] = stored[question.name]
    return document
