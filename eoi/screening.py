"""Screening an offer against the strategy (docs/screening-rules.md).

Appendix C of the Supported Living and Extra Care Housing Strategy 2021–2031
names five factors every new offer is weighed against; the strategy's guiding
principles, demand tables and key add two more. :func:`screen` runs the seven
factor functions in :data:`FACTORS` and gives each an outcome and a reason a
provider can read, naming the figure used and where it comes from. Screening
advises; commissioners decide.

Within a factor every row of its table is checked. Where several apply, the
worst outcome stands (does not meet, then concern, then more information
needed, then meets) and the reason names each row that applied, worst first.

Screening is a pure function of (offer, reference values, strategy figures,
date): it imports nothing from Django and does no I/O. The caller builds a
:class:`ScreeningContext` from the database: the reference values in force on
the screening date, the demand lines with their unmet units, the framework
lots, the city's wards and the existing supported living units per ward.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from eoi.offer_document import (
    ClientGroup,
    Configuration,
    DevelopmentStage,
    Finance,
    FundingSource,
    LandlordType,
    NightCover,
    OfferDocument,
    OfferType,
    Support,
    normalise_postcode,
)

__all__ = [
    "FACTORS",
    "FACTOR_LABELS",
    "DemandLineState",
    "FactorResult",
    "Figures",
    "FrameworkLotInfo",
    "MatchedDemand",
    "Outcome",
    "Overall",
    "ReferenceValue",
    "ScreeningContext",
    "ScreeningResult",
    "location",
    "matched_demand_lines",
    "procurement",
    "quality",
    "rent_level",
    "result_as_text",
    "result_from_dict",
    "screen",
    "strategic_fit",
    "support_costs",
    "tenant_affordability",
]


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandLineState:
    """One forecast demand line of the strategy, with its unmet units now."""

    cohort: str
    group: str
    net_units: int
    unmet_units: int
    client_groups: frozenset[str]
    configurations: frozenset[str]
    size_min: int | None = None
    size_max: int | None = None
    shared_house_max_bedrooms: int | None = None
    is_tbc: bool = False
    site_required: bool = False
    best_fit: str = ""
    source: str = (
        "Supported Living and Extra Care Housing Strategy 2021–2031, "
        "forecast demand table"
    )


@dataclass(frozen=True)
class ReferenceValue:
    """A figure the rules use, with its unit, source and the date it applies."""

    key: str
    value: object
    unit: str
    source: str
    valid_from: datetime.date


@dataclass(frozen=True)
class FrameworkLotInfo:
    """A lot of the Supported Living framework and the client groups it fits."""

    code: str
    name: str
    client_groups: frozenset[str]


@dataclass(frozen=True)
class ScreeningContext:
    """Everything the rules read besides the offer.

    ``ward_supported_living_units`` may be empty when the register has no
    ward-level data; screening then says nothing about areas less well served.
    """

    on: datetime.date
    reference: Mapping[str, ReferenceValue]
    demand_lines: tuple[DemandLineState, ...]
    framework_lots: tuple[FrameworkLotInfo, ...]
    city_wards: frozenset[str]
    ward_supported_living_units: Mapping[str, int]


# --------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------


class Outcome(StrEnum):
    MEETS = "meets"
    CONCERN = "concern"
    DOES_NOT_MEET = "does_not_meet"
    MORE_INFORMATION_NEEDED = "more_information_needed"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


class Overall(StrEnum):
    PROGRESS = "progress"
    REVIEW = "review"
    NOT_SUPPORTED = "not_supported"

    @property
    def label(self) -> str:
        return _OVERALL_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.MEETS: "Meets",
    Outcome.CONCERN: "Concern",
    Outcome.DOES_NOT_MEET: "Does not meet",
    Outcome.MORE_INFORMATION_NEEDED: "More information needed",
    Outcome.NOT_APPLICABLE: "Not applicable",
}
_OVERALL_LABELS = {
    Overall.PROGRESS: "Progress: recommend a meeting",
    Overall.REVIEW: "Review: a commissioner should look at the concerns",
    Overall.NOT_SUPPORTED: "Not supported",
}
# Severity for "the worst outcome stands".
_SEVERITY = {
    Outcome.DOES_NOT_MEET: 3,
    Outcome.CONCERN: 2,
    Outcome.MORE_INFORMATION_NEEDED: 1,
    Outcome.MEETS: 0,
    Outcome.NOT_APPLICABLE: -1,
}

FACTOR_LABELS = {
    "procurement": "Procurement and the Supported Living framework",
    "strategic_fit": "Strategic priorities and a sustainable offer",
    "rent_level": "Rent level and housing benefit",
    "support_costs": "Support needs and costs",
    "tenant_affordability": "Affordability for the tenant and Universal Credit",
    "location": "Location in the city",
    "quality": "Build, design and deliverability",
}


@dataclass(frozen=True)
class FactorResult:
    """One factor's outcome, its reason and the ids of the rows that applied."""

    factor: str
    outcome: Outcome
    reason: str
    rows: tuple[str, ...]

    @property
    def label(self) -> str:
        return FACTOR_LABELS.get(self.factor, self.factor)


@dataclass(frozen=True)
class MatchedDemand:
    """A demand line the offer matches, and its unmet units."""

    cohort: str
    unmet_units: int


@dataclass(frozen=True)
class Figures:
    """The sums screening worked out, in pounds a week (None when unknown)."""

    gross_eligible_rent: Decimal | None
    benefit_route: str
    support_cost_per_person_per_week: Decimal | None
    tenant_weekly_shortfall: Decimal | None


@dataclass(frozen=True)
class ScreeningResult:
    """The result of :func:`screen`."""

    overall: Overall
    priority: int
    priority_explanation: tuple[str, ...]
    factors: dict[str, FactorResult]
    matched_demand: tuple[MatchedDemand, ...]
    figures: Figures
    screened_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``screen_offer --format json`` (offer-format.md)."""
        return {
            "overall": self.overall.value,
            "priority": self.priority,
            "priority_explanation": list(self.priority_explanation),
            "factors": {
                name: {
                    "outcome": result.outcome.value,
                    "reason": result.reason,
                    "rows": list(result.rows),
                }
                for name, result in self.factors.items()
            },
            "matched_demand": [
                {"cohort": line.cohort, "unmet_units": line.unmet_units}
                for line in self.matched_demand
            ],
            "figures": {
                "gross_eligible_rent": _money_str(self.figures.gross_eligible_rent),
                "benefit_route": self.figures.benefit_route,
                "support_cost_per_person_per_week": _money_str(
                    self.figures.support_cost_per_person_per_week
                ),
                "tenant_weekly_shortfall": _money_str(
                    self.figures.tenant_weekly_shortfall
                ),
            },
            "screened_on": self.screened_on.isoformat(),
        }


def _money_str(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{_pence(amount):f}"


def _money_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def result_from_dict(data: Mapping[str, Any]) -> ScreeningResult:
    """Rebuild a stored result from :meth:`ScreeningResult.to_dict` output.

    Factors come back in the rules' own order: PostgreSQL's jsonb keeps no
    key order, so a stored result's order cannot be trusted.
    """
    figures = data["figures"]
    order = {name: index for index, name in enumerate(FACTOR_LABELS)}
    return ScreeningResult(
        overall=Overall(data["overall"]),
        priority=int(data["priority"]),
        priority_explanation=tuple(data.get("priority_explanation", ())),
        factors={
            name: FactorResult(
                factor=name,
                outcome=Outcome(item["outcome"]),
                reason=item["reason"],
                rows=tuple(item.get("rows", ())),
            )
            for name, item in sorted(
                data["factors"].items(), key=lambda pair: order.get(pair[0], len(order))
            )
        },
        matched_demand=tuple(
            MatchedDemand(cohort=item["cohort"], unmet_units=int(item["unmet_units"]))
            for item in data["matched_demand"]
        ),
        figures=Figures(
            gross_eligible_rent=_money_or_none(figures.get("gross_eligible_rent")),
            benefit_route=figures["benefit_route"],
            support_cost_per_person_per_week=_money_or_none(
                figures.get("support_cost_per_person_per_week")
            ),
            tenant_weekly_shortfall=_money_or_none(
                figures.get("tenant_weekly_shortfall")
            ),
        ),
        screened_on=datetime.date.fromisoformat(data["screened_on"]),
    )


def result_as_text(result: ScreeningResult) -> str:
    """The result as plain text, for ``screen_offer --format text``."""
    lines = [f"Screened on {_day(result.screened_on)}", ""]
    for factor in result.factors.values():
        lines.append(f"{factor.label}: {factor.outcome.label}")
        lines.append(f"  {factor.reason}")
    lines += ["", f"Overall: {result.overall.label}"]
    lines.append(f"Priority: {result.priority} out of 100")
    lines += [f"  {item}" for item in result.priority_explanation]
    lines += ["", "Matched demand:"]
    if result.matched_demand:
        lines += [
            f"  {line.cohort}: {line.unmet_units} units unmet"
            for line in result.matched_demand
        ]
    else:
        lines.append("  none")
    figures = result.figures
    lines += [
        "",
        "Figures:",
        f"  Gross eligible rent: {_a_week(figures.gross_eligible_rent)}",
        f"  Benefit route: {_ROUTE_LABELS[figures.benefit_route]}",
        "  Support cost per person: "
        f"{_a_week(figures.support_cost_per_person_per_week)}",
        "  Rent above what benefit meets: "
        f"{_a_week(figures.tenant_weekly_shortfall)}",
    ]
    return "\n".join(lines)


def _a_week(amount: Decimal | None) -> str:
    return "not worked out" if amount is None else f"{_gbp(amount)} a week"


EXEMPT = "housing_benefit_exempt"
LHA = "universal_credit_lha"
NOT_APPLICABLE_ROUTE = "not_applicable"
_ROUTE_LABELS = {
    EXEMPT: "Housing Benefit (exempt accommodation)",
    LHA: "Universal Credit, capped at the Local Housing Allowance",
    NOT_APPLICABLE_ROUTE: "not applicable",
}


# --------------------------------------------------------------------------
# Formatting and small helpers
# --------------------------------------------------------------------------

_PENNY = Decimal("0.01")


def _pence(amount: Decimal) -> Decimal:
    return amount.quantize(_PENNY, rounding=ROUND_HALF_UP)


def _gbp(amount: Decimal) -> str:
    """``Decimal("1000")`` gives ``"£1,000.00"``."""
    return f"£{_pence(amount):,.2f}"


def _num(number: Decimal | int) -> str:
    """A count or measure without trailing zeros: 10, 7.5, 0.45."""
    if isinstance(number, int):
        return str(number)
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _and(items: list[str]) -> str:
    """``["a", "b", "c"]`` gives ``"a, b and c"``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _ref(ctx: ScreeningContext, key: str) -> ReferenceValue:
    return ctx.reference[key]


