"""The overall recommendation and the priority (0–100) of a screened offer.

Overall: not supported when any factor does not meet; review when any has a
concern or needs more information; otherwise progress (recommend a meeting).

Priority, one explained line per contribution, every weight a reference
value (``priority_*``):

- up to ``priority_demand_points`` (40) for the share of offered units that
  meet unmet demand (40 × min(units, unmet) ÷ units; half when matched but
  the units are not given);
- ``priority_less_well_served_points`` (10) in an area less well served;
- ``priority_preferred_model_points`` (15) for the preferred model;
- deliverability: ``priority_stage_points_<stage>`` (existing building,
  under construction, planning granted 20; open market purchase 15; planning
  submitted 12; site identified 6; concept 2) plus
  ``priority_available_soon_points`` (5) when available within
  ``priority_available_soon_days`` (730) of screening (an existing building
  with no date counts as available now);
- ``priority_site_line_points`` (10) for filling a line keyed ✿ (no
  small-site concern);
- less ``priority_concern_penalty_points`` (10) for each factor with a
  concern or needing more information.

The total is kept within 0–100; a not-supported offer scores 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from eoi.offers.document import DevelopmentStage, OfferDocument

from .context import DemandLineState, ScreeningContext
from .demand import site_lines
from .factors import location, quality
from .reference_keys import stage_points_key
from .registry import FACTOR_LABELS
from .results import FactorResult, Outcome, Overall
from .wording import and_list, day, lower_first

__all__ = ["overall_of", "priority_of"]

MAX_PRIORITY = 100


def overall_of(factors: dict[str, FactorResult]) -> Overall:
    outcomes = {result.outcome for result in factors.values()}
    if Outcome.DOES_NOT_MEET in outcomes:
        return Overall.NOT_SUPPORTED
    if outcomes & {Outcome.CONCERN, Outcome.MORE_INFORMATION_NEEDED}:
        return Overall.REVIEW
    return Overall.PROGRESS


def _demand_points(
    offer: OfferDocument, ctx: ScreeningContext, matched: tuple[DemandLineState, ...]
) -> tuple[int, str]:
    full = ctx.whole("priority_demand_points")
    total_unmet = sum(line.unmet_units for line in matched)
    units = offer.scheme.units
    if not matched:
        return 0, "no unmet demand in the strategy matches the offer"
    if units is None:
        return (
            full // 2,
            f"matches unmet demand ({total_unmet} unmet), but the number of units is not given",
        )
    meeting = min(units, total_unmet)
    score = int((Decimal(full * meeting) / units).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    share = f"all {units}" if meeting == units else f"{meeting} of the {units}"
    return score, f"{share} units meet unmet demand ({total_unmet} unmet)"


def _period(days: int) -> str:
    years = {365: "a year", 730: "two years", 1095: "three years"}
    return years.get(days, f"{days} days")


def _deliverability(offer: OfferDocument, ctx: ScreeningContext) -> tuple[int, str]:
    scheme = offer.scheme
    if not offer.includes_accommodation:
        return 0, "care and support only: no building to deliver"
    stage = scheme.development_stage
    if stage is None:
        return 0, "deliverability unknown: no development stage given"
    score = ctx.whole(stage_points_key(stage))
    soon = ctx.whole("priority_available_soon_points")
    text = lower_first(stage.label)
    available = scheme.expected_available
    within = ctx.whole("priority_available_soon_days")
    if available is not None and (available - ctx.on).days <= within:
        score += soon
        text += f", available by {day(available)} (within {_period(within)})"
    elif available is None and stage is DevelopmentStage.EXISTING_BUILDING:
        score += soon
        text += ", available now"
    elif available is not None:
        text += f", available by {day(available)}"
    return score, f"deliverability: {text}"


def priority_of(
    offer: OfferDocument,
    ctx: ScreeningContext,
    factors: dict[str, FactorResult],
    matched: tuple[DemandLineState, ...],
    overall: Overall,
) -> tuple[int, tuple[str, ...]]:
    """Priority 0–100 and its explanation, one line per contribution."""
    points: list[tuple[int, str]] = [_demand_points(offer, ctx, matched)]

    if location.LESS_WELL_SERVED in factors[location.KEY].rows:
        points.append(
            (
                ctx.whole("priority_less_well_served_points"),
                "in an area less well served",
            )
        )
    else:
        points.append((0, "not shown to be in an area less well served"))

    if quality.PREFERRED_MODEL in factors[quality.KEY].rows:
        points.append(
            (
                ctx.whole("priority_preferred_model_points"),
                "the preferred model: core and cluster with communal space and a staff office",
            )
        )
    else:
        points.append((0, "not the preferred core and cluster model"))

    points.append(_deliverability(offer, ctx))

    lines = site_lines(offer, ctx) if offer.includes_accommodation else []
    if lines and quality.SMALL_SITE not in factors[quality.KEY].rows:
        cohorts = and_list([line.name_for_providers for line in lines])
        points.append(
            (
                ctx.whole("priority_site_line_points"),
                f"fills a gap keyed ✿ in the strategy (sites still required): {cohorts}",
            )
        )

    penalty = ctx.whole("priority_concern_penalty_points")
    for result in factors.values():
        if result.outcome in (Outcome.CONCERN, Outcome.MORE_INFORMATION_NEEDED):
            points.append(
                (
                    -penalty,
                    f"{lower_first(result.outcome.label)}: "
                    f"{lower_first(FACTOR_LABELS[result.factor])}",
                )
            )

    explanation = [f"{score:+d}: {text}" for score, text in points]
    total = max(0, min(MAX_PRIORITY, sum(score for score, _ in points)))
    if overall is Overall.NOT_SUPPORTED:
        failing = [
            lower_first(FACTOR_LABELS[result.factor])
            for result in factors.values()
            if result.outcome is Outcome.DOES_NOT_MEET
        ]
        explanation.append(
            f"= 0: not supported, as {'; '.join(failing)} "
            f"{'does' if len(failing) == 1 else 'do'} not meet the strategy "
            f"(the points above add up to {total})"
        )
        return 0, tuple(explanation)
    explanation.append(f"= {total} out of {MAX_PRIORITY}")
    return total, tuple(explanation)
