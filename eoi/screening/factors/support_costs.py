"""4. ``support_costs``: support needs and costs, and cost-effectiveness.

The weekly support cost per person is worked out in
:func:`eoi.screening.calculations.support_cost`.

| situation | outcome |
| tenancy_conditional_on_support_provider is true | does_not_meet: tenants
  must be able to choose another provider |
| offer involves support and gives no hours or rate | more_information_needed |
| accommodation only | meets: support is assessed and commissioned per
  person through the framework |
| hourly rate > framework rate | concern |
| cost per person > high-cost threshold | concern: "high cost packages of
  support linked to the new supply of accommodation" (Appendix C) |
| otherwise | meets |

Every row is checked on what is given, whatever else is missing: the rate
row needs only the hourly rate, and the high-cost row applies once the parts
of the cost that can be worked out (each part is 0 or more) are above the
threshold.

Decisions where the table is silent: an offer of accommodation that does not
say whether the tenancy depends on the support provider gets "more
information needed"; shared hours or night cover with no units to share them
between also need more information. Individual hours, shared core hours or
night cover not given (when the other hours are) are taken as none in the
cost, and asked for: each can only add to it.
"""

from __future__ import annotations

from eoi.offers.document import NightCover, OfferDocument

from ..calculations import NIGHTS_A_WEEK, SupportCost, finance_of, support_cost
from ..context import ScreeningContext
from ..results import FactorResult, Outcome
from ..wording import MEETS_FACTOR, and_list, at_or_below, day, gbp, num, plural
from .base import Row, cite, combine, source, year

KEY = "support_costs"
LABEL = "Support needs and costs"


def breakdown(cost: SupportCost, ctx: ScreeningContext) -> tuple[str, tuple[str, ...]]:
    """The working of the cost (the parts that can be worked out), and the
    reference values it quotes."""
    rate, units = cost.rate, cost.units
    parts = []
    if cost.individual_cost is not None:
        parts.append(
            f"{num(cost.individual_hours)} individual hours × {gbp(rate)} = "
            f"{gbp(cost.individual_cost)}"
        )
    uses: tuple[str, ...] = ()
    if cost.shared_hours and cost.shared_cost is not None:
        parts.append(
            f"{num(cost.shared_hours)} shared core hours × {gbp(rate)} ÷ "
            f"{plural(units, 'unit')} = {gbp(cost.shared_cost)}"
        )
    if cost.night_cost is None:
        pass
    elif cost.night_cover is NightCover.WAKING:
        uses = ("waking_night_hours_weekly",)
        parts.append(
            f"a waking night, {num(cost.night_quantity)} hours × {gbp(rate)} ÷ "
            f"{plural(units, 'unit')} = {gbp(cost.night_cost)} "
            f"{source(ctx, 'waking_night_hours_weekly')}"
        )
    elif cost.night_cover is NightCover.SLEEP_IN:
        uses = ("sleep_in_nightly_rate",)
        parts.append(
            f"a sleep-in, {NIGHTS_A_WEEK} nights × {gbp(cost.night_quantity)} ÷ "
            f"{plural(units, 'unit')} = {gbp(cost.night_cost)} "
            f"{source(ctx, 'sleep_in_nightly_rate')}"
        )
    notes = []
    if cost.individual_hours_assumed and cost.individual_cost is not None:
        notes.append("no individual hours given, taken as 0")
    if cost.shared_hours_assumed:
        notes.append("no shared core hours given, taken as 0")
    if cost.night_cover_assumed:
        notes.append("night cover not given, taken as none")
    return "; ".join(parts) + (f" ({'; '.join(notes)})" if notes else ""), uses


def _summary(cost: SupportCost, ctx: ScreeningContext) -> tuple[str, tuple[str, ...]]:
    """The cost per person and its working; when it cannot be worked out in
    full, what the parts that can already come to ("" when nothing)."""
    working, uses = breakdown(cost, ctx)
    if cost.per_person is not None:
        per_person = gbp(cost.per_person)
        return f"Support costs {per_person} per person per week ({working}).", uses
    if not cost.at_least:
        return "", ()
    so_far = (
        "The parts of the weekly cost per person that can be worked out "
        f"already come to {gbp(cost.at_least)} ({working})."
    )
    return so_far, uses


