"""3. ``rent_level``: the expected rent, and whether housing benefit meets it.

Gross eligible rent and the benefit route are worked out in
:func:`eoi.screening.calculations.rent`: exempt (Housing Benefit) when the
landlord is a registered provider, local authority, charity or voluntary
organisation *and* it provides care, support or supervision; otherwise
Universal Credit capped at the Local Housing Allowance (the shared rate for a
shared house, else the rate for ``bedrooms_per_unit``, 1 if not given, the
highest rate above the largest size).

| route | gross eligible rent | outcome |
| exempt | <= benchmark | meets |
| exempt | <= 125% of benchmark | concern: may be restricted |
| exempt | > 125% of benchmark | does_not_meet |
| LHA | <= LHA rate | meets |
| LHA | > LHA rate | does_not_meet: the tenant pays the difference |
| rent not given | | more_information_needed |

Not applicable to care and support only. Decisions where the table is
silent: a missing eligible service charge is taken as £0.00 and asked for;
when the landlord type, or (for a landlord that could be exempt) whether it
provides care, support or supervision, is not given, the route cannot be
settled and the factor asks for it, quoting both figures; with no
configuration the self-contained benchmark and the bedroom LHA rate are used,
and the configuration is asked for. Every row is
still checked on what is given: with no core rent the rent is at least the
eligible service charge, and with no route a rent too high on both routes
is too high (the less severe of the two stands).
"""

from __future__ import annotations

from decimal import Decimal

from eoi.offers.document import Configuration, LandlordType, OfferDocument

from ..calculations import EXEMPT_LANDLORDS, Rent, finance_of, rent
from ..context import ScreeningContext
from ..results import FactorResult, Outcome
from ..wording import EXEMPT, MEETS_FACTOR, at_or_below, gbp, num
from .base import Row, cite, combine, not_applicable, source, year

KEY = "rent_level"
LABEL = "Rent level and housing benefit"

# Row ids stored in results: keep them stable.
WITHIN_BENCHMARK = "exempt-within-benchmark"
UP_TO_CEILING = "exempt-up-to-125pc"
OVER_CEILING = "exempt-over-125pc"

SERVICE_CHARGE_NOT_GIVEN = Row(
    "service-charge-not-given",
    Outcome.MORE_INFORMATION_NEEDED,
    "No eligible service charge is given, so it is taken as £0.00; say whether there is one.",
)
# The configuration decides the benchmark and the LHA rate (calculations.rent).
CONFIGURATION_NOT_GIVEN = Row(
    "configuration-not-given",
    Outcome.MORE_INFORMATION_NEEDED,
    "The offer does not say how the homes are arranged, so the rent is set "
    "against the benchmark and the Local Housing Allowance rate for "
    "self-contained homes; a shared house and extra care have their own. Say "
    "how the homes are arranged.",
)

_BENCHMARK_FOR = {
    Configuration.EXTRA_CARE: "extra care",
    Configuration.SHARED_HOUSE: "a room in a shared house",
}
_LANDLORDS = {
    LandlordType.REGISTERED_PROVIDER: "a registered provider",
    LandlordType.LOCAL_AUTHORITY: "a local authority",
    LandlordType.CHARITY: "a charity",
    LandlordType.VOLUNTARY_ORGANISATION: "a voluntary organisation",
    LandlordType.PRIVATE_LANDLORD: "a private landlord",
}


def benchmark_for(offer: OfferDocument) -> str:
    return _BENCHMARK_FOR.get(offer.scheme.configuration, "a self-contained supported living unit")


def benchmark_text(offer: OfferDocument, facts: Rent, ctx: ScreeningContext) -> str:
    return (
        f"the council's {year(ctx, facts.benchmark_key)} benchmark of "
        f"{gbp(facts.benchmark)} a week for "
        f"{benchmark_for(offer)} {source(ctx, facts.benchmark_key)}"
    )


def ceiling_text(facts: Rent, ctx: ScreeningContext) -> str:
    return (
        f"{num(facts.restriction_percent)}% of the benchmark, "
        f"{gbp(facts.ceiling)} {source(ctx, 'exempt_restriction_percent')}"
    )


def lha_text(facts: Rent, ctx: ScreeningContext) -> str:
    if facts.lha_bedrooms is None:
        name = "shared accommodation rate"
    else:
        name = f"{facts.lha_bedrooms}-bedroom rate"
        if facts.bedrooms_over_cap:
            name += f" (the highest rate, used for more than {facts.lha_bedrooms} bedrooms)"
    assumed = (
        "; no bedrooms per unit given, so 1 bedroom is assumed" if facts.bedrooms_assumed else ""
    )
    return (
        f"the {year(ctx, facts.lha_key)} Local Housing Allowance {name} of "
        f"{gbp(facts.lha)} a week "
        f"({cite(ctx, facts.lha_key)}{assumed})"
    )


