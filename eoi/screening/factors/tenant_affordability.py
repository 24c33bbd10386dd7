"""5. ``tenant_affordability``: the tenant and Universal Credit.

What the tenant pays from their own income each week = ineligible charges +
any rent above what benefit meets (:func:`eoi.screening.calculations.shortfall`).
The UC standard allowance (single, 25 or over) is taken weekly as monthly ×
12 ÷ 52, to the penny; the council accepts charges up to a share of it.

| situation | outcome |
| the tenant would pay part of the rent (shortfall > 0) | does_not_meet |
| ineligible charges > the accepted share of the standard allowance | concern |
| LHA route and young people (care leavers, young people with SEND, looked
  after children) in a self-contained unit | concern: the shared
  accommodation rate for single people under 35, with exceptions |
| exempt route | meets: Housing Benefit, outside the benefit cap |
| charges not given | more_information_needed |

Not applicable to care and support only. Decisions where the table is
silent: an LHA-route offer with no shortfall meets; rent not given, or a
benefit route that cannot be settled, needs more information (and a missing
eligible service charge is taken as £0.00 and asked for), and the
shortfall row is still checked on what is given (the rent is at least the
eligible service charge; with no route, what benefit meets on either); with
no configuration, what benefit meets is taken for self-contained homes and
the configuration is asked for.
"""

from __future__ import annotations

from eoi.offers.document import ClientGroup, OfferDocument

from ..calculations import (
    Rent,
    finance_of,
    least_shortfall,
    rent,
    shortfall,
    uc_allowance_weekly,
)
from ..context import ScreeningContext
from ..results import FactorResult, Outcome
from ..wording import EXEMPT, LHA, MEETS_FACTOR, at_or_below, gbp, num, pence
from .base import SELF_CONTAINED, Row, combine, not_applicable, source, year
from .rent_level import (
    CONFIGURATION_NOT_GIVEN,
    SERVICE_CHARGE_NOT_GIVEN,
    benchmark_for,
    ceiling_text,
    lha_text,
    lha_uses,
)

KEY = "tenant_affordability"
LABEL = "Affordability for the tenant and Universal Credit"

