"""The ordered list of factors an offer is screened against.

Like Django's ``AUTH_PASSWORD_VALIDATORS``: a list of dotted paths, each to a
module (or object) with ``KEY``, ``LABEL`` and ``evaluate(offer, context)``.
Results list the factors in this order; a new factor is a new module and a
new line here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from eoi.offers.document import OfferDocument

from .context import ScreeningContext
from .results import FactorResult

__all__ = ["FACTORS", "FACTOR_LABELS", "SCREENING_FACTORS", "Factor", "load_factors"]

SCREENING_FACTORS = [
    "eoi.screening.factors.procurement",
    "eoi.screening.factors.strategic_fit",
    "eoi.screening.factors.rent_level",
    "eoi.screening.factors.support_costs",
    "eoi.screening.factors.tenant_affordability",
    "eoi.screening.factors.location",
    "eoi.screening.factors.quality",
]


@dataclass(frozen=True)
class Factor:
    """One factor: its key (as stored in results), label and rule."""

    key: str
    label: str
    evaluate: Callable[[OfferDocument, ScreeningContext], FactorResult]

    def __call__(self, offer: OfferDocument, context: ScreeningContext) -> FactorResult:
        return self.evaluate(offer, context)


def load_factors(paths: Sequence[str]) -> tuple[Factor, ...]:
    factors = []
    for path in paths:
        unit = import_module(path)
        factors.append(Factor(key=unit.KEY, label=unit.LABEL, evaluate=unit.evaluate))
    keys = [factor.key for factor in factors]
    if len(set(keys)) != len(keys):
        raise ValueError(f"A screening factor is listed twice: {keys}")
    return tuple(factors)


FACTORS = load_factors(SCREENING_FACTORS)
FACTOR_LABELS = {factor.key: factor.label for factor in FACTORS}
