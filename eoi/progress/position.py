"""The current position: the strategy's demand balance with the accepted offers.

Every reader of what the city still needs (the home page and the public pages,
the screening context, ``strategy_summary``, the staff dashboard, its CSV and
the scrutiny report) calls ``position_for`` and reads nothing else. An
accepted offer's homes count once, at the stage their confirmed milestones
have reached (``eoi.progress.stages``).
"""

import datetime

from django.utils import timezone

from strategy import selectors as strategy_selectors
from strategy.balance import AcceptedOfferRow, Balance
from strategy.models import DemandLine, ForecastVersion

from . import stages


def accepted_offer_rows(
    *, version: ForecastVersion, on: datetime.date | None = None, lines=None
) -> tuple[AcceptedOfferRow, ...]:
    """The accepted offers' units by demand line of ``version`` and by stage
    (accepted, firm pipeline, delivered: ``eoi.progress.stages``), accepted by
    the end of ``on`` (default: today).

    An offer accepted against another version's line (before the version now
    current was made current) counts against this version's line of the same
    cohort; with no such line it counts, unattributed, in the total. Each row
    is dated with the latest acceptance it adds up. ``lines``: the version's
    demand lines, when the caller has read them.
    """
    if lines is None:
        lines = DemandLine.objects.filter(group__version=version).only("cohort")
    # The first line of a cohort (by pk) stands for it.
    by_cohort = {line.cohort: line.pk for line in sorted(lines, key=lambda line: -line.pk)}
    own = set(by_cohort.values())
    added: dict[tuple[int, str], list] = {}
    for each in stages.acceptance_stages(on=on):
        line_id = each.demand_line_id
        line_id = line_id if line_id in own else by_cohort.get(each.cohort, 0)
        for stage, units in each.by_stage():
            row = added.setdefault((line_id, stage), [0, each.accepted_on, 0])
            row[0] += units
            row[1] = max(row[1], each.accepted_on)
            row[2] += each.sites if stage == stages.DELIVERED else 0
    return tuple(
        AcceptedOfferRow(
            units=units, demand_line_id=line_id, accepted_on=last, stage=stage, sites=sites
        )
        for (line_id, stage), (units, last, sites) in sorted(added.items())
    )


def position_for(
    *,
    version: ForecastVersion | None = None,
    on: datetime.date | None = None,
    lines=None,
) -> Balance:
    """The demand balance of ``version`` (default: the current one) on ``on``
    (default: today), accepted offers included."""
    version = version or strategy_selectors.forecast_version_current()
    on = on or timezone.localdate()
    return strategy_selectors.demand_balance_for(
        version=version,
        on=on,
        accepted_offers=accepted_offer_rows(version=version, on=on, lines=lines),
        lines=lines,
        excluded_deliveries=stages.linked_delivery_ids(),
    )


def demand_line_list(*, version: ForecastVersion, on: datetime.date | None = None) -> list:
    """The version's demand lines (``strategy.selectors.demand_line_list``),
    each with ``unmet_units`` from the balance."""
    lines = strategy_selectors.demand_line_list(version=version)
    position = position_for(version=version, on=on, lines=lines)
    for line in lines:
        line.unmet_units = position.line(line.pk).unmet
    return lines