def _dec(ctx: ScreeningContext, key: str) -> Decimal:
    value = _ref(ctx, key).value
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _src(ctx: ScreeningContext, *keys: str) -> str:
    """The sources of reference values, for a parenthesis: "(A; B)"."""
    sources: list[str] = []
    for key in keys:
        source = _ref(ctx, key).source
        if source not in sources:
            sources.append(source)
    return f"({'; '.join(sources)})"


def _lower_first(text: str) -> str:
    """Lower-case the first letter, unless it starts an acronym ("TBC")."""
    if text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _groups(groups: tuple[ClientGroup, ...] | list[ClientGroup]) -> str:
    return _and([group.phrase for group in groups])


def _group_values(offer: OfferDocument) -> frozenset[str]:
    return frozenset(group.value for group in offer.scheme.client_groups)


def _finance(offer: OfferDocument) -> Finance:
    return offer.finance or Finance()


def _support(offer: OfferDocument) -> Support:
    return offer.support or Support()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Row:
    row: str
    outcome: Outcome
    reason: str


def _combine(factor: str, rows: list[_Row]) -> FactorResult:
    """The worst outcome stands; the reason names each row, worst first."""
    ordered = sorted(rows, key=lambda row: -_SEVERITY[row.outcome])
    return FactorResult(
        factor=factor,
        outcome=ordered[0].outcome,
        reason=" ".join(row.reason for row in ordered),
        rows=tuple(row.row for row in ordered),
    )


def _not_applicable(factor: str, row: str, reason: str) -> FactorResult:
    return FactorResult(factor, Outcome.NOT_APPLICABLE, reason, (row,))


# --------------------------------------------------------------------------
# Matching the offer to the strategy's demand lines
# --------------------------------------------------------------------------


def _line_accepts(line: DemandLineState, offer: OfferDocument) -> bool:
    """True when the line accepts a client group and the configuration.

    With no configuration (a care and support offer) the client group alone
    decides. A shared house must also fit the line's bedroom limit, counting
    ``shared_house_bedrooms`` or, if not given, the units.
    """
    scheme = offer.scheme
    if not _group_values(offer) & line.client_groups:
        return False
    if scheme.configuration is None:
        return True
    if scheme.configuration.value not in line.configurations:
        return False
    if (
        scheme.configuration is Configuration.SHARED_HOUSE
        and line.shared_house_max_bedrooms is not None
    ):
        bedrooms = scheme.shared_house_bedrooms or scheme.units
        if bedrooms is not None and bedrooms > line.shared_house_max_bedrooms:
            return False
    return True


def matched_demand_lines(
    offer: OfferDocument, ctx: ScreeningContext
) -> tuple[DemandLineState, ...]:
    """The demand lines the offer matches that still have unmet units."""
    return tuple(
        line
        for line in ctx.demand_lines
        if line.unmet_units > 0 and _line_accepts(line, offer)
    )


def _line_text(line: DemandLineState) -> str:
    best_fit = f" (best met by {_lower_first(line.best_fit)})" if line.best_fit else ""
    still = "is" if line.unmet_units == 1 else "are"
    return (
        f"the strategy identifies {line.net_units} units for {line.cohort}"
        f"{best_fit}; {line.unmet_units} {still} still unmet"
    )


def _line_sources(lines: tuple[DemandLineState, ...] | list[DemandLineState]) -> str:
    sources: list[str] = []
    for line in lines:
        if line.source not in sources:
            sources.append(line.source)
    return f"({'; '.join(sources)})"


def _size_text(line: DemandLineState) -> str:
    if line.size_min is not None and line.size_min == line.size_max:
        return f"a scheme of {line.size_min} units"
    if line.size_min is not None and line.size_max is not None:
        return f"a scheme of {line.size_min}–{line.size_max} units"
    if line.size_min is not None:
        return f"a scheme of at least {line.size_min} units"
    return f"a scheme of at most {line.size_max} units"


def _fits_size(line: DemandLineState, units: int) -> bool:
    low = line.size_min if line.size_min is not None else 0
    high = line.size_max if line.size_max is not None else units
    return low <= units <= high


# --------------------------------------------------------------------------
# 1. procurement
# --------------------------------------------------------------------------

_SIGNPOSTS = (
    "Council tenders are advertised on the East Midlands Procurement Portal "
    "(eastmidstenders.org) and on Contracts Finder (GOV.UK): register there to "
    "hear of future opportunities. You can also promote the service on the "
    "council's MyChoice directory (mychoice.leicester.gov.uk), where people can "
    "buy it with a direct payment."
)


