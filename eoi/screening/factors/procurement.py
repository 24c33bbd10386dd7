"""1. ``procurement``: procurement rules and the Supported Living framework.

Reference: the care and support framework (awarded 2020, live from 1 July
2021, lots: enablement, living well (older people), living well (physical and
sensory), specialist, recovery), whether it is open to new providers (default:
no) and the date of the next procurement, if announced.

| offer | outcome |
| accommodation only, no council capital asked | meets: accommodation offers
  go to strategic commissioning, outside the care framework |
| any offer asking for council capital or Right to Buy receipts (> 0) |
  concern: needs approval under the council's procurement rules |
| Right to Buy receipts asked > 30% of capital_cost (or receipts asked with no
  capital cost given) | concern: state the cap in pounds; the offer would
  need to be reworked to fit it |
| care and support, provider on the framework in a lot that fits the client
  groups | meets |
| care and support, on the framework but in no lot that fits | concern |
| accommodation_and_support, provider not on the framework | concern: the
  accommodation can be considered; support comes from framework providers |
| care_and_support only, provider not on the framework | does_not_meet: the
  framework is not open; signpost the procurement portals, MyChoice and the
  next procurement date, if known |

Decisions where the table is silent: the provider's lots must between them
cover every client group of the offer, or the uncovered groups are a concern;
listing Right to Buy receipts as a funding source counts as asking for them; a
provider that says it is on the framework but names no lot, or does not say
whether it is on the framework, gets "more information needed"; if staff mark
the framework open to new providers, a care-only provider not on it gets a
concern (apply to join) instead.
"""

from __future__ import annotations

import datetime

from eoi.offers.document import FundingSource, OfferDocument, OfferType

from ..calculations import finance_of, right_to_buy_cap, support_of
from ..context import ScreeningContext
from ..results import FactorResult, Outcome
from ..wording import MEETS_FACTOR, and_list, day, gbp, num
from .base import Row, cite, combine, source

KEY = "procurement"
LABEL = "Procurement and the Supported Living framework"

RTB_OVER_CAP = "right-to-buy-over-cap"
RTB_NO_CAPITAL_COST = "right-to-buy-no-capital-cost"

SIGNPOSTS = (
    "Council tenders are advertised on the East Midlands Procurement Portal "
    "(eastmidstenders.org) and on Contracts Finder (GOV.UK): register there to "
    "hear of future opportunities. You can also promote the service on the "
    "council's MyChoice directory (mychoice.leicester.gov.uk), where people can "
    "buy it with a direct payment."
)


def framework_text(ctx: ScreeningContext) -> str:
    live_from = ctx.ref("framework_live_from")
    return (
        f"the Supported Living framework (live from {day(live_from.value)}; "
        f"{cite(ctx, 'framework_live_from')})"
    )


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    rows: list[Row] = []
    finance = finance_of(offer)
    framework = framework_text(ctx)
    uses_framework = ("framework_live_from",)

    asked: list[str] = []
    if FundingSource.COUNCIL_CAPITAL in finance.funding_sources:
        asked.append("council capital")
    receipts = finance.right_to_buy_receipts_requested
    if receipts is not None and receipts > 0:
        asked.append(f"{gbp(receipts)} of Right to Buy receipts")
    elif FundingSource.RIGHT_TO_BUY_RECEIPTS in finance.funding_sources:
        asked.append("Right to Buy receipts")

    if offer.offer_type is OfferType.ACCOMMODATION and not asked:
        rows.append(
            Row(
                "accommodation-only",
                Outcome.MEETS,
                "Accommodation offers go to the council's strategic "
                "commissioning team, outside the care and support framework; "
                f"tenants' care and support is commissioned through {framework}.",
                uses_framework,
            )
        )
    if asked:
        rows.append(
            Row(
                "council-capital",
                Outcome.CONCERN,
                f"The offer asks for {and_list(asked)}. Use of council capital needs "
                "approval under the council's procurement rules before the offer "
                "can go further.",
            )
        )
    cap_row = _right_to_buy_cap_row(offer, ctx)
    if cap_row is not None:
        rows.append(cap_row)
    if offer.includes_support:
        rows.append(_framework_row(offer, ctx, framework))
    return combine(KEY, rows, ctx)


