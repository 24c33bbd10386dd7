"""The trajectory: homes delivered and forecast by financial year against the
phases' targets (issue 24), for the dashboard, its exports and the report.

Delivered, by the financial year (April to March) of the date the homes
opened: the version's delivery records (those linked to an accepted offer
left out: its milestones count them) and the accepted offers' confirmed
completions (``eoi.progress.stages``). Forecast, by the year they are
expected: firm schemes (★ or under construction) not yet delivered, at their
expected completion (or their phase's end); and accepted offers' homes not
yet delivered, at their completion's current forecast (or the offer's
expected date). A date before the "as of" day puts a forecast in the year
of that day: it is late, not delivered.

Targets: each phase's target (the figure the version states for it, else
its schemes still proceeding) falls due in the year its phase ends; the
table shows them added up, for the version shown and each other version.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F

from strategy import selectors
from strategy.models import DeliveryRecord, ForecastVersion, Phase, PipelineScheme
from strategy.tables import Chart, Table, stacked_bar

from ..models import Milestone
from . import stages

DELIVERED = ("delivered", "Delivered")
FORECAST = ("firm", "Forecast")


def financial_year(day: datetime.date) -> int:
    """The year a financial year starts in: 2025 for April 2025 to March 2026."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class YearRow:
    year: int
    delivered: int
    forecast: int
    cumulative: int
    targets: tuple[int | None, ...]  # cumulative, one per version

    @property
    def label(self) -> str:
        return year_label(self.year)


def _phase_targets(version: ForecastVersion) -> dict[int, int]:
    """{financial year a phase ends: its target}."""
    targets: dict[int, int] = defaultdict(int)
    for phase in Phase.objects.filter(version=version):
        planned = sum(
            units or 0
            for units in PipelineScheme.objects.filter(phase=phase)
            .exclude(status=PipelineScheme.Status.NOT_PROCEEDING)
            .values_list("units", flat=True)
        )
        target = planned if phase.stated_units is None else phase.stated_units
        targets[financial_year(phase.ends_on)] += target
    return targets


def _delivered(version, as_of) -> dict[int, int]:
    found: dict[int, int] = defaultdict(int)
    records = (
        DeliveryRecord.objects.filter(version=version, delivered_on__lte=as_of)
        .exclude(pk__in=list(stages.linked_delivery_ids()))
        .values_list("units", "delivered_on")
    )
    for units, day in records:
        found[financial_year(day)] += units
    for tranche in stages.delivered_tranches(on=as_of):
        found[financial_year(tranche.delivered_on)] += tranche.units
    return found


def _forecast(version, as_of) -> dict[int, int]:
    found: dict[int, int] = defaultdict(int)
    recorded: dict[int, int] = defaultdict(int)
    for scheme_id, units in DeliveryRecord.objects.filter(
        version=version, scheme__isnull=False
    ).values_list("scheme_id", "units"):
        recorded[scheme_id] += units
    schemes = (
        PipelineScheme.objects.filter(phase__version=version)
        .exclude(status__in=[PipelineScheme.Status.DELIVERED, PipelineScheme.Status.NOT_PROCEEDING])
        .annotate(phase_ends=F("phase__ends_on"))
    )
    for scheme in schemes:
        if not (
            scheme.key == PipelineScheme.Key.FIRM
            or scheme.status == PipelineScheme.Status.UNDER_CONSTRUCTION
        ):
            continue
        units = max((scheme.units or 0) - recorded[scheme.pk], 0)
        found[financial_year(max(scheme.expected_completion or scheme.phase_ends, as_of))] += units
    completion = dict(
        Milestone.objects.filter(kind=Milestone.Kind.PRACTICAL_COMPLETION).values_list(
            "offer_id", "current_forecast"
        )
    )
    for each in stages.acceptance_stages(on=as_of):
        units = each.accepted + each.firm
        if units:
            day = completion.get(each.offer_id) or each.expected_available or as_of
            found[financial_year(max(day, as_of))] += units
    return found


def trajectory(
    *, version: ForecastVersion, as_of: datetime.date, versions=()
) -> tuple[tuple[ForecastVersion, ...], tuple[YearRow, ...]]:
    """The years from the first phase's start to the last target or forecast."""
    versions = tuple(versions) or (version,)
    ordered = (version, *(v for v in versions if v.pk != version.pk))
    targets = [_phase_targets(each) for each in ordered]
    delivered = _delivered(version, as_of)
    forecast = _forecast(version, as_of)
    starts = [
        financial_year(p.starts_on or p.ends_on) for p in Phase.objects.filter(version__in=ordered)
    ]
    years = set(delivered) | set(forecast) | {y for t in targets for y in t} | set(starts)
    if not years:
        return ordered, ()
    rows, running = [], 0
    totals = [0 for _ in ordered]
    for year in range(min(years), max(years) + 1):
        running += delivered[year] + forecast[year]
        totals = [total + target.get(year, 0) for total, target in zip(totals, targets)]
        rows.append(
            YearRow(
                year=year,
                delivered=delivered[year],
                forecast=forecast[year],
                cumulative=running,
                targets=tuple(totals),
            )
        )
    return ordered, tuple(rows)


def trajectory_table(ordered, rows) -> Table:
    return Table(
        key="trajectory",
        caption="Homes delivered and forecast by financial year, against the phase targets",
        head=(
            "Financial year",
            "Delivered",
            "Forecast",
            "Delivered and forecast to date",
            *(f"Phase targets to date ({each.name})" for each in ordered),
        ),
        rows=tuple(
            (row.label, row.delivered, row.forecast, row.cumulative, *row.targets) for row in rows
        ),
        note="Financial years run from April to March. Delivered: delivery records and "
        "accepted offers' confirmed completions. Forecast: firm schemes and accepted offers "
        "not yet delivered, in the year they are expected. A phase's target falls due in "
        "the year the phase ends.",
    )


def trajectory_chart(ordered, rows) -> Chart:
    scale = max(
        [row.cumulative for row in rows] + [t or 0 for row in rows for t in row.targets],
        default=0,
    )
    return Chart(
        title="Homes delivered and forecast to date, by financial year",
        table="trajectory",
        legend=(DELIVERED, FORECAST),
        bars=tuple(
            stacked_bar(
                row.label,
                [
                    (DELIVERED, sum(r.delivered for r in rows if r.year <= row.year)),
                    (
                        FORECAST,
                        sum(r.forecast for r in rows if r.year <= row.year),
                    ),
                ],
                scale=scale,
                value=f"{row.cumulative:,} of {row.targets[0]:,}",
            )
            for row in rows
        ),
    )


def trajectory_parts(*, version, as_of, versions=()) -> tuple[Table, Chart]:
    ordered, rows = trajectory(
        version=version, as_of=as_of, versions=versions or selectors.forecast_version_list()
    )
    return trajectory_table(ordered, rows), trajectory_chart(ordered, rows)


def trajectory_rows_open(*, version: ForecastVersion, as_of: datetime.date) -> list[dict]:
    """The trajectory as the open data gives it (the JSON's ``trajectory``,
    the trajectory CSV): one row per financial year, with each published
    version's targets added up to that year, by the version's short name."""
    versions = selectors.forecast_version_list(published_only=True)
    ordered, rows = trajectory(version=version, as_of=as_of, versions=versions)
    return [
        {
            "year": row.label,
            "delivered": row.delivered,
            "forecast": row.forecast,
            "cumulative": row.cumulative,
            "targets": {each.slug: target for each, target in zip(ordered, row.targets)},
        }
        for row in rows
    ]