YOUNG_PEOPLE = {
    ClientGroup.CARE_LEAVERS: "care leavers under 25 are exempt from the shared accommodation rate",
    ClientGroup.YOUNG_PEOPLE_SEND: "young people with SEND are exempt only if they "
    "get the daily living component of Personal Independence Payment (or the "
    "middle or highest care component of Disability Living Allowance)",
    ClientGroup.LOOKED_AFTER_CHILDREN: "looked after children aged 16–17 are the "
    "responsibility of children's services and cannot usually claim Universal "
    "Credit housing costs; on leaving care they are care leavers",
}
_ALLOWANCE_KEYS = ("uc_standard_allowance_monthly", "tenant_charges_share_percent")


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    if not offer.includes_accommodation:
        return not_applicable(
            KEY,
            "care-and-support-only",
            "The offer is for care and support only, so there is no rent or "
            "charge for the tenant to pay.",
        )
    facts = rent(offer, ctx)
    rows: list[Row] = []

    monthly = ctx.decimal("uc_standard_allowance_monthly")
    weekly = uc_allowance_weekly(ctx)
    share = ctx.decimal("tenant_charges_share_percent")
    accepted = pence(weekly * share / 100)
    allowance = (
        f"{num(share)}% of the {year(ctx, 'uc_standard_allowance_monthly')} "
        "Universal Credit standard allowance of "
        f"{gbp(monthly)} a month ({gbp(weekly)} a week) "
        f"{source(ctx, *_ALLOWANCE_KEYS)}"
    )
    ineligible = finance_of(offer).weekly_ineligible_charge

    owed = shortfall(facts)
    if facts.gross is None:
        rows.append(
            Row(
                "rent-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The rent is not given, so what the tenant would pay cannot be worked out.",
            )
        )
    elif owed is None:
        rows.append(
            Row(
                "route-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The benefit route cannot be settled (landlord type, or whether "
                "the landlord provides care, support or supervision, not given), "
                "so what the tenant would pay cannot be worked out.",
            )
        )
    elif owed > 0:
        if facts.route == EXEMPT:
            meets = f"{ceiling_text(facts, ctx)} for {benchmark_for(offer)}"
            uses = (facts.benchmark_key, "exempt_restriction_percent")
            limit = facts.ceiling
        else:
            meets, uses = lha_text(facts, ctx), lha_uses(facts)
            limit = facts.lha
        total = ""
        if ineligible:
            total = (
                f" With {gbp(ineligible)} a week of ineligible charges, the "
                f"tenant would pay {gbp(owed + ineligible)} a week in all."
            )
        rows.append(
            Row(
                "rent-shortfall",
                Outcome.DOES_NOT_MEET,
                f"The tenant would pay {gbp(owed)} a week of the rent from "
                f"their own income: the gross eligible rent of {gbp(facts.gross)} "
                f"is {gbp(owed, per='week')} above what benefit meets, {meets}."
                f"{total} {at_or_below('a gross eligible rent', limit)}",
                uses,
            )
        )

    if owed is None:
        rows += _least_shortfall_rows(offer, facts, ctx)
    elif facts.service_charge is None:  # taken as £0.00, as rent_level does
        rows.append(SERVICE_CHARGE_NOT_GIVEN)
    if offer.scheme.configuration is None:
        rows.append(CONFIGURATION_NOT_GIVEN)

    charges_ok = ""
    if ineligible is None:
        rows.append(
            Row(
                "charges-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The weekly ineligible charges (what tenants pay that housing "
                "benefit does not cover) are not given; say what they are, or "
                "£0.00.",
            )
        )
    elif ineligible > accepted:
        rows.append(
            Row(
                "charges-over-share",
                Outcome.CONCERN,
                f"Ineligible charges of {gbp(ineligible)} a week are "
                f"{gbp(ineligible - accepted, per='week')} more than "
                f"the {gbp(accepted)} a week the council accepts: {allowance}. "
                f"{at_or_below('ineligible charges', accepted, many=True)}",
                _ALLOWANCE_KEYS,
            )
        )
    else:
        charges_ok = (
            f" Ineligible charges of {gbp(ineligible)} a week are within the "
            f"{gbp(accepted)} a week the council accepts: {allowance}."
        )

    config = offer.scheme.configuration
    young = [group for group in offer.scheme.client_groups if group in YOUNG_PEOPLE]
    if facts.route_settled and facts.route == LHA and young and config in SELF_CONTAINED:
        which = "; ".join(YOUNG_PEOPLE[group] for group in young)
        shared_rate = ctx.decimal("lha_shared_weekly")
        at_shared = ""
        if facts.gross is not None and facts.gross > shared_rate:
            at_shared = (
                f" At that rate the tenant would pay "
                f"{gbp(facts.gross - shared_rate)} a week of the rent."
            )
        rows.append(
            Row(
                "young-people-shared-rate",
                Outcome.CONCERN,
                "Under Universal Credit, single people under 35 are limited to "
                f"the {year(ctx, 'lha_shared_weekly')} Local Housing Allowance "
                f"shared accommodation rate of {gbp(shared_rate)} a week "
                f"{source(ctx, 'lha_shared_weekly')}, "
                f"even in a self-contained unit, with exceptions: {which}."
                f"{at_shared} As exempt accommodation (a registered provider, "
                "local authority, charity or voluntary organisation landlord "
                "that provides care, support or supervision) the Local Housing "
                "Allowance, and so this limit, would not apply.",
                ("lha_shared_weekly",),
            )
        )
    ok_uses = _ALLOWANCE_KEYS if charges_ok else ()
    if facts.route_settled and facts.route == EXEMPT:
        rows.append(
            Row(
                "exempt-route",
                Outcome.MEETS,
                "As exempt accommodation, housing costs are met through Housing "
                "Benefit, outside the benefit cap, paid alongside Universal "
                f"Credit for living costs.{charges_ok}",
                ok_uses,
            )
        )
    elif owed is not None and owed == 0:
        rows.append(
            Row(
                "within-benefit",
                Outcome.MEETS,
                f"The gross eligible rent of {gbp(facts.gross)} a week is within "
                f"{lha_text(facts, ctx)}, so the tenant pays none of the rent "
                f"from their own income.{charges_ok}",
                lha_uses(facts) + ok_uses,
            )
        )
    return combine(KEY, rows, ctx)


def _least_shortfall_rows(offer: OfferDocument, facts: Rent, ctx: ScreeningContext) -> list[Row]:
    """With the core rent or the route not given: the shortfall row, when the
    tenant would pay part of the rent whatever they turn out to be."""
    owed = least_shortfall(facts)
    if not owed:
        return []
    if facts.gross is None:
        basis = f"the eligible service charge alone, {gbp(facts.least)} a week,"
    else:
        basis = f"the gross eligible rent of {gbp(facts.gross)}"
    exempt = f"{ceiling_text(facts, ctx)} for {benchmark_for(offer)}"
    rent_meets = "a gross eligible rent"
    if facts.route == EXEMPT:
        meets, uses = exempt, (facts.benchmark_key, "exempt_restriction_percent")
        closes = at_or_below(rent_meets, facts.ceiling)
    elif facts.route == LHA:
        meets, uses = lha_text(facts, ctx), lha_uses(facts)
        closes = at_or_below(rent_meets, facts.lha)
    else:
        meets = (
            f"on either route: {exempt} as exempt accommodation, and "
            f"{lha_text(facts, ctx)} under Universal Credit"
        )
        uses = (facts.benchmark_key, "exempt_restriction_percent")
        uses += lha_uses(facts)
        closes = (
            f"A gross eligible rent at or below {gbp(facts.lha, per='week')} under "
            f"Universal Credit, or {gbp(facts.ceiling, per='week')} as exempt "
            f"accommodation, {MEETS_FACTOR}."
        )
    return [
        Row(
            "rent-shortfall",
            Outcome.DOES_NOT_MEET,
            f"The tenant would pay at least {gbp(owed)} a week of the rent from "
            f"their own income: {basis} is above what benefit meets, {meets}. {closes}",
            uses,
        )
    ]