RENT = "a gross eligible rent"


def closes(facts: Rent, route: str) -> str:
    """What rent would meet the factor on the route: at or below the Local
    Housing Allowance rate, or (exempt) the benchmark."""
    if route != EXEMPT:
        return at_or_below(RENT, facts.lha)
    return at_or_below(RENT, facts.benchmark)


def ceiling_closes(facts: Rent) -> str:
    """Over the 125% ceiling: what would make it a concern only, and what meets."""
    return (
        f"At or below {gbp(facts.ceiling, per='week')} the rent would be a "
        "concern rather than not meeting, and at or below "
        f"{gbp(facts.benchmark, per='week')} it {MEETS_FACTOR}."
    )


def lha_uses(facts: Rent) -> tuple[str, ...]:
    if facts.bedrooms_over_cap:
        return (facts.lha_key, "lha_max_bedrooms")
    return (facts.lha_key,)


def _gross_text(facts: Rent) -> str:
    return (
        f"The gross eligible rent is {gbp(facts.gross)} a week "
        f"({gbp(facts.core)} core rent + "
        f"{gbp(facts.service_charge or Decimal(0))} eligible service charge)."
    )


def _route_text(offer: OfferDocument, facts: Rent) -> str:
    landlord = finance_of(offer).landlord_type
    name = f"The landlord, {_LANDLORDS[landlord]}," if landlord else "The landlord"
    if facts.route == EXEMPT:
        return (
            f"{name} provides care, support or supervision, so "
            "this is exempt (specified) accommodation: housing costs are met by "
            "Housing Benefit, not Universal Credit, and the Local Housing "
            "Allowance does not apply."
        )
    why = (
        "does not provide care, support or supervision"
        if landlord in EXEMPT_LANDLORDS
        else "is not a registered provider, local authority, charity or voluntary organisation"
    )
    return (
        f"{name} {why}, so this is not exempt accommodation: "
        "housing costs go through Universal Credit, capped at the Local "
        "Housing Allowance."
    )


def judge(facts: Rent, route: str, gross: Decimal) -> Outcome:
    """The table's outcome for a gross eligible rent on a route."""
    if route == EXEMPT:
        if gross <= facts.benchmark:
            return Outcome.MEETS
        return Outcome.CONCERN if gross <= facts.ceiling else Outcome.DOES_NOT_MEET
    return Outcome.MEETS if gross <= facts.lha else Outcome.DOES_NOT_MEET


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    if not offer.includes_accommodation:
        return not_applicable(
            KEY,
            "care-and-support-only",
            "The offer is for care and support only, so there is no rent to assess.",
        )
    facts = rent(offer, ctx)
    benchmark = benchmark_text(offer, facts, ctx)
    on_benchmark = (facts.benchmark_key,)
    rows: list[Row] = []
    if facts.gross is None:
        rows.append(
            Row(
                "rent-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The weekly core rent is not given, so it cannot be checked "
                f"against {benchmark} or {lha_text(facts, ctx)}. Say the core "
                "rent and eligible service charge a week.",
                on_benchmark + lha_uses(facts),
            )
        )
    elif facts.service_charge is None:
        rows.append(SERVICE_CHARGE_NOT_GIVEN)
    if facts.gross is not None and not facts.route_settled:
        rows.append(
            Row(
                "route-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"{_gross_text(facts)} The offer does not give the landlord type, "
                "or whether the landlord (or someone on its behalf) provides "
                "care, support or supervision, so the benefit route cannot be "
                f"settled. As exempt accommodation it would be set against "
                f"{benchmark}; under Universal Credit against "
                f"{lha_text(facts, ctx)}.",
                on_benchmark + lha_uses(facts),
            )
        )
    if offer.scheme.configuration is None:
        rows.append(CONFIGURATION_NOT_GIVEN)
    if facts.gross is not None and facts.route_settled:
        rows.append(_table_row(offer, facts, ctx))
    else:
        rows += _decided_rows(offer, facts, ctx)
    return combine(KEY, rows, ctx)


