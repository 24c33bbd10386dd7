"""Check before you offer: the answers that decide the screening, on their own.

The check asks a few of the offer's declared questions (``check_questions``),
keeps them as a draft keeps answers (by step, ``eoi.offers.journey``), and screens
the partial offer they make with the same :func:`eoi.screening.screen` as a
sent offer. The offer document requires an organisation and a contact,
which the check never asks for (no personal data): they are placeholders no
factor reads, and they never reach a draft.

What the check shows is read from the result (its demand lines, figures and
each factor's reference values), not worked out again here. Plain Python
over the offer's declarations; nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .check_questions import CHECK_QUESTIONS
from eoi.offers.document.answers import document_from_answers
from eoi.offers.document.sections import OfferDocument
from eoi.offers.document.parse import parse_offer
from eoi.screening import LHA, ROUTE_LABELS, ReferenceUse, ScreeningResult
from eoi.screening.wording import EXEMPT

# What the document requires and the check never asks. No screening factor
# reads these (tests/eoi/test_check.py holds the rules to that).
PLACEHOLDERS: dict[str, dict] = {
    "organisation": {"name": "Not asked", "type": "charity"},
    "contact": {"name": "Not asked", "email": "not-asked@example.invalid"},
}


def step_answers(answers: Mapping[str, object]) -> dict[str, dict]:
    """The check's answers (by question name) as a draft keeps them: by step.

    Unanswered questions are left out, so the draft's step stays "Incomplete"
    or "Not yet started" until the provider answers the rest.
    """
    by_step: dict[str, dict] = {}
    for question in CHECK_QUESTIONS:
        value = answers.get(question.name)
        if value in (None, "", [], ()):
            continue
        by_step.setdefault(question.step, {})[question.name] = value
    return by_step


def offer_document(answers: Mapping[str, object]) -> OfferDocument:
    """The partial offer the answers make, with the placeholders it needs.

    Raises :class:`eoi.offers.document.parse.OfferDocumentError` if the answers do not
    make an offer (they do once the check's form accepts them).
    """
    document = document_from_answers(step_answers(answers))
    for section, values in PLACEHOLDERS.items():
        document[section] = dict(values)
    return parse_offer(document)


@dataclass(frozen=True)
class TenantCharges:
    """What the tenant pays a week themselves, and its parts (None if unknown)."""

    rent_above_benefit: Decimal | None
    ineligible_charge: Decimal | None

    @property
    def total(self) -> Decimal | None:
        if self.rent_above_benefit is None:
            return None
        return self.rent_above_benefit + (self.ineligible_charge or Decimal(0))


@dataclass(frozen=True)
class CheckOutcome:
    """What the check page shows, read from a screening result."""

    result: ScreeningResult
    benefit_route: str  # in words; "" when the offer has no homes
    rates: tuple[ReferenceUse, ...]  # the rate that applies to the rent
    tenant: TenantCharges | None  # None when the offer has no homes


def check_outcome(offer: OfferDocument, result: ScreeningResult) -> CheckOutcome:
    """The check's findings: the result, with the rent's route, rate and charges."""
    if not offer.includes_accommodation:
        return CheckOutcome(result, "", (), None)
    route = result.figures.benefit_route
    rent_level = result.factors.get("rent_level")
    rates = rent_level.reference_values if rent_level else ()
    ineligible = offer.finance.weekly_ineligible_charge if offer.finance else None
    return CheckOutcome(
        result=result,
        benefit_route=ROUTE_LABELS.get(route, "") if route in (LHA, EXEMPT) else "",
        rates=tuple(rates),
        tenant=TenantCharges(result.figures.tenant_weekly_shortfall, ineligible),
    )
