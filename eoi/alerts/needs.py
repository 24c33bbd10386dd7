"""What the city still needs, by client group, as the monthly summary tells it.

A group's figure is the homes still to find (``unmet``) of the current
forecast's demand lines that accept the group, from the one demand balance
the public pages show (``eoi.progress.position``). A line that accepts
several groups counts in each of them.
"""

from __future__ import annotations

import dataclasses

from strategy import selectors as strategy_selectors
from strategy.models import ForecastVersion
from strategy.vocabulary import ClientGroup

from eoi.progress.position import demand_line_list


@dataclasses.dataclass(frozen=True)
class NeedLine:
    name: str  # the line's public name, never its cohort
    units: int


@dataclasses.dataclass(frozen=True)
class Needs:
    """Homes still to find, by client group (every group, 0 if none), and the
    lines behind each."""

    by_group: dict[str, int]
    lines_by_group: dict[str, tuple[NeedLine, ...]]


def needs_now() -> Needs:
    """The current forecast's figures today; all zero without a current forecast."""
    by_group = {group.value: 0 for group in ClientGroup}
    lines_by_group: dict[str, list[NeedLine]] = {group.value: [] for group in ClientGroup}
    try:
        version = strategy_selectors.forecast_version_current()
    except ForecastVersion.DoesNotExist:
        version = None
    for line in demand_line_list(version=version) if version else []:
        for group in line.client_groups:
            if group in by_group:
                by_group[group] += line.unmet_units
                lines_by_group[group].append(NeedLine(line.name_for_providers, line.unmet_units))
    return Needs(
        by_group=by_group,
        lines_by_group={group: tuple(lines) for group, lines in lines_by_group.items()},
    )