def _table_row(offer: OfferDocument, facts: Rent, ctx: ScreeningContext) -> Row:
    """The row for the gross eligible rent on the route (both known)."""
    benchmark = benchmark_text(offer, facts, ctx)
    gross_text = _gross_text(facts)
    route = _route_text(offer, facts)
    outcome = judge(facts, facts.route, facts.gross)
    on_ceiling = (facts.benchmark_key, "exempt_restriction_percent")
    if facts.route != EXEMPT:
        if outcome is Outcome.MEETS:
            return Row(
                "lha-within-rate",
                Outcome.MEETS,
                f"{gross_text} {route} The rent is within {lha_text(facts, ctx)}.",
                lha_uses(facts),
            )
        return Row(
            "lha-over-rate",
            Outcome.DOES_NOT_MEET,
            f"{gross_text} {route} The rent is "
            f"{gbp(facts.gross - facts.lha, per='week')} above "
            f"{lha_text(facts, ctx)}: the tenant would pay the difference. "
            f"{closes(facts, facts.route)}",
            lha_uses(facts),
        )
    if outcome is Outcome.MEETS:
        return Row(
            WITHIN_BENCHMARK,
            Outcome.MEETS,
            f"{gross_text} {route} The rent is within {benchmark}.",
            (facts.benchmark_key,),
        )
    if outcome is Outcome.CONCERN:
        return Row(
            UP_TO_CEILING,
            Outcome.CONCERN,
            f"{gross_text} {route} The rent is "
            f"{gbp(facts.gross - facts.benchmark, per='week')} above {benchmark}, "
            f"though within {ceiling_text(facts, ctx)}. Housing Benefit may judge "
            "it unreasonably high and restrict it; any restriction falls "
            f"on the tenant or the council. {closes(facts, facts.route)}",
            on_ceiling,
        )
    return Row(
        OVER_CEILING,
        Outcome.DOES_NOT_MEET,
        f"{gross_text} {route} The rent is "
        f"{gbp(facts.gross - facts.ceiling, per='week')} more than "
        f"{ceiling_text(facts, ctx)} ({benchmark}). Housing Benefit is "
        "likely to restrict it, and that would fall on the tenant or the "
        f"council. {ceiling_closes(facts)}",
        on_ceiling,
    )


def _decided_rows(offer: OfferDocument, facts: Rent, ctx: ScreeningContext) -> list[Row]:
    """With the core rent or the route not given: the row that applies
    whatever they turn out to be, if any. The rent is at least what is given
    of it, and a rent above a limit is above it on every larger rent; with
    no route, the rent must be too high on both."""
    least = facts.least
    outcomes = {route: judge(facts, route, least) for route in facts.routes}
    outcome = min(outcomes.values(), key=lambda outcome: outcome.severity)
    if outcome.severity < Outcome.CONCERN.severity:
        return []
    benchmark = benchmark_text(offer, facts, ctx)
    ceiling = f"{ceiling_text(facts, ctx)} ({benchmark})"
    on_ceiling = (facts.benchmark_key, "exempt_restriction_percent")
    if facts.gross is None:
        lead = (
            f"The eligible service charge alone is {gbp(least)} a week, so the "
            "gross eligible rent is at least that."
        )
    else:
        lead = f"The gross eligible rent is {gbp(least)} a week."
    if not facts.route_settled:
        as_exempt = (
            f"more than {ceiling}"
            if outcomes[EXEMPT] is Outcome.DOES_NOT_MEET
            else f"above {benchmark}, though within {ceiling_text(facts, ctx)}"
        )
        return [
            Row(
                "over-either-route",
                outcome,
                f"{lead} Whichever the benefit route, that is too high: under "
                f"Universal Credit it is above {lha_text(facts, ctx)}, and as "
                f"exempt accommodation it is {as_exempt}. A gross eligible rent "
                f"at or below {gbp(facts.lha, per='week')} under Universal Credit, "
                f"or {gbp(facts.benchmark, per='week')} as exempt accommodation, "
                "meets this factor.",
                on_ceiling + lha_uses(facts),
            )
        ]
    route = _route_text(offer, facts)
    if facts.route != EXEMPT:
        return [
            Row(
                "lha-over-rate",
                outcome,
                f"{lead} {route} That is at least "
                f"{gbp(least - facts.lha, per='week')} above {lha_text(facts, ctx)}: "
                f"the tenant would pay the difference. {closes(facts, facts.route)}",
                lha_uses(facts),
            )
        ]
    if outcome is Outcome.CONCERN:
        return [
            Row(
                UP_TO_CEILING,
                outcome,
                f"{lead} {route} That is at least "
                f"{gbp(least - facts.benchmark, per='week')} above {benchmark}: "
                "Housing Benefit may judge the rent unreasonably high and restrict "
                f"it. {closes(facts, facts.route)}",
                on_ceiling,
            )
        ]
    return [
        Row(
            OVER_CEILING,
            outcome,
            f"{lead} {route} That is at least "
            f"{gbp(least - facts.ceiling, per='week')} more than {ceiling}: Housing "
            "Benefit is likely to restrict it, and that would fall on the tenant "
            f"or the council. {ceiling_closes(facts)}",
            on_ceiling,
        )
    ]