def _tenancy_rows(offer: OfferDocument) -> list[Row]:
    conditional = finance_of(offer).tenancy_conditional_on_support_provider
    if conditional is True:
        return [
            Row(
                "tenancy-conditional",
                Outcome.DOES_NOT_MEET,
                "The tenancy depends on taking support from a particular "
                "provider. Tenants must be able to choose another provider "
                "without risk to their tenancy: a tenancy that does not depend "
                f"on the support provider {MEETS_FACTOR}.",
            )
        ]
    if conditional is None and offer.includes_accommodation:
        return [
            Row(
                "tenancy-condition-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer does not say whether the tenancy depends on taking "
                "support from a particular provider; tenants must be able to "
                "choose another provider without risk to their tenancy.",
            )
        ]
    return []


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    rows = _tenancy_rows(offer)
    if not offer.includes_support:
        live_from = ctx.ref("framework_live_from")
        rows.append(
            Row(
                "accommodation-only",
                Outcome.MEETS,
                "This is an offer of accommodation: each tenant's support will be "
                "assessed and commissioned per person through the Supported "
                f"Living framework (live from {day(live_from.value)}; "
                f"{cite(ctx, 'framework_live_from')}), not tied to the building.",
                ("framework_live_from",),
            )
        )
        return combine(KEY, rows, ctx)

    cost = support_cost(offer, ctx)
    if cost.per_person is None:
        rows.append(
            Row(
                "no-hours-or-rate",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer includes care and support but does not give "
                f"{and_list(list(cost.missing))}, so the weekly cost per person "
                "cannot be worked out.",
            )
        )
    assumed = [
        name
        for name, taken in (
            ("the individual support hours", cost.individual_hours_assumed),
            ("the shared core hours", cost.shared_hours_assumed),
            ("the night cover", cost.night_cover_assumed),
        )
        if taken
    ]
    if assumed:
        one = len(assumed) == 1
        rows.append(
            Row(
                "details-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"The offer does not give {and_list(assumed)}, so the cost "
                f"counts {'it' if one else 'them'} as none; say what "
                f"{'it is' if one else 'they are'}, as "
                f"{'it adds' if one else 'they add'} to the cost per person.",
            )
        )
    rows += _cost_rows(cost, ctx)
    return combine(KEY, rows, ctx)


def _cost_rows(cost: SupportCost, ctx: ScreeningContext) -> list[Row]:
    """The rate row and the high-cost row, each checked on what is given: the
    rate needs neither units nor hours, and a cost whose known parts are over
    the threshold is over it whatever the rest comes to."""
    rate = cost.rate
    framework_rate = ctx.decimal("framework_hourly_rate")
    threshold = ctx.decimal("high_cost_support_weekly")
    summary, uses = _summary(cost, ctx)
    rows = []
    if rate is not None and rate > framework_rate:
        rows.append(
            Row(
                "rate-above-framework",
                Outcome.CONCERN,
                f"{summary} The hourly rate of {gbp(rate)} is "
                f"{gbp(rate - framework_rate)} above the "
                f"{year(ctx, 'framework_hourly_rate')} framework rate of "
                f"{gbp(framework_rate, per='hour')} "
                f"{source(ctx, 'framework_hourly_rate')}. "
                f"{at_or_below('an hourly rate', framework_rate, per='hour')}".lstrip(),
                uses + ("framework_hourly_rate",),
            )
        )
    if cost.at_least > threshold:
        rows.append(
            Row(
                "high-cost",
                Outcome.CONCERN,
                f"{summary} This is {gbp(cost.at_least - threshold)} "
                f"{'or more ' if cost.per_person is None else ''}above the "
                f"{year(ctx, 'high_cost_support_weekly')} high-cost threshold of "
                f"{gbp(threshold)} per person per week "
                f"{source(ctx, 'high_cost_support_weekly')}: Appendix C warns "
                'against "high cost packages of support linked to the new '
                'supply of accommodation". A cost at or below '
                f"{gbp(threshold)} per person per week {MEETS_FACTOR}.",
                uses + ("high_cost_support_weekly",),
            )
        )
    if cost.per_person is not None and not rows:
        rows.append(
            Row(
                "within-costs",
                Outcome.MEETS,
                f"{summary} The hourly rate is within the "
                f"{year(ctx, 'framework_hourly_rate')} framework rate of "
                f"{gbp(framework_rate)} {source(ctx, 'framework_hourly_rate')}, "
                "and the cost is within the "
                f"{year(ctx, 'high_cost_support_weekly')} high-cost threshold of "
                f"{gbp(threshold)} {source(ctx, 'high_cost_support_weekly')}.",
                uses + ("framework_hourly_rate", "high_cost_support_weekly"),
            )
        )
    return rows
