"""The progress report as plain data: the tables and charts that the staff
dashboard, its CSV and the scrutiny report PDF all show.

``progress_report`` reads through ``strategy.selectors`` and computes through
``strategy.progress`` and ``strategy.market``; everything after that is
wording and layout (``strategy.tables``), done once here so the three outputs
cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.defaultfilters import pluralize
from django.utils import timezone

from leicester_sl.formatting import day

from . import market as market_view
from . import progress, selectors
from .models import ForecastVersion, PipelineScheme
from .tables import Chart, Table, stacked_bar

TITLE = "Supported Living and Extra Care Housing Strategy: progress report"

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
UNMET = ("unmet", "Shortfall")


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
    market: market_view.Market
    versions: tuple[ForecastVersion, ...] = field(default=())

    @property
    def prepared_on(self) -> str:
        return day(self.as_of)

    @property
    def other_figures(self) -> tuple[tuple[str, int, str], ...]:
        return _other_figures(self.progress)


FIGURE_COLUMNS = (
    "Target",
    "Delivered",
    "Firm pipeline",
    "Not-firm pipeline",
    "Offers in triage",
    "Accepted offers",
    "Shortfall",
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


def _months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


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
    offers = selectors.offer_progress_list()
    by_version = {
        each.pk: progress.progress(
            selectors.progress_inputs(version=each, offers=offers), as_of=as_of
        )
        for each in versions
    }
    result = by_version[version.pk]
    market = market_view.market(offers)
    tables = {
        table.key: table
        for table in (
            _headline_table(result),
            _versions_table(versions, by_version),
            _phase_table(result),
            _line_table(result),
            _slipping_schemes_table(result),
            _slipping_phases_table(result),
            _not_proceeding_table(result),
            _quarter_table(market),
            _market_table(
                "market_type",
                "Providers by type of organisation",
                "Type of organisation",
                market.by_type,
            ),
            _market_table(
                "market_outcome",
                "Providers by outcome of their offers",
                "Outcome",
                market.by_outcome,
            ),
        )
    }
    return Report(
        title=TITLE,
        version=version,
        line_source=selectors.demand_line_source(version),
        as_of=as_of,
        headline=_headline(result),
        tables=tables,
        charts={
            "phases": _phase_chart(result),
            "lines": _line_chart(result),
            "quarters": _quarter_chart(market),
        },
        progress=result,
        market=market,
        versions=versions,
    )


def _headline(result: progress.Progress) -> tuple[Headline, ...]:
    total = result.total
    in_lines = sum(
        row.figures.target for row in result.lines if row.kind == progress.LINE
    )
    outside = total.target - in_lines
    return (
        Headline(
            "target",
            "Target",
            total.target,
            f"{in_lines:,} units of forecast demand"
            + (f" and {outside:,} outside the forecast" if outside else ""),
        ),
        Headline(
            "delivered",
            "Delivered",
            total.delivered,
            (
                f"over {result.delivered_sites:,} site{pluralize(result.delivered_sites)}"
                if result.delivered_sites
                else "no delivery recorded"
            ),
        ),
        Headline(
            "firm", "Firm pipeline", total.firm, "★ planned or under construction"
        ),
        Headline("accepted", "Accepted offers", total.accepted, "not yet delivered"),
        Headline(
            "shortfall",
            "Shortfall",
            total.shortfall,
            "target less delivered, firm pipeline and accepted offers",
        ),
    )


def _other_figures(result: progress.Progress) -> tuple[tuple[str, int, str], ...]:
    """Figures beside the headline, as (label, value, unit): the first two do
    not reduce the shortfall."""
    return (
        ("Not-firm pipeline (◆ and ✿)", result.total.not_firm, "units"),
        ("Offers in triage", result.total.in_triage, "units"),
        ("Sites delivered", result.delivered_sites, "sites"),
    )


def _headline_table(result: progress.Progress) -> Table:
    return Table(
        key="headline",
        caption="Headline figures",
        head=("Figure", "Value", "Unit"),
        rows=tuple((h.label, h.value, "units") for h in _headline(result))
        + _other_figures(result),
    )


def _versions_table(versions, by_version) -> Table:
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
        ("Target (units, computed)", *per_version(lambda v, r: r.total.target)),
    ]
    for number in numbers:
        rows.append(
            (
                f"Phase {number}: stated units",
                *per_version(
                    lambda v, r, n=number: getattr(phase(r, n), "stated_units", None)
                ),
            )
        )
        rows.append(
            (
                f"Phase {number}: units in schemes still proceeding",
                *per_version(
                    lambda v, r, n=number: getattr(phase(r, n), "planned_units", None)
                ),
            )
        )
    rows += [
        (
            "Phase targets added up",
            *per_version(lambda v, r: sum(p.figures.target for p in r.phases)),
        ),
        ("Units delivered", *per_version(lambda v, r: r.total.delivered)),
        ("Sites delivered", *per_version(lambda v, r: r.delivered_sites)),
        ("Firm pipeline", *per_version(lambda v, r: r.total.firm)),
        ("Not-firm pipeline", *per_version(lambda v, r: r.total.not_firm)),
        ("Accepted offers", *per_version(lambda v, r: r.total.accepted)),
        ("Shortfall", *per_version(lambda v, r: r.total.shortfall)),
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
            if key not in ("supply-now", "supply-schemes-now"):
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


def _phase_table(result: progress.Progress) -> Table:
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


def _line_table(result: progress.Progress) -> Table:
    return Table(
        key="lines",
        caption="Demand met and unmet by demand line (units)",
        head=("Demand line", *FIGURE_COLUMNS),
        rows=tuple((row.label, *_figure_cells(row.figures)) for row in result.lines),
        foot=("Total", *_figure_cells(result.total)),
        note="An open offer counts against every line its latest screening matched, so the "
        "offers in triage can add up to more than the total, which counts each offer once.",
    )


def _slipping_schemes_table(result: progress.Progress) -> Table:
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
                _months_between(s.due, result.as_of),
            )
            for s in result.slipping_schemes
        ),
        note="Due is the scheme's expected completion or, where it has none, the end of its phase.",
    )


def _slipping_phases_table(result: progress.Progress) -> Table:
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


def _not_proceeding_table(result: progress.Progress) -> Table:
    return Table(
        key="not_proceeding",
        caption="Schemes not proceeding",
        head=("Scheme", "Phase", "Units"),
        rows=tuple((s.name, s.phase, s.units) for s in result.not_proceeding),
    )


def _quarter_table(market: market_view.Market) -> Table:
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


def _market_table(key: str, caption: str, first: str, rows) -> Table:
    return Table(
        key=key,
        caption=caption,
        head=(first, "Providers", "Offers", "Units offered"),
        rows=tuple((row.label, row.providers, row.offers, row.units) for row in rows),
        note="Providers are counted by name (ignoring case and spaces); one with offers in "
        "several rows counts in each.",
    )


def _phase_chart(result: progress.Progress) -> Chart:
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


def _line_chart(result: progress.Progress) -> Chart:
    rows = [row for row in result.lines if row.figures.target]
    scale = max((row.figures.target for row in rows), default=0)
    return Chart(
        title="Demand met and unmet by demand line",
        table="lines",
        legend=(DELIVERED, FIRM, ACCEPTED, UNMET),
        bars=tuple(
            stacked_bar(
                row.label,
                [
                    (DELIVERED, row.figures.delivered),
                    (FIRM, row.figures.firm),
                    (ACCEPTED, row.figures.accepted),
                    (UNMET, row.figures.shortfall),
                ],
                scale=scale,
                value=f"{row.figures.shortfall:,} unmet",
            )
            for row in rows
        ),
    )


def _quarter_chart(market: market_view.Market) -> Chart:
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