def _right_to_buy_cap_row(offer: OfferDocument, ctx: ScreeningContext) -> Row | None:
    receipts = finance_of(offer).right_to_buy_receipts_requested
    if receipts is None or receipts <= 0:
        return None
    percent = num(ctx.decimal("right_to_buy_cap_percent"))
    allows = (
        f"The strategy allows Right to Buy receipts of up to {percent}% of the "
        f"total scheme capital cost {source(ctx, 'right_to_buy_cap_percent')}"
    )
    uses = ("right_to_buy_cap_percent",)
    cap = right_to_buy_cap(offer, ctx)
    if cap is None:
        return Row(
            RTB_NO_CAPITAL_COST,
            Outcome.CONCERN,
            f"{allows}, but the offer asks for {gbp(receipts)} of receipts "
            "without giving the capital cost, so the cap cannot be worked out; "
            "give the total capital cost. An offer asking for more than the cap "
            "would need to be reworked to fit it.",
            uses,
        )
    if receipts <= cap:
        return None
    return Row(
        RTB_OVER_CAP,
        Outcome.CONCERN,
        f"{allows}: for a capital cost of "
        f"{gbp(finance_of(offer).capital_cost)} the cap is {gbp(cap)}. The offer "
        f"asks for {gbp(receipts)}, {gbp(receipts - cap)} more than the cap, so "
        f"it would need to be reworked to fit it: receipts of at most {gbp(cap)} "
        "are within the cap.",
        uses,
    )


def _framework_row(offer: OfferDocument, ctx: ScreeningContext, framework: str) -> Row:
    support = support_of(offer)
    uses = ("framework_live_from",)
    if support.provider_on_framework is None:
        return Row(
            "framework-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            "The offer includes care and support but does not say whether the "
            f"provider is on {framework}.",
            uses,
        )
    if support.provider_on_framework:
        return _lot_row(offer, ctx, framework)
    if offer.offer_type is OfferType.ACCOMMODATION_AND_SUPPORT:
        return Row(
            "not-on-framework-with-accommodation",
            Outcome.CONCERN,
            "The provider is not on the Supported Living framework. The "
            "accommodation can be considered, but care and support is "
            f"commissioned through {framework}: tenants' support would come "
            "from framework providers. An offer of the accommodation alone, "
            f"with support from framework providers, {MEETS_FACTOR}.",
            uses,
        )
    next_date = ctx.value("next_procurement_date")
    next_text = ""
    if isinstance(next_date, datetime.date) and next_date >= ctx.on:
        uses += ("next_procurement_date",)
        next_text = (
            " The next procurement of supported living care and support is "
            f"planned, with contracts from {day(next_date)} "
            f"{source(ctx, 'next_procurement_date')}."
        )
    is_open = ctx.ref("framework_open_to_new_providers")
    uses += ("framework_open_to_new_providers",)
    open_source = ""
    if is_open.source != ctx.ref("framework_live_from").source:
        open_source = f" {source(ctx, 'framework_open_to_new_providers')}"
    if is_open.value is True:
        return Row(
            "care-only-framework-open",
            Outcome.CONCERN,
            "The provider is not on the Supported Living framework. Care and "
            f"support is commissioned through {framework}, which is open to new "
            f"providers at present{open_source}: apply to join it.{next_text} "
            f"{SIGNPOSTS}",
            uses,
        )
    return Row(
        "care-only-not-on-framework",
        Outcome.DOES_NOT_MEET,
        "The provider is not on the Supported Living framework. Care and support "
        f"is commissioned through {framework}, which is not open to new "
        f"providers{open_source}.{next_text} {SIGNPOSTS}",
        uses,
    )


def _lot_row(offer: OfferDocument, ctx: ScreeningContext, framework: str) -> Row:
    lots_by_code = {lot.code: lot for lot in ctx.framework_lots}
    support = support_of(offer)
    uses = ("framework_live_from",)
    if not support.framework_lots:
        return Row(
            "framework-lot-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            f"The provider says it is on {framework} but not in which lot; say "
            "which lots it holds.",
            uses,
        )
    lots = [lots_by_code[lot.value] for lot in support.framework_lots if lot.value in lots_by_code]
    covered = frozenset().union(*(lot.client_groups for lot in lots))
    groups = offer.scheme.client_groups
    uncovered = [group for group in groups if group.value not in covered]
    held = and_list([lot.name for lot in lots]) or "no recognised lot"
    if not uncovered:
        return Row(
            "framework-lot-fits",
            Outcome.MEETS,
            f"The provider is on {framework} in {held}, which fits "
            f"{and_list([group.phrase for group in groups])}.",
            uses,
        )
    fitting = [
        lot.name
        for lot in ctx.framework_lots
        if lot.client_groups & {group.value for group in uncovered}
    ]
    would_fit = (
        f" The lots that fit are {and_list(fitting)}: a provider in one of them {MEETS_FACTOR}."
        if fitting
        else ""
    )
    partly = len(uncovered) < len(groups)
    return Row(
        "framework-lot-partly-fits" if partly else "framework-no-lot-fits",
        Outcome.CONCERN,
        f"The provider is on {framework} in {held}, which does not fit "
        f"{and_list([group.phrase for group in uncovered])}.{would_fit}",
        uses,
    )
