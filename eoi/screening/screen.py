"""``screen()``: every factor of the registry, then the overall and priority.

Screening is a pure function of (offer, reference values, strategy figures,
date): it imports nothing from Django and does no I/O. Screening advises;
commissioners decide.
"""

from __future__ import annotations

from dataclasses import replace

from eoi.offers.document import OfferDocument

from .calculations import rent, right_to_buy_cap, shortfall, support_cost
from .context import ScreeningContext
from .demand import matched_demand_lines
from .priority import overall_of, priority_of
from .registry import FACTORS
from .results import Figures, MatchedDemand, ScreeningResult
from .wording import NOT_APPLICABLE_ROUTE, pence

__all__ = ["figures_of", "screen"]


def figures_of(offer: OfferDocument, ctx: ScreeningContext) -> Figures:
    support = support_cost(offer, ctx).per_person if offer.includes_support else None
    cap = right_to_buy_cap(offer, ctx)
    if not offer.includes_accommodation:
        return Figures(None, NOT_APPLICABLE_ROUTE, support, None, cap)
    facts = rent(offer, ctx)
    return Figures(
        gross_eligible_rent=None if facts.gross is None else pence(facts.gross),
        benefit_route=facts.route,
        support_cost_per_person_per_week=support,
        tenant_weekly_shortfall=shortfall(facts),
        right_to_buy_cap=cap,
    )


def screen(offer: OfferDocument, context: ScreeningContext) -> ScreeningResult:
    """Screen an offer against the strategy on ``context.on``.

    The same inputs always give the same result.
    """
    factors = {}
    for factor in FACTORS:
        factors[factor.key] = replace(factor.evaluate(offer, context), label=factor.label)
    matched = matched_demand_lines(offer, context)
    overall = overall_of(factors)
    priority, explanation = priority_of(offer, context, factors, matched, overall)
    return ScreeningResult(
        overall=overall,
        priority=priority,
        priority_explanation=explanation,
        factors=factors,
        matched_demand=tuple(
            MatchedDemand(
                cohort=line.cohort,
                unmet_units=line.unmet_units,
                public_name=line.name_for_providers,
            )
            for line in matched
        ),
        figures=figures_of(offer, context),
        screened_on=context.on,
    )
