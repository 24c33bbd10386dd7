"""The progress report as plain data: the tables and charts that the staff
dashboard, its CSV and the scrutiny report PDF all show.

``progress_report`` reads what is still needed from the one demand balance
(``eoi.progress.position``), and phases, slippage and the market through
``eoi.progress.inputs``, ``tally`` and ``market``; everything after that is
wording and layout (``strategy.tables``), done once here so the three outputs
cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.defaultfilters import pluralize
from django.utils import timezone

from leicester_sl.documents.formatting import day
from strategy import selectors
from strategy.balance import Balance
from strategy.models import ForecastVersion
from strategy.tables import Chart, Table

from . import inputs
from .report_lines import line_chart, line_table
from .delivery import (
    STATED_FIGURES,
    delivery_table,
    slipped_milestones_table,
    stated_figures_table,
)
from .trajectory import financial_year, trajectory_parts, year_label
from . import market as market_view
from . import tally as progress
from .position import position_for
from eoi.opportunities.selectors import responses_by_opportunity

from .report_tables import (
    market_table,
    not_proceeding_table,
    opportunities_table,
    phase_chart,
    phase_table,
    quarter_chart,
    quarter_table,
    slipping_phases_table,
    slipping_schemes_table,
)

TITLE = "Supported Living and Extra Care Housing Strategy: progress report"


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: int
    note: str = ""


@dataclass(frozen=True)
class Report:
    title: str
    version: ForecastVersion
    line_source: ForecastVersion
    as_of: datetime.date
    headline: tuple[Headline, ...]
    tables: dict[str, Table]
    charts: dict[str, Chart]
    progress: progress.Progress
    position: Balance
    market: market_view.Market
    versions: tuple[ForecastVersion, ...] = field(default=())

    @property
    def prepared_on(self) -> str:
        return day(self.as_of)

    @property
    def other_figures(self) -> tuple[tuple[str, int, str], ...]:
        return _other_figures(self.progress, self.position, self.slipped)

    @property
    def slipped(self) -> int:
        """Accepted offers' milestones slipped (``eoi.progress.delivery``)."""
        return len(self.tables["slipped_milestones"].rows)


def _figure_value(figure) -> int | Decimal:
    value = figure.value
    return int(value) if value == value.to_integral_value() else value.normalize()


def progress_report(
    *, version: ForecastVersion | None = None, as_of: datetime.date | None = None
) -> Report:
    """Every figure of the dashboard for ``version`` (default: the current one)
    as of ``as_of`` (default: today), with the other versions beside it."""
    as_of = as_of or timezone.localdate()
    versions = tuple(selectors.forecast_version_list())
    version = version or selectors.forecast_version_current()
    open_offers = inputs.open_offer_list()
    by_version = {
        each.pk: progress.progress(
            inputs.progress_inputs(version=each, open_offers=open_offers, on=as_of),
            as_of=as_of,
        )
        for each in versions
    }
    positions = {each.pk: position_for(version=each, on=as_of) for each in versions}
    result, position = by_version[version.pk], positions[version.pk]
    market = market_view.market(inputs.offer_group_list())
    slipped = slipped_milestones_table(as_of=as_of)
    years, years_chart = trajectory_parts(version=version, as_of=as_of, versions=versions)
    this_year = year_label(financial_year(as_of))
    year_forecast = next((row[2] for row in years.rows if row[0] == this_year), 0)
    tables = {
        table.key: table
        for table in (
            _headline_table(result, position, slipped),
            _versions_table(versions, by_version, positions),
            phase_table(result),
            delivery_table(
                result=result, position=position, year_forecast=year_forecast, year=this_year
            ),
            stated_figures_table(
                position=position, figures=selectors.version_figure_map(version=version)
            ),
            years,
            line_table(result, position),
            slipping_schemes_table(result),
            slipping_phases_table(result),
            slipped,
            not_proceeding_table(result),
            quarter_table(market),
            market_table(
                "market_type",
                "Providers by type of organisation",
                "Type of organisation",
                market.by_type,
            ),
            market_table(
                "market_outcome",
                "Providers by outcome of their offers",
                "Outcome",
                market.by_outcome,
            ),
            opportunities_table(responses_by_opportunity()),
        )
    }
    return Report(
        title=TITLE,
        version=version,
        line_source=selectors.demand_line_source(version),
        as_of=as_of,
        headline=_headline(position),
        tables=tables,
        charts={
            "phases": phase_chart(result),
            "trajectory": years_chart,
            "lines": line_chart(position),
            "quarters": quarter_chart(market),
        },
        progress=result,
        position=position,
        market=market,
        versions=versions,
    )


def _headline(position: Balance) -> tuple[Headline, ...]:
    sites = position.delivered_sites
    return (
        Headline("target", "Target", position.demand_total, "units of forecast demand"),
        Headline(
            "delivered",
            "Delivered",
            position.delivered,
            f"over {sites:,} site{pluralize(sites)}" if sites else "no delivery recorded",
        ),
        Headline(
            "firm", "Firm pipeline", position.firm_pipeline, "★ planned or under construction"
        ),
        Headline("accepted", "Accepted offers", position.accepted_offers, "not yet delivered"),
        Headline(
            "shortfall",
            "Still to find",
            position.unmet_total,
            "target less delivered, firm pipeline and accepted offers",
        ),
    )


