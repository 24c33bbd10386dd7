"""The progress report's table and chart of demand met and still to find,
by demand line: what the one demand balance gives, beside the tally's
not-firm pipeline and offers in triage."""

from __future__ import annotations

from strategy.balance import Balance, LineBalance
from strategy.tables import Chart, Table, stacked_bar

from . import tally as progress
from .report_tables import ACCEPTED, DELIVERED, FIRM, UNMET


LINE_COLUMNS = (
    "Target",
    "Delivered",
    "Firm pipeline",
    "Accepted offers",
    "Still to find",
    "Not-firm pipeline",
    "Offers in triage",
)


def _line_cells(line: LineBalance, figures: progress.Figures) -> tuple[int, ...]:
    return (
        line.net,
        line.delivered,
        line.firm_pipeline,
        line.accepted_offers,
        line.unmet,
        figures.not_firm,
        figures.in_triage,
    )


def line_table(result: progress.Progress, position: Balance) -> Table:
    tallied = {row.label: row.figures for row in result.lines if row.kind == progress.LINE}
    rows = [
        (line.cohort, *_line_cells(line, tallied.get(line.cohort, progress.Figures())))
        for line in position.lines
    ]
    unattributed = position.unattributed
    if unattributed.total:
        rows.append(
            (
                "Not yet matched to a demand line",
                None,
                unattributed.delivered,
                unattributed.firm_pipeline,
                unattributed.accepted_offers,
                None,
                None,
                None,
            )
        )
    return Table(
        key="lines",
        caption="Demand met and unmet by demand line (units)",
        head=("Demand line", *LINE_COLUMNS),
        rows=tuple(rows),
        foot=(
            "Total",
            position.demand_total,
            position.delivered,
            position.firm_pipeline,
            position.accepted_offers,
            position.unmet_total,
            result.total.not_firm,
            result.total.in_triage,
        ),
        note="Units delivered or firm but not yet matched to a demand line reduce the total "
        "still needed, but no line's. An open offer counts against every line its latest "
        "screening matched, so the offers in triage can add up to more than the total, "
        "which counts each offer once.",
    )


def line_chart(position: Balance) -> Chart:
    rows = [line for line in position.lines if line.net]
    scale = max((line.net for line in rows), default=0)
    return Chart(
        title="Demand met and still needed by demand line",
        table="lines",
        legend=(DELIVERED, FIRM, ACCEPTED, UNMET),
        bars=tuple(
            stacked_bar(
                line.cohort,
                [
                    (DELIVERED, line.delivered),
                    (FIRM, line.firm_pipeline),
                    (ACCEPTED, line.accepted_offers),
                    (UNMET, line.unmet),
                ],
                scale=scale,
                value=f"{line.unmet:,} still needed",
            )
            for line in rows
        ),
    )
