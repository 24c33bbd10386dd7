"""The sums screening works out, apart from how they are worded.

Gross eligible rent and the benefit route, the weekly support cost per
person, the rent a tenant would pay from their own income, the Right to Buy
cap and the median ward. Pure functions over the offer and the context.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from eoi.offers.document import (
    Configuration,
    Finance,
    LandlordType,
    NightCover,
    OfferDocument,
    Support,
)

from .context import ScreeningContext
from .wording import EXEMPT, LHA, pence

__all__ = [
    "EXEMPT_LANDLORDS",
    "Rent",
    "SupportCost",
    "finance_of",
    "least_shortfall",
    "median",
    "rent",
    "right_to_buy_cap",
    "shortfall",
    "support_cost",
    "support_of",
    "uc_allowance_weekly",
]

# Landlords whose supported housing can be exempt (specified) accommodation.
EXEMPT_LANDLORDS = frozenset(
    {
        LandlordType.REGISTERED_PROVIDER,
        LandlordType.LOCAL_AUTHORITY,
        LandlordType.CHARITY,
        LandlordType.VOLUNTARY_ORGANISATION,
    }
)
WEEKS_A_YEAR = 52
NIGHTS_A_WEEK = 7


def finance_of(offer: OfferDocument) -> Finance:
    return offer.finance or Finance()


def support_of(offer: OfferDocument) -> Support:
    return offer.support or Support()


@dataclass(frozen=True)
class Rent:
    """The rent facts for an offer of accommodation.

    ``route`` is None when the benefit route cannot be settled (the landlord
    type, or whether a landlord that could be exempt provides care, support
    or supervision, not given): the factors and ``figures.benefit_route``
    both read it here. ``lha_bedrooms`` is None for the shared accommodation
    rate; it is the size the rate is for (at most ``lha_max_bedrooms``)
    otherwise.
    """

    core: Decimal | None
    service_charge: Decimal | None
    gross: Decimal | None
    route: str | None
    benchmark_key: str
    benchmark: Decimal
    restriction_percent: Decimal
    ceiling: Decimal
    lha_key: str
    lha: Decimal
    lha_bedrooms: int | None
    bedrooms_over_cap: bool
    bedrooms_assumed: bool

    @property
    def route_settled(self) -> bool:
        return self.route is not None

    @property
    def routes(self) -> tuple[str, ...]:
        """The routes the offer may be on: both while it cannot be settled."""
        return (self.route,) if self.route else (EXEMPT, LHA)

    @property
    def least(self) -> Decimal:
        """The least the gross eligible rent can be: what is given of it."""
        return (self.core or Decimal(0)) + (self.service_charge or Decimal(0))

    def limit(self, route: str) -> Decimal:
        """What benefit meets a week on the route: the restriction ceiling
        (exempt) or the LHA rate."""
        return self.ceiling if route == EXEMPT else self.lha


def rent(offer: OfferDocument, ctx: ScreeningContext) -> Rent:
    """Gross eligible rent (core + eligible service charge), the benefit
    route, the exempt benchmark and the LHA rate that apply."""
    finance = finance_of(offer)
    scheme = offer.scheme
    core = finance.weekly_core_rent
    service = finance.weekly_eligible_service_charge
    gross = None if core is None else core + (service or Decimal(0))

    landlord = finance.landlord_type
    provides = finance.landlord_provides_care_support_or_supervision
    exempt = landlord in EXEMPT_LANDLORDS and provides is True
    settled = landlord is not None and (landlord not in EXEMPT_LANDLORDS or provides is not None)

    if scheme.configuration is Configuration.EXTRA_CARE:
        benchmark_key = "exempt_benchmark_extra_care"
    elif scheme.configuration is Configuration.SHARED_HOUSE:
        benchmark_key = "exempt_benchmark_shared_room"
    else:
        benchmark_key = "exempt_benchmark_self_contained"
    benchmark = ctx.decimal(benchmark_key)
    percent = ctx.decimal("exempt_restriction_percent")

    assumed = over_cap = False
    if scheme.configuration is Configuration.SHARED_HOUSE:
        lha_key, lha_bedrooms = "lha_shared_weekly", None
    else:
        bedrooms = scheme.bedrooms_per_unit
        assumed = bedrooms is None
        bedrooms = 1 if bedrooms is None else bedrooms
        cap = ctx.whole("lha_max_bedrooms")
        over_cap = bedrooms > cap
        lha_bedrooms = min(bedrooms, cap)
        lha_key = f"lha_{lha_bedrooms}_bed_weekly"
    return Rent(
        core=core,
        service_charge=service,
        gross=gross,
        route=(EXEMPT if exempt else LHA) if settled else None,
        benchmark_key=benchmark_key,
        benchmark=benchmark,
        restriction_percent=percent,
        ceiling=pence(benchmark * percent / 100),
        lha_key=lha_key,
        lha=ctx.decimal(lha_key),
        lha_bedrooms=lha_bedrooms,
        bedrooms_over_cap=over_cap,
        bedrooms_assumed=assumed,
    )


def shortfall(facts: Rent) -> Decimal | None:
    """Rent above what benefit meets, a week (0 when none; None if unknown).

    LHA route: gross eligible − LHA; exempt route: gross eligible − the
    restriction ceiling (125% of the benchmark); only if positive.
    """
    if facts.gross is None or not facts.route_settled:
        return None
    return pence(max(facts.gross - facts.limit(facts.route), Decimal(0)))


def least_shortfall(facts: Rent) -> Decimal:
    """The least rent above what benefit meets, whatever the answers not
    given (the core rent, the route) turn out to be; 0 when none is certain."""
    return pence(min(max(facts.least - facts.limit(route), Decimal(0)) for route in facts.routes))


def uc_allowance_weekly(ctx: ScreeningContext) -> Decimal:
    """The monthly standard allowance as a week: × 12 ÷ 52, to the penny."""
    return pence(ctx.decimal("uc_standard_allowance_monthly") * 12 / WEEKS_A_YEAR)


@dataclass(frozen=True)
class SupportCost:
    """The weekly support cost per person and its parts.

    ``per_person`` is None when it cannot be worked out (``missing`` says
    why); ``at_least`` is then what the parts that can be worked out already
    come to (every part is 0 or more), and a part that cannot is None.
    """

    per_person: Decimal | None
    missing: tuple[str, ...] = ()
    at_least: Decimal = Decimal(0)
    rate: Decimal | None = None
    units: int | None = None
    individual_hours: Decimal | None = Decimal(0)
    individual_cost: Decimal | None = Decimal(0)
    shared_hours: Decimal = Decimal(0)
    shared_cost: Decimal | None = Decimal(0)
    night_cover: NightCover = NightCover.NONE
    night_quantity: Decimal = Decimal(0)  # waking hours a week, or the nightly rate
    night_cost: Decimal | None = Decimal(0)
    individual_hours_assumed: bool = False  # not given, taken as 0
    shared_hours_assumed: bool = False  # not given, taken as 0
    night_cover_assumed: bool = False  # not given, taken as none


def support_cost(offer: OfferDocument, ctx: ScreeningContext) -> SupportCost:
    """individual hours × hourly rate + shared core hours × hourly rate ÷ units
    + night cover ÷ units (waking night: the waking night hours a week × the
    hourly rate; sleep-in: 7 nights × the sleep-in rate).

    Each part is worked out from what it needs, whatever else is missing.
    """
    support = support_of(offer)
    units = offer.scheme.units
    rate = support.hourly_rate
    individual = support.individual_hours_per_person_per_week
    shared = support.shared_core_hours_per_week
    night = support.night_cover or NightCover.NONE
    missing: list[str] = []
    if rate is None:
        missing.append("an hourly rate")
    if individual is None and shared is None:
        missing.append("the support hours")
    shared_out = (shared or 0) > 0 or night is not NightCover.NONE
    if shared_out and units is None:
        missing.append("the number of units to share the core hours and night cover")

    individual_assumed = individual is None and shared is not None
    shared_assumed = shared is None and individual is not None
    if individual_assumed:
        individual = Decimal(0)
    shared = shared or Decimal(0)
    individual_cost = None if None in (individual, rate) else individual * rate
    shared_cost = Decimal(0)
    if shared:
        shared_cost = None if None in (rate, units) else shared * rate / units
    quantity, night_cost = Decimal(0), Decimal(0)
    if night is NightCover.WAKING:
        quantity = ctx.decimal("waking_night_hours_weekly")
        night_cost = None if None in (rate, units) else quantity * rate / units
    elif night is NightCover.SLEEP_IN:
        quantity = ctx.decimal("sleep_in_nightly_rate")
        night_cost = None if units is None else NIGHTS_A_WEEK * quantity / units
    parts = (individual_cost, shared_cost, night_cost)
    at_least = pence(sum((part for part in parts if part is not None), Decimal(0)))
    return SupportCost(
        per_person=None if missing else at_least,
        missing=tuple(missing),
        at_least=at_least,
        rate=rate,
        units=units,
        individual_hours=individual,
        individual_cost=individual_cost,
        shared_hours=shared,
        shared_cost=shared_cost,
        night_cover=night,
        night_quantity=quantity,
        night_cost=night_cost,
        individual_hours_assumed=individual_assumed,
        shared_hours_assumed=shared_assumed,
        night_cover_assumed=support.night_cover is None,
    )


def right_to_buy_cap(offer: OfferDocument, ctx: ScreeningContext) -> Decimal | None:
    """The most Right to Buy receipts the strategy allows for the scheme:
    30% of its total capital cost, to the penny (None with no capital cost)."""
    capital = finance_of(offer).capital_cost
    if capital is None:
        return None
    return pence(capital * ctx.decimal("right_to_buy_cap_percent") / 100)


def median(values: list[int]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2
