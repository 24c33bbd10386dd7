"""The progress report's view of accepted schemes after acceptance: their
slipped milestones (issue 24). Read from ``eoi.triage.milestone_selectors``;
the counting of their homes is the balance's (``eoi.progress.stages``)."""

from __future__ import annotations

import datetime

from django.conf import settings

from eoi.triage.milestone_selectors import milestone_date, slipped_milestone_list
from strategy.tables import Table

from .report_tables import months_between


def slipped_milestones_table(*, as_of: datetime.date) -> Table:
    months = settings.EOI_SLIPPAGE_THRESHOLD_MONTHS
    return Table(
        key="slipped_milestones",
        caption="Accepted offers' milestones that have slipped",
        head=(
            "Offer",
            "Scheme",
            "Milestone",
            "Forecast at acceptance",
            "Forecast now or date confirmed",
            "Months later",
            "Reason given",
        ),
        rows=tuple(
            (
                m.offer.reference,
                m.offer.scheme_name,
                m.get_kind_display(),
                m.original_forecast,
                milestone_date(m),
                months_between(m.original_forecast, milestone_date(m)),
                m.forecast_reason,
            )
            for m in slipped_milestone_list()
        ),
        note=f"Slipped: the forecast now is more than {months} months later than the "
        f"forecast when the offer was accepted. As of {as_of:%-d %B %Y}.",
    )


# The 2025 scrutiny review's own figures (docs/strategy-data.md §4, from
# docs/seeds/003, the review of 2025): shown beside the computed ones until
# the delivery records behind them are entered. (label, stated value, unit).
STATED_2025_SOURCE = "Scrutiny review of the strategy, 2025 (docs/seeds/003)"
STATED_2025 = {
    "delivered": ("Units delivered", 56, "units"),
    "sites": ("Sites delivered", 11, "sites"),
    "confirmed": ("Units confirmed for delivery (2025/26 in the review)", 22, "units"),
}


def delivery_table(*, result, position, year_forecast: int, year: str) -> Table:
    """Delivery against the strategy, per phase, as the 2025 review reports it."""
    rows = tuple(
        (
            f"Phase {p.number} ({p.period})",
            p.figures.target,
            p.figures.delivered,
            p.figures.firm,
            p.figures.accepted,
            p.figures.shortfall,
        )
        for p in result.phases
    )
    return Table(
        key="delivery",
        caption="Delivery against the strategy (units)",
        head=(
            "Phase",
            "Target",
            "Delivered",
            "Confirmed (firm pipeline)",
            "Accepted offers",
            "Still to find",
        ),
        rows=rows,
        foot=(
            "Whole strategy",
            position.demand_total,
            position.delivered,
            position.firm_pipeline,
            position.accepted_offers,
            position.unmet_total,
        ),
        note=f"Delivered over {position.delivered_sites:,} sites; {year_forecast:,} units are "
        f"forecast for {year}. The phases need not add up to the whole strategy: a phase's "
        "target is the figure stated for it, and homes delivered without a scheme are placed "
        "in a phase by their date alone.",
    )


def stated_figures_table(*, position) -> Table:
    computed = {
        "delivered": position.delivered,
        "sites": position.delivered_sites,
        "confirmed": position.firm_pipeline,
    }
    return Table(
        key="delivery_stated",
        caption="The 2025 scrutiny review's figures beside the portal's",
        head=("Figure", "Stated in the review", "From the portal's records", "Unit"),
        rows=tuple(
            (label, stated, computed[key], unit)
            for key, (label, stated, unit) in STATED_2025.items()
        ),
        note=f"Stated: {STATED_2025_SOURCE}. They stay beside the computed figures until the "
        "delivery records behind them are entered.",
    )
