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