def _other_figures(
    result: progress.Progress, position: Balance, slipped: int
) -> tuple[tuple[str, int, str], ...]:
    """Figures beside the headline, as (label, value, unit): none of them
    reduces what is still needed except the unattributed supply, already in it."""
    return (
        (
            "Delivered or firm, not yet matched to a demand line",
            position.unattributed_supply,
            "units",
        ),
        ("Not-firm pipeline (◆ and ✿)", result.total.not_firm, "units"),
        ("Offers in triage", result.total.in_triage, "units"),
        ("Sites delivered", position.delivered_sites, "sites"),
        ("Accepted offers' milestones slipped", slipped, "milestones"),
    )


def _headline_table(result: progress.Progress, position: Balance, slipped: Table) -> Table:
    return Table(
        key="headline",
        caption="Headline figures",
        head=("Figure", "Value", "Unit"),
        rows=tuple((h.label, h.value, "units") for h in _headline(position))
        + _other_figures(result, position, len(slipped.rows)),
    )


def _versions_table(versions, by_version, positions) -> Table:
    figures = {each.pk: selectors.version_figure_map(version=each) for each in versions}
    provision = selectors.existing_provision_list()
    appendix_units = sum(p.units for p in provision)
    appendix_schemes = sum(p.schemes for p in provision)
    numbers = sorted({p.number for r in by_version.values() for p in r.phases})

    def per_version(get):
        return tuple(get(each, by_version[each.pk]) for each in versions)

    def phase(result, number):
        return next((p for p in result.phases if p.number == number), None)

    rows = [
        ("Published", *per_version(lambda v, r: v.published_on)),
        (
            "Based on",
            *per_version(lambda v, r: v.based_on.name if v.based_on else None),
        ),
        ("Current version", *per_version(lambda v, r: v.is_current)),
        (
            "Target (units, computed)",
            *per_version(lambda v, r: positions[v.pk].demand_total),
        ),
    ]
    for number in numbers:
        rows.append(
            (
                f"Phase {number}: stated units",
                *per_version(lambda v, r, n=number: getattr(phase(r, n), "stated_units", None)),
            )
        )
        rows.append(
            (
                f"Phase {number}: units in schemes still proceeding",
                *per_version(lambda v, r, n=number: getattr(phase(r, n), "planned_units", None)),
            )
        )
    rows += [
        (
            "Phase targets added up",
            *per_version(lambda v, r: sum(p.figures.target for p in r.phases)),
        ),
        ("Units delivered", *per_version(lambda v, r: positions[v.pk].delivered)),
        ("Sites delivered", *per_version(lambda v, r: positions[v.pk].delivered_sites)),
        ("Firm pipeline", *per_version(lambda v, r: positions[v.pk].firm_pipeline)),
        ("Not-firm pipeline", *per_version(lambda v, r: r.total.not_firm)),
        ("Accepted offers", *per_version(lambda v, r: positions[v.pk].accepted_offers)),
        (
            "Not yet matched to a demand line",
            *per_version(lambda v, r: positions[v.pk].unattributed_supply),
        ),
        ("Still to find", *per_version(lambda v, r: positions[v.pk].unmet_total)),
        (
            "Supported living supply (units)",
            *per_version(
                lambda v, r: (
                    _figure_value(figures[v.pk]["supply-now"])
                    if "supply-now" in figures[v.pk]
                    else appendix_units
                )
            ),
        ),
        (
            "Supported living supply (schemes)",
            *per_version(
                lambda v, r: (
                    _figure_value(figures[v.pk]["supply-schemes-now"])
                    if "supply-schemes-now" in figures[v.pk]
                    else appendix_schemes
                )
            ),
        ),
    ]
    labels: dict[str, str] = {}
    for each in versions:
        for key, figure in figures[each.pk].items():
            # Supply has rows of its own above; the review's delivery figures a
            # table of their own (stated_figures_table).
            if key not in ("supply-now", "supply-schemes-now", *STATED_FIGURES):
                labels.setdefault(key, f"Stated: {figure.label} ({figure.unit})")
    for key, label in labels.items():
        rows.append(
            (
                label,
                *per_version(
                    lambda v, r, k=key: (
                        _figure_value(figures[v.pk][k]) if k in figures[v.pk] else None
                    )
                ),
            )
        )
    return Table(
        key="versions",
        caption="Forecast versions side by side",
        head=("Figure", *(each.name for each in versions)),
        rows=tuple(rows),
        note=(
            "Computed from each version's rows as of the report date; “stated” figures are "
            "as the version's source gives them. Supply is the version's stated figure, or "
            "else the Appendix A register added up."
        ),
    )
