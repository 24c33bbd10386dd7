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


# The figures the 2025 scrutiny review states (docs/seeds/003), figures of
# the version (strategy's VersionFigure rows, with their source), by what the
# portal computes beside them: shown together until the delivery records
# behind the stated ones are entered.
STATED_FIGURES = {
    "review-units-delivered": "delivered",
    "review-sites-delivered": "sites",
    "review-units-confirmed": "confirmed",
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


def stated_figures_table(*, position, figures) -> Table:
    """``figures``: the version's stated figures by key (``version_figure_map``)."""
    computed = {
        "delivered": position.delivered,
        "sites": position.delivered_sites,
        "confirmed": position.firm_pipeline,
    }
    stated = [figures[key] for key in STATED_FIGURES if key in figures]
    return Table(
        key="delivery_stated",
        caption="The 2025 scrutiny review's figures beside the portal's",
        head=("Figure", "Stated in the review", "From the portal's records", "Unit"),
        rows=tuple(
            (
                figure.label,
                int(figure.value),
                computed[STATED_FIGURES[figure.key]],
                figure.unit,
            )
            for figure in stated
        ),
        note="Stated: "
        + ("; ".join(sorted({figure.source for figure in stated})) or "no figures")
        + ". They stay beside the computed figures until the delivery records behind them "
        "are entered.",
    )
