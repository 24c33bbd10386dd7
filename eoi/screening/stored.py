"""A stored screening result read back: :func:`result_from_dict`, the
factors in the registry's order and with its labels."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .registry import FACTOR_LABELS
from .results import (
    FactorResult,
    Figures,
    MatchedDemand,
    Outcome,
    Overall,
    ReferenceUse,
    ScreeningResult,
)

__all__ = ["result_from_dict"]


def _money_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def result_from_dict(data: Mapping[str, Any]) -> ScreeningResult:
    """Rebuild a stored result from :meth:`ScreeningResult.to_dict` output.

    Factors come back in the rules' own order: PostgreSQL's jsonb keeps no
    key order, so a stored result's order cannot be trusted. Keys added since
    a result was stored (``right_to_buy_cap``, ``reference_values``) may be
    missing, as may a matched line's ``public_name`` (its cohort names it).
    """
    figures = data["figures"]
    order = {name: index for index, name in enumerate(FACTOR_LABELS)}
    return ScreeningResult(
        overall=Overall(data["overall"]),
        priority=int(data["priority"]),
        priority_explanation=tuple(data.get("priority_explanation", ())),
        factors={
            name: FactorResult(
                factor=name,
                label=FACTOR_LABELS.get(name, name),
                outcome=Outcome(item["outcome"]),
                reason=item["reason"],
                rows=tuple(item.get("rows", ())),
                reference_values=tuple(
                    ReferenceUse.from_dict(use) for use in item.get("reference_values", ())
                ),
            )
            for name, item in sorted(
                data["factors"].items(), key=lambda pair: order.get(pair[0], len(order))
            )
        },
        matched_demand=tuple(
            MatchedDemand(
                cohort=item["cohort"],
                unmet_units=int(item["unmet_units"]),
                public_name=item.get("public_name", ""),
            )
            for item in data["matched_demand"]
        ),
        figures=Figures(
            gross_eligible_rent=_money_or_none(figures.get("gross_eligible_rent")),
            benefit_route=figures.get("benefit_route"),
            support_cost_per_person_per_week=_money_or_none(
                figures.get("support_cost_per_person_per_week")
            ),
            tenant_weekly_shortfall=_money_or_none(figures.get("tenant_weekly_shortfall")),
            right_to_buy_cap=_money_or_none(figures.get("right_to_buy_cap")),
        ),
        screened_on=datetime.date.fromisoformat(data["screened_on"]),
    )
