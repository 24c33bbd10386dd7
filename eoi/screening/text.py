"""A screening result as plain text, for ``screen_offer --format text``."""

from __future__ import annotations

from .results import ScreeningResult
from .wording import ROUTE_LABELS, ROUTE_NOT_SETTLED, a_week, day, gbp

__all__ = ["result_as_text"]


def result_as_text(result: ScreeningResult) -> str:
    lines = [f"Screened on {day(result.screened_on)}", ""]
    for factor in result.factors.values():
        lines.append(f"{factor.label}: {factor.outcome.label}")
        lines.append(f"  {factor.reason}")
    lines += ["", f"Overall: {result.overall.label}"]
    lines.append(f"Priority: {result.priority} out of 100")
    lines += [f"  {item}" for item in result.priority_explanation]
    lines += ["", "Matched demand:"]
    if result.matched_demand:
        lines += [
            f"  {line.name_for_providers}: {line.unmet_units} units unmet"
            for line in result.matched_demand
        ]
    else:
        lines.append("  none")
    figures = result.figures
    route = ROUTE_LABELS.get(figures.benefit_route, ROUTE_NOT_SETTLED)
    lines += [
        "",
        "Figures:",
        f"  Gross eligible rent: {a_week(figures.gross_eligible_rent)}",
        f"  Benefit route: {route}",
        f"  Support cost per person: {a_week(figures.support_cost_per_person_per_week)}",
        f"  Rent above what benefit meets: {a_week(figures.tenant_weekly_shortfall)}",
        "  Right to Buy receipts cap: "
        + (
            "no capital cost given"
            if figures.right_to_buy_cap is None
            else gbp(figures.right_to_buy_cap)
        ),
    ]
    return "\n".join(lines)
