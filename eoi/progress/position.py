"""The current position: the strategy's demand balance with the accepted offers.

Every reader of what the city still needs (the home page and the public pages,
the screening context, ``strategy_summary``, the staff dashboard, its CSV and
the scrutiny report) calls ``position_for`` and reads nothing else.
"""

import datetime

from django.db.models import Max, Sum
from django.utils import timezone

from strategy import selectors as strategy_selectors
from strategy.balance import AcceptedOfferRow, Balance
from strategy.models import DemandLine, ForecastVersion

from ..models import Acceptance


def accepted_offer_rows(
    *, version: ForecastVersion, on: datetime.date | None = None, lines=None
) -> tuple[AcceptedOfferRow, ...]:
    """The accepted offers' units by demand line of ``version``, added up in
    the database, accepted by the end of ``on`` (default: every one).

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
    found = Acceptance.objects.all()
    if on is not None:
        found = found.filter(accepted_at__date__lte=on)
    found = (
        found.values_list("demand_line_id", "demand_line__cohort")
        .annotate(units=Sum("units"), last=Max("accepted_at"))
        .order_by("demand_line_id")
    )
    return tuple(
        AcceptedOfferRow(
            units=units,
            demand_line_id=line_id if line_id in own else by_cohort.get(cohort, 0),
            accepted_on=timezone.localdate(last),
        )
        for line_id, cohort, units, last in found
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
    )


def demand_line_list(*, version: ForecastVersion, on: datetime.date | None = None) -> list:
    """The version's demand lines (``strategy.selectors.demand_line_list``),
    each with ``unmet_units`` from the balance."""
    lines = strategy_selectors.demand_line_list(version=version)
    position = position_for(version=version, on=on, lines=lines)
    for line in lines:
        line.unmet_units = position.line(line.pk).unmet
    return lines
