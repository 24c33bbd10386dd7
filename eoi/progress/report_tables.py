"""The progress report's tables and charts that need no demand balance:
slippage, schemes not proceeding, the market and the phases' chart."""

from __future__ import annotations

import datetime

from strategy.models import PipelineScheme
from strategy.tables import Chart, Table, stacked_bar

from . import market as market_view
from . import tally as progress

# The key in a few words after the strategy's symbol: read aloud, a symbol
# alone says little.
KEY_WORDS = {
    PipelineScheme.Key.FIRM: "★ firm dates",
    PipelineScheme.Key.NO_FIRM_DATE: "◆ no firm date",
    PipelineScheme.Key.SITE_REQUIRED: "✿ site needed",
    PipelineScheme.Key.NONE: "",
}
STATUS_LABELS = dict(PipelineScheme.Status.choices)

# Chart segments: (kind, label), in the order they are drawn.
DELIVERED = ("delivered", "Delivered")
FIRM = ("firm", "Firm pipeline (★ or under construction)")
ACCEPTED = ("accepted", "Accepted offers")
UNMET = ("unmet", "Still to find")


def months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


FIGURE_COLUMNS = (
    "Target",
    "Delivered",
    "Firm pipeline",
    "Not-firm pipeline",
    "Offers in triage",
    "Accepted offers",
    "Still to find",
)


def _figure_cells(figures: progress.Figures) -> tuple[int, ...]:
    return (
        figures.target,
        figures.delivered,
        figures.firm,
        figures.not_firm,
        figures.in_triage,
        figures.accepted,
        figures.shortfall,
    )


def phase_table(result: progress.Progress) -> Table:
    return Table(
        key="phases",
        caption="Progress by phase (units)",
        head=("Phase", "Ends", *FIGURE_COLUMNS),
        rows=tuple(
            (f"Phase {p.number} ({p.period})", p.ends_on, *_figure_cells(p.figures))
            for p in result.phases
        ),
        note="A phase's target is the figure the version states for it, or else the units "
        "of its schemes still proceeding.",
    )


def slipping_schemes_table(result: progress.Progress) -> Table:
    return Table(
        key="slipping_schemes",
        caption="Schemes past their expected completion and not delivered",
        head=("Scheme", "Phase", "Units", "Key", "Status", "Due", "Months overdue"),
        rows=tuple(
            (
                s.name,
                s.phase,
                s.units,
                KEY_WORDS.get(s.key, ""),
                STATUS_LABELS.get(s.status, s.status),
                s.due,
                months_between(s.due, result.as_of),
            )
            for s in result.slipping_schemes
        ),
        note="Due is the scheme's expected completion or, where it has none, the end of its phase.",
    )


def slipping_phases_table(result: progress.Progress) -> Table:
    return Table(
        key="slipping_phases",
        caption="Phases past their end date with units outstanding",
        head=(
            "Phase",
            "Ended",
            "Target",
            "Delivered",
            "Outstanding",
            "Firm pipeline",
            "Accepted offers",
        ),
        rows=tuple(
            (
                f"Phase {p.number} ({p.period})",
                p.ends_on,
                p.figures.target,
                p.figures.delivered,
                p.figures.outstanding,
                p.figures.firm,
                p.figures.accepted,
            )
            for p in result.slipping_phases
        ),
    )


def not_proceeding_table(result: progress.Progress) -> Table:
    return Table(
        key="not_proceeding",
        caption="Schemes not proceeding",
        head=("Scheme", "Phase", "Units"),
        rows=tuple((s.name, s.phase, s.units) for s in result.not_proceeding),
    )


def quarter_table(market: market_view.Market) -> Table:
    return Table(
        key="quarters",
        caption="Offers and providers by quarter",
        head=(
            "Quarter",
            "Offers",
            "Units offered",
            "Providers",
            "New providers",
            *progress.STATUS_GROUPS.values(),
        ),
        rows=tuple(
            (
                row.quarter.label,
                row.offers,
                row.units,
                row.providers,
                row.new_providers,
                *(row.by_group[group] for group in progress.STATUS_GROUPS),
            )
            for row in market.by_quarter
        ),
        note="Quarters are calendar quarters of the day an offer was submitted; the "
        "outcome columns count offers by their status now.",
    )


def market_table(key: str, caption: str, first: str, rows) -> Table:
    return Table(
        key=key,
        caption=caption,
        head=(first, "Providers", "Offers", "Units offered"),
        rows=tuple((row.label, row.providers, row.offers, row.units) for row in rows),
        note="Providers are counted by name (ignoring case and spaces); one with offers in "
        "several rows counts in each.",
    )


def opportunities_table(rows) -> Table:
    """Offers made for each opportunity (``eoi.opportunities.selectors.Responses``)."""
    return Table(
        key="opportunities",
        caption="Offers for each opportunity",
        head=("Opportunity", "Status", "Offers", "Units offered"),
        rows=tuple((row.title, row.status, row.offers, row.units) for row in rows),
        note="Offers made from an opportunity's page, whatever their status now.",
    )


def phase_chart(result: progress.Progress) -> Chart:
    return Chart(
        title="Progress towards each phase's target",
        table="phases",
        legend=(DELIVERED, FIRM, ACCEPTED),
        bars=tuple(
            stacked_bar(
                f"Phase {p.number} ({p.period})",
                [
                    (DELIVERED, p.figures.delivered),
                    (FIRM, p.figures.firm),
                    (ACCEPTED, p.figures.accepted),
                ],
                scale=p.figures.target,
                value=f"{p.figures.delivered + p.figures.firm + p.figures.accepted:,} of "
                f"{p.figures.target:,}",
            )
            for p in result.phases
        ),
    )


def quarter_chart(market: market_view.Market) -> Chart:
    scale = max((row.offers for row in market.by_quarter), default=0)
    return Chart(
        title="Offers received each quarter",
        table="quarters",
        bars=tuple(
            stacked_bar(
                row.quarter.label,
                [(("offers", "Offers"), row.offers)],
                scale=scale,
                value=f"{row.offers:,}",
            )
            for row in market.by_quarter
        ),
    )