def procurement(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """Procurement rules and the Supported Living framework.

    Reference: the care and support framework (awarded 2020, live from 1 July
    2021, lots: enablement, living well (older people), living well (physical
    and sensory), specialist, recovery), whether it is open to new providers
    (default: no) and the date of the next procurement, if announced.

    | offer | outcome |
    | accommodation only, no council capital asked | meets: accommodation
      offers go to strategic commissioning, outside the care framework |
    | any offer asking for council capital or Right to Buy receipts (> 0) |
      concern: needs approval under the council's procurement rules |
    | care and support, provider on the framework in a lot that fits the
      client groups | meets |
    | care and support, on the framework but in no lot that fits | concern |
    | accommodation_and_support, provider not on the framework | concern: the
      accommodation can be considered; support comes from framework providers |
    | care_and_support only, provider not on the framework | does_not_meet:
      the framework is not open; signpost the procurement portals, MyChoice
      and the next procurement date, if known |

    Decisions where the table is silent: the provider's lots must between
    them cover every client group of the offer, or the uncovered groups are a
    concern; listing Right to Buy receipts as a funding source counts as asking
    for them; a provider that says it is on the framework but names no lot,
    or does not say whether it is on the framework, gets "more information
    needed"; if staff mark the framework open to new providers, a care-only
    provider not on it gets a concern (apply to join) instead.
    """
    rows: list[_Row] = []
    finance = _finance(offer)
    live_from = _ref(ctx, "framework_live_from")
    framework = (
        f"the Supported Living framework (live from {_day(live_from.value)}; "
        f"{live_from.source})"
    )

    asked: list[str] = []
    if FundingSource.COUNCIL_CAPITAL in finance.funding_sources:
        asked.append("council capital")
    receipts = finance.right_to_buy_receipts_requested
    if receipts is not None and receipts > 0:
        asked.append(f"{_gbp(receipts)} of Right to Buy receipts")
    elif FundingSource.RIGHT_TO_BUY_RECEIPTS in finance.funding_sources:
        asked.append("Right to Buy receipts")

    if offer.offer_type is OfferType.ACCOMMODATION and not asked:
        rows.append(
            _Row(
                "accommodation-only",
                Outcome.MEETS,
                "Accommodation offers go to the council's strategic "
                "commissioning team, outside the care and support framework; "
                f"tenants' care and support is commissioned through {framework}.",
            )
        )
    if asked:
        rows.append(
            _Row(
                "council-capital",
                Outcome.CONCERN,
                f"The offer asks for {_and(asked)}. Use of council capital needs "
                "approval under the council's procurement rules before the offer "
                "can go further.",
            )
        )
    if offer.includes_support:
        rows.append(_framework_row(offer, ctx, framework))
    return _combine("procurement", rows)


def _framework_row(offer: OfferDocument, ctx: ScreeningContext, framework: str) -> _Row:
    support = _support(offer)
    if support.provider_on_framework is None:
        return _Row(
            "framework-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            "The offer includes care and support but does not say whether the "
            f"provider is on {framework}.",
        )
    if support.provider_on_framework:
        return _lot_row(offer, ctx, framework)
    if offer.offer_type is OfferType.ACCOMMODATION_AND_SUPPORT:
        return _Row(
            "not-on-framework-with-accommodation",
            Outcome.CONCERN,
            "The provider is not on the Supported Living framework. The "
            "accommodation can be considered, but care and support is "
            f"commissioned through {framework}: tenants' support would come "
            "from framework providers.",
        )
    next_date = _ref(ctx, "next_procurement_date").value
    next_text = ""
    if isinstance(next_date, datetime.date) and next_date >= ctx.on:
        next_text = (
            " The next procurement of supported living care and support is "
            f"planned, with contracts from {_day(next_date)} "
            f"{_src(ctx, 'next_procurement_date')}."
        )
    is_open = _ref(ctx, "framework_open_to_new_providers")
    open_source = ""
    if is_open.source != _ref(ctx, "framework_live_from").source:
        open_source = f" {_src(ctx, 'framework_open_to_new_providers')}"
    if is_open.value is True:
        return _Row(
            "care-only-framework-open",
            Outcome.CONCERN,
            "The provider is not on the Supported Living framework. Care and "
            f"support is commissioned through {framework}, which is open to new "
            f"providers at present{open_source}: apply to join it.{next_text} "
            f"{_SIGNPOSTS}",
        )
    return _Row(
        "care-only-not-on-framework",
        Outcome.DOES_NOT_MEET,
        "The provider is not on the Supported Living framework. Care and support "
        f"is commissioned through {framework}, which is not open to new "
        f"providers{open_source}.{next_text} {_SIGNPOSTS}",
    )


def _lot_row(offer: OfferDocument, ctx: ScreeningContext, framework: str) -> _Row:
    lots_by_code = {lot.code: lot for lot in ctx.framework_lots}
    support = _support(offer)
    if not support.framework_lots:
        return _Row(
            "framework-lot-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            f"The provider says it is on {framework} but not in which lot; say "
            "which lots it holds.",
        )
    lots = [
        lots_by_code[lot.value]
        for lot in support.framework_lots
        if lot.value in lots_by_code
    ]
    covered = frozenset().union(*(lot.client_groups for lot in lots))
    groups = offer.scheme.client_groups
    uncovered = [group for group in groups if group.value not in covered]
    held = _and([lot.name for lot in lots]) or "no recognised lot"
    if not uncovered:
        return _Row(
            "framework-lot-fits",
            Outcome.MEETS,
            f"The provider is on {framework} in {held}, which fits "
            f"{_groups(groups)}.",
        )
    fitting = [
        lot.name
        for lot in ctx.framework_lots
        if lot.client_groups & {group.value for group in uncovered}
    ]
    would_fit = f" The lots that fit are {_and(fitting)}." if fitting else ""
    partly = len(uncovered) < len(groups)
    row = "framework-lot-partly-fits" if partly else "framework-no-lot-fits"
    return _Row(
        row,
        Outcome.CONCERN,
        f"The provider is on {framework} in {held}, which does not fit "
        f"{_groups(uncovered)}.{would_fit}",
    )


# --------------------------------------------------------------------------
# 2. strategic_fit
# --------------------------------------------------------------------------

_NO_SHARED_DEMAND = (
    'The council has "little to no demand for shared housing" (standard reply '
    "to providers); shared houses carry voids that are harder to fill and can "
    "incur void charges (Appendix C)."
)


def strategic_fit(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """Strategic priorities and a sustainable offer.

    Unmet units of a line come from the caller (net units less firm supply and
    accepted offers). An offer matches a line where one of its client groups
    and its configuration are both accepted and unmet units > 0; with no
    configuration (care and support only) the client group alone decides.

    | situation | outcome |
    | residents_have_eligible_care_needs is false | does_not_meet: supported
      living is for people with eligible social care needs |
    | shared_house, unless it matches a line that accepts shared houses
      (young people with SEND: a 4-bed shared house) with unmet units |
      does_not_meet: "little to no demand for shared housing" |
    | no line matches | does_not_meet: no identified demand |
    | matches; units offered <= total unmet of the matched lines | meets |
    | matches; units offered > total unmet | concern: risk of voids |
    | every matched line carries scheme-size guidance and the offer fits
      none of it (Transforming Care/MoJ 4–6 units; respite 8 units) | concern |
    | every matched line is still "TBC" (looked after children 16–17) |
      concern |

    Decisions where the table is silent: for an offer of accommodation,
    eligible care needs not given, and units not given, are "more information
    needed" (a care and support offer need give only its client groups); a
    care and support offer that gives no units matches on client group alone
    and meets when there is demand.
    """
    scheme = offer.scheme
    rows: list[_Row] = []
    if scheme.residents_have_eligible_care_needs is False:
        rows.append(
            _Row(
                "no-eligible-care-needs",
                Outcome.DOES_NOT_MEET,
                "Supported living is for people with eligible social care needs "
                "(the strategy's guiding principles); the council ended funding "
                "for support below the threshold in 2019 (decision of 8 March "
                "2019, effective 1 April 2019).",
            )
        )
    elif (
        scheme.residents_have_eligible_care_needs is None
        and offer.includes_accommodation
    ):
        rows.append(
            _Row(
                "eligible-care-needs-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer does not say whether the residents have eligible "
                "social care needs; supported living is for people who do.",
            )
        )

    matched = matched_demand_lines(offer, ctx)
    config = scheme.configuration
    what = _groups(scheme.client_groups)
    if config is not None:
        what = f"{config.phrase} for {what}"

    if config is Configuration.SHARED_HOUSE and not matched:
        rows.append(_shared_house_row(offer, ctx))
    if not matched:
        rows.append(_no_match_row(offer, ctx, what))
        return _combine("strategic_fit", rows)

    total = sum(line.unmet_units for line in matched)
    lines = ". ".join(_sentence(_line_text(line)) for line in matched)
    lines += f" {_line_sources(matched)}."
    if config is None and offer.includes_accommodation:
        lines += " (Matched on client group alone: no configuration given.)"
    units = scheme.units
    if units is None and offer.includes_accommodation:
        rows.append(
            _Row(
                "units-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"{lines} Say how many units are offered, to set against the "
                f"{total} units still unmet.",
            )
        )
    elif units is None:
        rows.append(
            _Row(
                "matches-demand",
                Outcome.MEETS,
                f"There is identified demand for {what}. {lines}",
            )
        )
    elif units <= total:
        rows.append(
            _Row(
                "within-unmet",
                Outcome.MEETS,
                f"{lines} The offer's {_plural(units, 'unit')} "
                f"{'is' if units == 1 else 'are'} within the {total} units "
                "still unmet.",
            )
        )
    else:
        rows.append(
            _Row(
                "over-unmet",
                Outcome.CONCERN,
                f"{lines} The offer's {units} units are more than the {total} "
                "units still unmet: more than the remaining identified need, "
                "with a risk of voids.",
            )
        )

    if units is not None and all(
        line.size_min is not None or line.size_max is not None for line in matched
    ):
        if not any(_fits_size(line, units) for line in matched):
            guidance = "; ".join(
                f"{_size_text(line)} for {line.cohort}" for line in matched
            )
            rows.append(
                _Row(
                    "size-guidance",
                    Outcome.CONCERN,
                    f"The strategy's guidance is {guidance}; this offer has "
                    f"{_plural(units, 'unit')}.",
                )
            )
    if all(line.is_tbc for line in matched):
        cohorts = _and([line.cohort for line in matched])
        rows.append(
            _Row(
                "demand-tbc",
                Outcome.CONCERN,
                f'The strategy\'s demand for {cohorts} is still "TBC": work is '
                "to be done with children's services to identify move-on "
                "options, so the need is not yet confirmed.",
            )
        )
    return _combine("strategic_fit", rows)


def _shared_house_row(offer: OfferDocument, ctx: ScreeningContext) -> _Row:
    scheme = offer.scheme
    shared_lines = [
        line
        for line in ctx.demand_lines
        if Configuration.SHARED_HOUSE.value in line.configurations
    ]
    if shared_lines:
        only = _and(
            [
                f"{line.cohort}: a shared house"
                + (
                    f" of at most {line.shared_house_max_bedrooms} bedrooms"
                    if line.shared_house_max_bedrooms is not None
                    else ""
                )
                + f" ({line.unmet_units} units unmet)"
                for line in shared_lines
            ]
        )
        only = f" The only shared-house demand in the strategy is for {only}."
    else:
        only = " The strategy has no demand for shared houses."
    bedrooms = scheme.shared_house_bedrooms or scheme.units
    this = (
        f"a {bedrooms}-bedroom shared house"
        if bedrooms is not None
        else "a shared house"
    )
    return _Row(
        "shared-house-no-demand",
        Outcome.DOES_NOT_MEET,
        f"{_NO_SHARED_DEMAND}{only} This offer is {this} for "
        f"{_groups(scheme.client_groups)}.",
    )


def _no_match_row(offer: OfferDocument, ctx: ScreeningContext, what: str) -> _Row:
    accepting = [line for line in ctx.demand_lines if _line_accepts(line, offer)]
    if accepting:
        met = "; ".join(
            f"{line.cohort}: {line.net_units} units, {line.unmet_units} unmet"
            for line in accepting
        )
        reason = (
            f"The strategy's demand for {what} has been met ({met}) "
            f"{_line_sources(accepting)}: there is no unmet demand left."
        )
    else:
        reason = (
            f"No forecast demand line of the strategy accepts {what} "
            f"{_line_sources(ctx.demand_lines)}: there is no identified demand "
            "for this client group and type."
        )
    return _Row("no-matching-demand", Outcome.DOES_NOT_MEET, reason)


# --------------------------------------------------------------------------
# 3. rent_level (and the rent facts tenant_affordability shares)
# --------------------------------------------------------------------------

_EXEMPT_LANDLORDS = frozenset(
    {
        LandlordType.REGISTERED_PROVIDER,
        LandlordType.LOCAL_AUTHORITY,
        LandlordType.CHARITY,
        LandlordType.VOLUNTARY_ORGANISATION,
    }
)


@dataclass(frozen=True)
class _Rent:
    """The rent facts for an offer of accommodation."""

    core: Decimal | None
    service_charge: Decimal | None
    gross: Decimal | None
    route: str
    route_settled: bool
    benchmark_key: str
    benchmark: Decimal
    benchmark_for: str
    restriction_percent: Decimal
    ceiling: Decimal
    lha_key: str
    lha: Decimal
    lha_name: str
    bedrooms_assumed: bool


def _rent(offer: OfferDocument, ctx: ScreeningContext) -> _Rent:
    """Gross eligible rent, benefit route, benchmark and LHA rate."""
    finance = _finance(offer)
    scheme = offer.scheme
    core = finance.weekly_core_rent
    service = finance.weekly_eligible_service_charge
    gross = None if core is None else core + (service or Decimal(0))

    landlord = finance.landlord_type
    provides = finance.landlord_provides_care_support_or_supervision
    exempt = landlord in _EXEMPT_LANDLORDS and provides is True
    settled = landlord is not None and (
        landlord not in _EXEMPT_LANDLORDS or provides is not None
    )

    if scheme.configuration is Configuration.EXTRA_CARE:
        benchmark_key, benchmark_for = "exempt_benchmark_extra_care", "extra care"
    elif scheme.configuration is Configuration.SHARED_HOUSE:
        benchmark_key = "exempt_benchmark_shared_room"
        benchmark_for = "a room in a shared house"
    else:
        benchmark_key = "exempt_benchmark_self_contained"
        benchmark_for = "a self-contained supported living unit"
    benchmark = _dec(ctx, benchmark_key)
    percent = _dec(ctx, "exempt_restriction_percent")

    assumed = False
    if scheme.configuration is Configuration.SHARED_HOUSE:
        lha_key, lha_name = "lha_shared_weekly", "shared accommodation rate"
    else:
        bedrooms = scheme.bedrooms_per_unit
        assumed = bedrooms is None
        bedrooms = 1 if bedrooms is None else bedrooms
        lha_key = f"lha_{min(bedrooms, 4)}_bed_weekly"
        lha_name = f"{min(bedrooms, 4)}-bedroom rate"
        if bedrooms > 4:
            lha_name += " (the highest rate, used for more than 4 bedrooms)"
    return _Rent(
        core=core,
        service_charge=service,
        gross=gross,
        route=EXEMPT if exempt else LHA,
        route_settled=settled,
        benchmark_key=benchmark_key,
        benchmark=benchmark,
        benchmark_for=benchmark_for,
        restriction_percent=percent,
        ceiling=_pence(benchmark * percent / 100),
        lha_key=lha_key,
        lha=_dec(ctx, lha_key),
        lha_name=lha_name,
        bedrooms_assumed=assumed,
    )


def _benchmark_text(rent: _Rent, ctx: ScreeningContext) -> str:
    return (
        f"the council's benchmark of {_gbp(rent.benchmark)} a week for "
        f"{rent.benchmark_for} {_src(ctx, rent.benchmark_key)}"
    )


def _ceiling_text(rent: _Rent, ctx: ScreeningContext) -> str:
    return (
        f"{_num(rent.restriction_percent)}% of the benchmark, "
        f"{_gbp(rent.ceiling)} {_src(ctx, 'exempt_restriction_percent')}"
    )


def _lha_text(rent: _Rent, ctx: ScreeningContext) -> str:
    assumed = (
        "; no bedrooms per unit given, so 1 bedroom is assumed"
        if rent.bedrooms_assumed
        else ""
    )
    return (
        f"the Local Housing Allowance {rent.lha_name} of {_gbp(rent.lha)} a week "
        f"({_ref(ctx, rent.lha_key).source}{assumed})"
    )


def _gross_text(rent: _Rent) -> str:
    return (
        f"The gross eligible rent is {_gbp(rent.gross)} a week "
        f"({_gbp(rent.core)} core rent + "
        f"{_gbp(rent.service_charge or Decimal(0))} eligible service charge)."
    )


_LANDLORDS = {
    LandlordType.REGISTERED_PROVIDER: "a registered provider",
    LandlordType.LOCAL_AUTHORITY: "a local authority",
    LandlordType.CHARITY: "a charity",
    LandlordType.VOLUNTARY_ORGANISATION: "a voluntary organisation",
    LandlordType.PRIVATE_LANDLORD: "a private landlord",
}


def _route_text(offer: OfferDocument, rent: _Rent) -> str:
    landlord = _finance(offer).landlord_type
    name = f"The landlord, {_LANDLORDS[landlord]}," if landlord else "The landlord"
    if rent.route == EXEMPT:
        return (
            f"{name} provides care, support or supervision, so "
            "this is exempt (specified) accommodation: housing costs are met by "
            "Housing Benefit, not Universal Credit, and the Local Housing "
            "Allowance does not apply."
        )
    why = (
        "does not provide care, support or supervision"
        if landlord in _EXEMPT_LANDLORDS
        else "is not a registered provider, local authority, charity or "
        "voluntary organisation"
    )
    return (
        f"{name} {why}, so this is not exempt accommodation: "
        "housing costs go through Universal Credit, capped at the Local "
        "Housing Allowance."
    )


def rent_level(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """The expected level of rent and whether housing benefit will meet it.

    Gross eligible rent = core rent + eligible service charge (ineligible
    charges are never covered). Benefit route: ``housing_benefit_exempt`` when
    the landlord is a registered provider, local authority, charity or
    voluntary organisation *and* it provides care, support or supervision;
    otherwise ``universal_credit_lha``, capped at the Local Housing Allowance
    (the shared rate for a shared house, else the rate for
    ``bedrooms_per_unit``, 1 if not given, the 4-bed rate above 4). The
    exempt benchmark is the extra care one for extra care, the shared-room one
    for a shared house, else the self-contained one.

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
    settled and the factor asks for it, quoting both figures.
    """
    if not offer.includes_accommodation:
        return _not_applicable(
            "rent_level",
            "care-and-support-only",
            "The offer is for care and support only, so there is no rent to assess.",
        )
    rent = _rent(offer, ctx)
    if rent.gross is None:
        return _combine(
            "rent_level",
            [
                _Row(
                    "rent-not-given",
                    Outcome.MORE_INFORMATION_NEEDED,
                    "The weekly core rent is not given, so it cannot be checked "
                    f"against {_benchmark_text(rent, ctx)} or "
                    f"{_lha_text(rent, ctx)}. Say the core rent and eligible "
                    "service charge a week.",
                )
            ],
        )
    rows: list[_Row] = []
    gross_text = _gross_text(rent)
    if rent.service_charge is None:
        rows.append(
            _Row(
                "service-charge-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "No eligible service charge is given, so it is taken as £0.00; "
                "say whether there is one.",
            )
        )
    if not rent.route_settled:
        rows.append(
            _Row(
                "route-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"{gross_text} The offer does not give the landlord type, or "
                "whether the landlord (or someone on its behalf) provides care, "
                "support or supervision, so the benefit route cannot be settled. "
                f"As exempt accommodation it would be set against "
                f"{_benchmark_text(rent, ctx)}; under Universal Credit against "
                f"{_lha_text(rent, ctx)}.",
            )
        )
    elif rent.route == EXEMPT:
        route = _route_text(offer, rent)
        if rent.gross <= rent.benchmark:
            rows.append(
                _Row(
                    "exempt-within-benchmark",
                    Outcome.MEETS,
                    f"{gross_text} {route} The rent is within "
                    f"{_benchmark_text(rent, ctx)}.",
                )
            )
        elif rent.gross <= rent.ceiling:
            rows.append(
                _Row(
                    "exempt-up-to-125pc",
                    Outcome.CONCERN,
                    f"{gross_text} {route} The rent is above "
                    f"{_benchmark_text(rent, ctx)}, though within "
                    f"{_ceiling_text(rent, ctx)}. Housing Benefit may judge it "
                    "unreasonably high and restrict it; any restriction falls on "
                    "the tenant or the council.",
                )
            )
        else:
            rows.append(
                _Row(
                    "exempt-over-125pc",
                    Outcome.DOES_NOT_MEET,
                    f"{gross_text} {route} The rent is more than "
                    f"{_ceiling_text(rent, ctx)} ({_benchmark_text(rent, ctx)}). "
                    "Housing Benefit is likely to restrict it, and "
                    f"{_gbp(rent.gross - rent.ceiling)} a week above that would "
                    "fall on the tenant or the council.",
                )
            )
    else:
        route = _route_text(offer, rent)
        if rent.gross <= rent.lha:
            rows.append(
                _Row(
                    "lha-within-rate",
                    Outcome.MEETS,
                    f"{gross_text} {route} The rent is within "
                    f"{_lha_text(rent, ctx)}.",
                )
            )
        else:
            rows.append(
                _Row(
                    "lha-over-rate",
                    Outcome.DOES_NOT_MEET,
                    f"{gross_text} {route} The rent is above "
                    f"{_lha_text(rent, ctx)}: the tenant would pay the "
                    f"difference, {_gbp(rent.gross - rent.lha)} a week.",
                )
            )
    return _combine("rent_level", rows)


# --------------------------------------------------------------------------
# 4. support_costs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _SupportCost:
    per_person: Decimal | None
    breakdown: str
    missing: tuple[str, ...]


def _support_cost(offer: OfferDocument, ctx: ScreeningContext) -> _SupportCost:
    """Weekly support cost per person, its working, or what is missing.

    individual hours x hourly rate + shared core hours x hourly rate / units +
    night cover / units (waking night: waking night hours a week x hourly
    rate; sleep-in: 7 x the sleep-in rate a night).
    """
    support = _support(offer)
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
    if missing:
        return _SupportCost(None, "", tuple(missing))

    individual = individual or Decimal(0)
    shared = shared or Decimal(0)
    cost = individual * rate
    parts = [f"{_num(individual)} individual hours × {_gbp(rate)} = {_gbp(cost)}"]
    if shared:
        shared_cost = shared * rate / units
        cost += shared_cost
        parts.append(
            f"{_num(shared)} shared core hours × {_gbp(rate)} ÷ "
            f"{_plural(units, 'unit')} = {_gbp(shared_cost)}"
        )
    if night is NightCover.WAKING:
        hours = _dec(ctx, "waking_night_hours_weekly")
        night_cost = hours * rate / units
        cost += night_cost
        parts.append(
            f"a waking night, {_num(hours)} hours × {_gbp(rate)} ÷ "
            f"{_plural(units, 'unit')} = {_gbp(night_cost)} "
            f"{_src(ctx, 'waking_night_hours_weekly')}"
        )
    elif night is NightCover.SLEEP_IN:
        nightly = _dec(ctx, "sleep_in_nightly_rate")
        night_cost = 7 * nightly / units
        cost += night_cost
        parts.append(
            f"a sleep-in, 7 nights × {_gbp(nightly)} ÷ {_plural(units, 'unit')} "
            f"= {_gbp(night_cost)} {_src(ctx, 'sleep_in_nightly_rate')}"
        )
    notes = []
    if support.individual_hours_per_person_per_week is None:
        notes.append("no individual hours given, taken as 0")
    if support.night_cover is None:
        notes.append("night cover not given, taken as none")
    breakdown = "; ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")
    return _SupportCost(_pence(cost), breakdown, ())


def support_costs(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """Support needs and costs, how they will be met, and cost-effectiveness.

    Weekly support cost per person = individual hours x hourly rate + shared
    core hours x hourly rate / units + night cover / units (waking night:
    70 hours x hourly rate; sleep-in: 7 x the sleep-in rate).

    | situation | outcome |
    | tenancy_conditional_on_support_provider is true | does_not_meet:
      tenants must be able to choose another provider |
    | offer involves support and gives no hours or rate |
      more_information_needed |
    | accommodation only | meets: support is assessed and commissioned per
      person through the framework |
    | hourly rate > framework rate | concern |
    | cost per person > high-cost threshold | concern: "high cost packages of
      support linked to the new supply of accommodation" (Appendix C) |
    | otherwise | meets |

    Decisions where the table is silent: an offer of accommodation that does
    not say whether the tenancy depends on the support provider gets "more
    information needed"; shared hours or night cover with no units to share
    them between also need more information.
    """
    rows: list[_Row] = []
    conditional = _finance(offer).tenancy_conditional_on_support_provider
    if conditional is True:
        rows.append(
            _Row(
                "tenancy-conditional",
                Outcome.DOES_NOT_MEET,
                "The tenancy depends on taking support from a particular "
                "provider. Tenants must be able to choose another provider "
                "without risk to their tenancy.",
            )
        )
    elif conditional is None and offer.includes_accommodation:
        rows.append(
            _Row(
                "tenancy-condition-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer does not say whether the tenancy depends on taking "
                "support from a particular provider; tenants must be able to "
                "choose another provider without risk to their tenancy.",
            )
        )

    if not offer.includes_support:
        live_from = _ref(ctx, "framework_live_from")
        rows.append(
            _Row(
                "accommodation-only",
                Outcome.MEETS,
                "This is an offer of accommodation: each tenant's support will be "
                "assessed and commissioned per person through the Supported "
                f"Living framework (live from {_day(live_from.value)}; "
                f"{live_from.source}), not tied to the building.",
            )
        )
        return _combine("support_costs", rows)

    cost = _support_cost(offer, ctx)
    if cost.per_person is None:
        rows.append(
            _Row(
                "no-hours-or-rate",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer includes care and support but does not give "
                f"{_and(list(cost.missing))}, so the weekly cost per person "
                "cannot be worked out.",
            )
        )
        return _combine("support_costs", rows)

    rate = _support(offer).hourly_rate
    framework_rate = _dec(ctx, "framework_hourly_rate")
    threshold = _dec(ctx, "high_cost_support_weekly")
    summary = (
        f"Support costs {_gbp(cost.per_person)} per person per week "
        f"({cost.breakdown})."
    )
    if rate > framework_rate:
        rows.append(
            _Row(
                "rate-above-framework",
                Outcome.CONCERN,
                f"{summary} The hourly rate of {_gbp(rate)} is above the "
                f"framework rate of {_gbp(framework_rate)} "
                f"{_src(ctx, 'framework_hourly_rate')}.",
            )
        )
    if cost.per_person > threshold:
        rows.append(
            _Row(
                "high-cost",
                Outcome.CONCERN,
                f"{summary} This is above the high-cost threshold of "
                f"{_gbp(threshold)} per person per week "
                f"{_src(ctx, 'high_cost_support_weekly')}: Appendix C warns "
                'against "high cost packages of support linked to the new '
                'supply of accommodation".',
            )
        )
    if rate <= framework_rate and cost.per_person <= threshold:
        rows.append(
            _Row(
                "within-costs",
                Outcome.MEETS,
                f"{summary} The hourly rate is within the framework rate of "
                f"{_gbp(framework_rate)} {_src(ctx, 'framework_hourly_rate')}, and "
                f"the cost is within the high-cost threshold of {_gbp(threshold)} "
                f"{_src(ctx, 'high_cost_support_weekly')}.",
            )
        )
    return _combine("support_costs", rows)


# --------------------------------------------------------------------------
# 5. tenant_affordability
# --------------------------------------------------------------------------

_YOUNG_PEOPLE = {
    ClientGroup.CARE_LEAVERS: "care leavers under 25 are exempt from the shared "
    "accommodation rate",
    ClientGroup.YOUNG_PEOPLE_SEND: "young people with SEND are exempt only if they "
    "get the daily living component of Personal Independence Payment (or the "
    "middle or highest care component of Disability Living Allowance)",
    ClientGroup.LOOKED_AFTER_CHILDREN: "looked after children aged 16–17 are the "
    "responsibility of children's services and cannot usually claim Universal "
    "Credit housing costs; on leaving care they are care leavers",
}
_SELF_CONTAINED = frozenset(
    {
        Configuration.SELF_CONTAINED_CORE_AND_CLUSTER,
        Configuration.SELF_CONTAINED_CLUSTER,
        Configuration.SELF_CONTAINED_STANDALONE,
        Configuration.EXTRA_CARE,
    }
)


def _shortfall(rent: _Rent) -> Decimal | None:
    """Rent above what benefit meets, a week (0 when none; None if unknown).

    LHA route: gross eligible − LHA; exempt route: gross eligible − 125% of
    the benchmark; only if positive.
    """
    if rent.gross is None or not rent.route_settled:
        return None
    limit = rent.ceiling if rent.route == EXEMPT else rent.lha
    return _pence(max(rent.gross - limit, Decimal(0)))


def tenant_affordability(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """The impact of Universal Credit on the tenant, and affordability.

    What the tenant pays from their own income each week = ineligible
    charges + any rent above what benefit meets (LHA route: gross eligible −
    LHA; exempt route: gross eligible − 125% of benchmark, if positive). The
    UC standard allowance (single, 25 or over) is taken weekly as monthly x
    12 / 52, to the penny; the council accepts charges up to a share of it.

    | situation | outcome |
    | the tenant would pay part of the rent (shortfall > 0) | does_not_meet |
    | ineligible charges > the accepted share of the standard allowance |
      concern |
    | LHA route and young people (care leavers, young people with SEND,
      looked after children) in a self-contained unit | concern: the shared
      accommodation rate for single people under 35, with exceptions |
    | exempt route | meets: Housing Benefit, outside the benefit cap |
    | charges not given | more_information_needed |

    Not applicable to care and support only. Decisions where the table is
    silent: an LHA-route offer with no shortfall meets; rent not given, or a
    benefit route that cannot be settled, needs more information.
    """
    if not offer.includes_accommodation:
        return _not_applicable(
            "tenant_affordability",
            "care-and-support-only",
            "The offer is for care and support only, so there is no rent or "
            "charge for the tenant to pay.",
        )
    rent = _rent(offer, ctx)
    finance = _finance(offer)
    rows: list[_Row] = []

    monthly = _dec(ctx, "uc_standard_allowance_monthly")
    weekly = _pence(monthly * 12 / 52)
    share = _dec(ctx, "tenant_charges_share_percent")
    accepted = _pence(weekly * share / 100)
    allowance = (
        f"{_num(share)}% of the Universal Credit standard allowance of "
        f"{_gbp(monthly)} a month ({_gbp(weekly)} a week) "
        f"{_src(ctx, 'uc_standard_allowance_monthly', 'tenant_charges_share_percent')}"
    )
    ineligible = finance.weekly_ineligible_charge

    shortfall = _shortfall(rent)
    if rent.gross is None:
        rows.append(
            _Row(
                "rent-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The rent is not given, so what the tenant would pay cannot be "
                "worked out.",
            )
        )
    elif shortfall is None:
        rows.append(
            _Row(
                "route-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The benefit route cannot be settled (landlord type, or whether "
                "the landlord provides care, support or supervision, not given), "
                "so what the tenant would pay cannot be worked out.",
            )
        )
    elif shortfall > 0:
        meets = (
            f"{_ceiling_text(rent, ctx)} for {rent.benchmark_for}"
            if rent.route == EXEMPT
            else _lha_text(rent, ctx)
        )
        total = ""
        if ineligible:
            total = (
                f" With {_gbp(ineligible)} a week of ineligible charges, the "
                f"tenant would pay {_gbp(shortfall + ineligible)} a week in all."
            )
        rows.append(
            _Row(
                "rent-shortfall",
                Outcome.DOES_NOT_MEET,
                f"The tenant would pay {_gbp(shortfall)} a week of the rent from "
                f"their own income: the gross eligible rent of {_gbp(rent.gross)} "
                f"is above what benefit meets, {meets}.{total}",
            )
        )

    charges_ok = ""
    if ineligible is None:
        rows.append(
            _Row(
                "charges-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The weekly ineligible charges (what tenants pay that housing "
                "benefit does not cover) are not given; say what they are, or "
                "£0.00.",
            )
        )
    elif ineligible > accepted:
        rows.append(
            _Row(
                "charges-over-share",
                Outcome.CONCERN,
                f"Ineligible charges of {_gbp(ineligible)} a week are more than "
                f"the {_gbp(accepted)} a week the council accepts: {allowance}.",
            )
        )
    else:
        charges_ok = (
            f" Ineligible charges of {_gbp(ineligible)} a week are within the "
            f"{_gbp(accepted)} a week the council accepts: {allowance}."
        )

    config = offer.scheme.configuration
    young = [group for group in offer.scheme.client_groups if group in _YOUNG_PEOPLE]
    if rent.route_settled and rent.route == LHA and young and config in _SELF_CONTAINED:
        which = "; ".join(_YOUNG_PEOPLE[group] for group in young)
        shared_rate = _dec(ctx, "lha_shared_weekly")
        at_shared = ""
        if rent.gross is not None and rent.gross > shared_rate:
            at_shared = (
                f" At that rate the tenant would pay "
                f"{_gbp(rent.gross - shared_rate)} a week of the rent."
            )
        rows.append(
            _Row(
                "young-people-shared-rate",
                Outcome.CONCERN,
                "Under Universal Credit, single people under 35 are limited to "
                "the Local Housing Allowance shared accommodation rate of "
                f"{_gbp(shared_rate)} a week {_src(ctx, 'lha_shared_weekly')}, "
                f"even in a self-contained unit, with exceptions: {which}."
                f"{at_shared}",
            )
        )
    if rent.route_settled and rent.route == EXEMPT:
        rows.append(
            _Row(
                "exempt-route",
                Outcome.MEETS,
                "As exempt accommodation, housing costs are met through Housing "
                "Benefit, outside the benefit cap, paid alongside Universal "
                f"Credit for living costs.{charges_ok}",
            )
        )
    elif shortfall is not None and shortfall == 0:
        rows.append(
            _Row(
                "within-benefit",
                Outcome.MEETS,
                f"The gross eligible rent of {_gbp(rent.gross)} a week is within "
                f"{_lha_text(rent, ctx)}, so the tenant pays none of the rent "
                f"from their own income.{charges_ok}",
            )
        )
    return _combine("tenant_affordability", rows)


# --------------------------------------------------------------------------
# 6. location
# --------------------------------------------------------------------------


def _ward_key(name: str) -> str:
    return " ".join(name.lower().replace("&", " and ").split())


def _city_ward(name: str, ctx: ScreeningContext) -> str | None:
    """The city ward's own spelling, matching case and "&"/"and" loosely."""
    wards = {_ward_key(ward): ward for ward in ctx.city_wards}
    return wards.get(_ward_key(name))


def _median(values: list[int]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


def location(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """In the city, and where supply is thin.

    | situation | outcome |
    | postcode not a valid UK postcode | more_information_needed |
    | postcode district outside LE1–LE5 | does_not_meet: the strategy covers
      Leicester city; signpost Leicestershire County Council |
    | no ward given (LE1–LE5 include some county streets) |
      more_information_needed |
    | ward given (one of the city's 21 wards) | meets; where the ward has
      fewer existing supported living units than the city's median ward, say
      it is an area less well served (and raise priority) |

    Decisions where the table is silent: a care and support offer that names
    no scheme (no address, postcode or ward) is not applicable, but one that
    names where the service is delivered is checked like any other; a missing
    postcode, and a ward that is not one of the city's wards, need more
    information; the ward question is not asked when the postcode is already
    outside the city. Wards not in ``ward_supported_living_units`` count as 0
    units; when the mapping is empty, nothing is said about areas less well
    served.
    """
    scheme = offer.scheme
    if not offer.includes_accommodation and not scheme.gives_address:
        return _not_applicable(
            "location",
            "care-and-support-only",
            "The offer is for care and support only and names no scheme, so "
            "there is no location to assess.",
        )
    rows: list[_Row] = []
    districts = tuple(_ref(ctx, "city_postcode_districts").value)
    city = f"Leicester city's postcode districts, {_and(list(districts))}"
    outside = False
    if scheme.postcode is None:
        rows.append(
            _Row(
                "postcode-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "No postcode is given; give the scheme's full postcode.",
            )
        )
    else:
        postcode = normalise_postcode(scheme.postcode)
        if postcode is None:
            rows.append(
                _Row(
                    "postcode-invalid",
                    Outcome.MORE_INFORMATION_NEEDED,
                    f'"{scheme.postcode}" is not a valid UK postcode; give the '
                    "scheme's full postcode.",
                )
            )
        elif postcode.split(" ")[0] not in districts:
            outside = True
            rows.append(
                _Row(
                    "outside-city",
                    Outcome.DOES_NOT_MEET,
                    f"{postcode} is in the {postcode.split(' ')[0]} postcode "
                    f"district, outside {city} "
                    f"{_src(ctx, 'city_postcode_districts')}. The strategy "
                    "covers Leicester city only: offers of homes in the county "
                    "should go to Leicestershire County Council.",
                )
            )
    if not outside:
        rows += _ward_rows(scheme.ward, ctx, districts)
    return _combine("location", rows)


def _ward_rows(
    ward: str | None, ctx: ScreeningContext, districts: tuple[str, ...]
) -> list[_Row]:
    count = len(ctx.city_wards)
    if ward is None:
        return [
            _Row(
                "ward-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"No ward is given. The city's postcode districts, "
                f"{_and(list(districts))} {_src(ctx, 'city_postcode_districts')}, "
                "also reach some county streets, so say which of the city's "
                f"{count} wards the scheme is in.",
            )
        ]
    city_ward = _city_ward(ward, ctx)
    if city_ward is None:
        return [
            _Row(
                "ward-not-in-city",
                Outcome.MORE_INFORMATION_NEEDED,
                f'"{ward}" is not one of the city\'s {count} wards; say which '
                "city ward the scheme is in.",
            )
        ]
    rows = [
        _Row(
            "city-ward",
            Outcome.MEETS,
            f"The scheme is in {city_ward} ward, one of the city's {count} wards.",
        )
    ]
    served = _ward_served(city_ward, ctx)
    if served is not None:
        units, median = served
        if units < median:
            rows.append(
                _Row(
                    "less-well-served",
                    Outcome.MEETS,
                    f"With {_plural(units, 'existing supported living unit')}, "
                    f"{city_ward} is an area less well served: the city's median "
                    f"ward has {_num(median)}.",
                )
            )
        else:
            rows[0] = _Row(
                "city-ward",
                Outcome.MEETS,
                f"{rows[0].reason} It has "
                f"{_plural(units, 'existing supported living unit')}, against "
                f"{_num(median)} in the city's median ward.",
            )
    return rows


def _ward_served(ward: str, ctx: ScreeningContext) -> tuple[int, Decimal] | None:
    """(the ward's existing units, the median over the city's wards), or None."""
    if not ctx.ward_supported_living_units:
        return None
    units = {
        _ward_key(name): count
        for name, count in ctx.ward_supported_living_units.items()
    }
    median = _median([units.get(_ward_key(name), 0) for name in ctx.city_wards])
    return units.get(_ward_key(ward), 0), median


# --------------------------------------------------------------------------
# 7. quality
# --------------------------------------------------------------------------

_NEW_BUILD = frozenset(
    {
        DevelopmentStage.CONCEPT,
        DevelopmentStage.SITE_IDENTIFIED,
        DevelopmentStage.PLANNING_SUBMITTED,
        DevelopmentStage.PLANNING_GRANTED,
        DevelopmentStage.UNDER_CONSTRUCTION,
    }
)
_PREFERRED = (
    "the strategy's preferred model is self-contained units in a core and "
    "cluster configuration, with access to an office and communal resource space"
)


def quality(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    """Build, design and deliverability.

    | situation | outcome |
    | self_contained_core_and_cluster with communal space and staff office |
      meets: the strategy's preferred model |
    | other self-contained configurations or extra care | meets (say the
      preferred model is core and cluster with a communal/office resource) |
    | shared house | concern: shared facilities |
    | concept or site_identified with no expected date |
      more_information_needed |
    | a new build on a site under 0.5 hectares for a line keyed ✿ (sites
      > 0.5 ha required) | concern |

    A new build is an offer at concept, site identified, planning submitted,
    planning granted or under construction. The ✿ row applies when a matched
    demand line has ``site_required``. Decisions where the table is silent: a
    care and support offer is not applicable, even when it names a scheme,
    because the building is not part of what it offers; a configuration of
    "other" or none, a missing development stage, and a missing site area for
    a new build on a ✿ line need more information.
    """
    scheme = offer.scheme
    if not offer.includes_accommodation:
        return _not_applicable(
            "quality",
            "care-and-support-only",
            "The offer is for care and support only, so there is no building "
            "to assess.",
        )
    rows: list[_Row] = []
    config = scheme.configuration
    if config is None:
        rows.append(
            _Row(
                "configuration-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"The configuration is not given; {_PREFERRED}.",
            )
        )
    elif (
        config is Configuration.SELF_CONTAINED_CORE_AND_CLUSTER
        and scheme.communal_space
        and scheme.staff_office
    ):
        rows.append(
            _Row(
                "preferred-model",
                Outcome.MEETS,
                "Self-contained units in a core and cluster, with communal space "
                "and a staff office: the strategy's preferred model.",
            )
        )
    elif config in _SELF_CONTAINED:
        lacking = [
            name
            for name, given in (
                ("communal space", scheme.communal_space),
                ("a staff office", scheme.staff_office),
            )
            if not given
        ]
        without = f", without {_and(lacking)}" if lacking else ""
        rows.append(
            _Row(
                "self-contained",
                Outcome.MEETS,
                f"{config.label}{without}: this meets the strategy, though "
                f"{_PREFERRED}.",
            )
        )
    elif config is Configuration.SHARED_HOUSE:
        rows.append(
            _Row(
                "shared-house",
                Outcome.CONCERN,
                "A shared house means shared facilities, which are harder to let "
                f"and to live in; {_PREFERRED}.",
            )
        )
    else:
        rows.append(
            _Row(
                "configuration-other",
                Outcome.MORE_INFORMATION_NEEDED,
                "The configuration is given as other; describe it so it can be "
                f"weighed against the strategy: {_PREFERRED}.",
            )
        )

    stage = scheme.development_stage
    if stage is None:
        rows.append(
            _Row(
                "stage-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The development stage is not given; say how far the scheme has "
                "got (for example, planning granted or an existing building).",
            )
        )
    elif (
        stage in (DevelopmentStage.CONCEPT, DevelopmentStage.SITE_IDENTIFIED)
        and scheme.expected_available is None
    ):
        rows.append(
            _Row(
                "early-stage-no-date",
                Outcome.MORE_INFORMATION_NEEDED,
                f"The scheme is at an early stage ({_lower_first(stage.label)}) "
                "with no expected date; say when the homes are expected to be "
                "available.",
            )
        )
    if stage in _NEW_BUILD:
        site_row = _site_row(offer, ctx)
        if site_row is not None:
            rows.append(site_row)
    return _combine("quality", rows)


def _site_lines(offer: OfferDocument, ctx: ScreeningContext) -> list[DemandLineState]:
    return [line for line in matched_demand_lines(offer, ctx) if line.site_required]


def _site_row(offer: OfferDocument, ctx: ScreeningContext) -> _Row | None:
    lines = _site_lines(offer, ctx)
    if not lines:
        return None
    minimum = _dec(ctx, "site_required_min_hectares")
    area = offer.scheme.site_area_hectares
    cohorts = _and([line.cohort for line in lines])
    needs = (
        f"the strategy needs sites of more than {_num(minimum)} hectares to "
        f"deliver schemes for {cohorts} (keyed ✿ in the strategy's pipeline) "
        f"{_src(ctx, 'site_required_min_hectares')}"
    )
    if area is None:
        return _Row(
            "site-area-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            f"The site area is not given; {needs}.",
        )
    if area < minimum:
        return _Row(
            "small-site",
            Outcome.CONCERN,
            f"The site is {_num(area)} hectares, but {needs}.",
        )
    return None


# --------------------------------------------------------------------------
# Overall, priority and screen()
# --------------------------------------------------------------------------

FACTORS: tuple[Callable[[OfferDocument, ScreeningContext], FactorResult], ...] = (
    procurement,
    strategic_fit,
    rent_level,
    support_costs,
    tenant_affordability,
    location,
    quality,
)

# Deliverability points by development stage (the date adds up to 5 more).
_STAGE_POINTS = {
    DevelopmentStage.EXISTING_BUILDING: 20,
    DevelopmentStage.UNDER_CONSTRUCTION: 20,
    DevelopmentStage.PLANNING_GRANTED: 20,
    DevelopmentStage.OPEN_MARKET_PURCHASE: 15,
    DevelopmentStage.PLANNING_SUBMITTED: 12,
    DevelopmentStage.SITE_IDENTIFIED: 6,
    DevelopmentStage.CONCEPT: 2,
}
_DEMAND_POINTS = 40
_LESS_WELL_SERVED_POINTS = 10
_PREFERRED_MODEL_POINTS = 15
_SOON_POINTS = 5
_SOON_DAYS = 730
_SITE_LINE_POINTS = 10
_CONCERN_PENALTY = 10


def _overall(factors: dict[str, FactorResult]) -> Overall:
    """not_supported if any factor does not meet; review if any concern or
    more information needed; otherwise progress (recommend a meeting)."""
    outcomes = {result.outcome for result in factors.values()}
    if Outcome.DOES_NOT_MEET in outcomes:
        return Overall.NOT_SUPPORTED
    if outcomes & {Outcome.CONCERN, Outcome.MORE_INFORMATION_NEEDED}:
        return Overall.REVIEW
    return Overall.PROGRESS


def _priority(
    offer: OfferDocument,
    ctx: ScreeningContext,
    factors: dict[str, FactorResult],
    matched: tuple[DemandLineState, ...],
    overall: Overall,
) -> tuple[int, tuple[str, ...]]:
    """Priority 0–100 and its explanation, one line per contribution.

    - up to +40 for the share of offered units that meet unmet demand
      (40 x min(units, unmet) / units; +20 when matched but units not given);
    - +10 in an area less well served;
    - +15 for the preferred model (core and cluster, communal space, office);
    - up to +25 for deliverability: stage (existing building, under
      construction or planning granted 20; open market purchase 15; planning
      submitted 12; site identified 6; concept 2) plus 5 when available
      within two years of screening (an existing building with no date counts
      as available now);
    - +10 for filling a line keyed ✿ (no small-site concern);
    - −10 for each factor with a concern or needing more information.

    The total is kept within 0–100; a not-supported offer scores 0.
    """
    scheme = offer.scheme
    points: list[tuple[int, str]] = []

    total_unmet = sum(line.unmet_units for line in matched)
    units = scheme.units
    if not matched:
        points.append((0, "no unmet demand in the strategy matches the offer"))
    elif units is None:
        points.append(
            (
                _DEMAND_POINTS // 2,
                f"matches unmet demand ({total_unmet} unmet), but the number of "
                "units is not given",
            )
        )
    else:
        meeting = min(units, total_unmet)
        score = int(
            (Decimal(_DEMAND_POINTS * meeting) / units).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        )
        share = f"all {units}" if meeting == units else f"{meeting} of the {units}"
        points.append((score, f"{share} units meet unmet demand ({total_unmet} unmet)"))

    location_rows = factors["location"].rows
    if "less-well-served" in location_rows:
        points.append((_LESS_WELL_SERVED_POINTS, "in an area less well served"))
    else:
        points.append((0, "not shown to be in an area less well served"))

    if "preferred-model" in factors["quality"].rows:
        points.append(
            (
                _PREFERRED_MODEL_POINTS,
                "the preferred model: core and cluster with communal space and "
                "a staff office",
            )
        )
    else:
        points.append((0, "not the preferred core and cluster model"))

    points.append(_deliverability(offer, ctx))

    site_lines = _site_lines(offer, ctx) if offer.includes_accommodation else []
    if site_lines and "small-site" not in factors["quality"].rows:
        cohorts = _and([line.cohort for line in site_lines])
        points.append(
            (
                _SITE_LINE_POINTS,
                f"fills a gap keyed ✿ in the strategy (sites still required): "
                f"{cohorts}",
            )
        )

    for result in factors.values():
        if result.outcome in (Outcome.CONCERN, Outcome.MORE_INFORMATION_NEEDED):
            points.append(
                (
                    -_CONCERN_PENALTY,
                    f"{_lower_first(result.outcome.label)}: "
                    f"{_lower_first(FACTOR_LABELS[result.factor])}",
                )
            )

    explanation = [f"{score:+d}: {text}" for score, text in points]
    total = max(0, min(100, sum(score for score, _ in points)))
    if overall is Overall.NOT_SUPPORTED:
        failing = [
            _lower_first(FACTOR_LABELS[result.factor])
            for result in factors.values()
            if result.outcome is Outcome.DOES_NOT_MEET
        ]
        explanation.append(
            f"= 0: not supported, as {'; '.join(failing)} "
            f"{'does' if len(failing) == 1 else 'do'} not meet the strategy "
            f"(the points above add up to {total})"
        )
        return 0, tuple(explanation)
    explanation.append(f"= {total} out of 100")
    return total, tuple(explanation)


def _deliverability(offer: OfferDocument, ctx: ScreeningContext) -> tuple[int, str]:
    scheme = offer.scheme
    if not offer.includes_accommodation:
        return 0, "care and support only: no building to deliver"
    stage = scheme.development_stage
    if stage is None:
        return 0, "deliverability unknown: no development stage given"
    score = _STAGE_POINTS[stage]
    text = _lower_first(stage.label)
    available = scheme.expected_available
    if available is not None and (available - ctx.on).days <= _SOON_DAYS:
        score += _SOON_POINTS
        text += f", available by {_day(available)} (within two years)"
    elif available is None and stage is DevelopmentStage.EXISTING_BUILDING:
        score += _SOON_POINTS
        text += ", available now"
    elif available is not None:
        text += f", available by {_day(available)}"
    return score, f"deliverability: {text}"


def _figures(offer: OfferDocument, ctx: ScreeningContext) -> Figures:
    support = None
    if offer.includes_support:
        support = _support_cost(offer, ctx).per_person
    if not offer.includes_accommodation:
        return Figures(None, NOT_APPLICABLE_ROUTE, support, None)
    rent = _rent(offer, ctx)
    return Figures(
        gross_eligible_rent=None if rent.gross is None else _pence(rent.gross),
        benefit_route=rent.route,
        support_cost_per_person_per_week=support,
        tenant_weekly_shortfall=_shortfall(rent),
    )


def screen(offer: OfferDocument, context: ScreeningContext) -> ScreeningResult:
    """Screen an offer against the strategy on ``context.on``.

    Runs every factor in :data:`FACTORS`, then the overall recommendation and
    the priority. The same inputs always give the same result.
    """
    factors = {}
    for factor in FACTORS:
        result = factor(offer, context)
        factors[result.factor] = result
    matched = matched_demand_lines(offer, context)
    overall = _overall(factors)
    priority, explanation = _priority(offer, context, factors, matched, overall)
    return ScreeningResult(
        overall=overall,
        priority=priority,
        priority_explanation=explanation,
        factors=factors,
        matched_demand=tuple(
            MatchedDemand(cohort=line.cohort, unmet_units=line.unmet_units)
            for line in matched
        ),
        figures=_figures(offer, context),
        screened_on=context.on,
    )
