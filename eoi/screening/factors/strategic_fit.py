"""2. ``strategic_fit``: strategic priorities and a sustainable offer.

Unmet units of a line come from the caller (net units less firm supply and
accepted offers); matching is in :mod:`eoi.screening.demand`.

| situation | outcome |
| residents_have_eligible_care_needs is false and a client group other than
  care_leavers or looked_after_children is offered | does_not_meet: supported
  living is for people with eligible social care needs (for offers only for
  care leavers or looked-after children this row does not apply) |
| shared_house, unless it matches a line that accepts shared houses (young
  people with SEND: a 4-bed shared house) with unmet units | does_not_meet:
  "little to no demand for shared housing" |
| no line matches | does_not_meet: no identified demand |
| matches; units offered <= total unmet of the matched lines | meets |
| matches; units offered > total unmet | concern: risk of voids |
| every matched line carries scheme-size guidance and the offer fits none of
  it (Transforming Care/MoJ 4–6 units; respite 8 units) | concern |
| every matched line is still "TBC" (looked after children 16–17) | concern |

Decisions where the table is silent: for an offer of accommodation, eligible
care needs not given (unless only for care leavers or looked-after children),
units not given and the configuration not given are "more information
needed" (a missing answer that matters, offer-format.md; a care and support
offer need give only its client groups). With no configuration the offer is
matched on client group alone: the other rows are still checked on those
lines (a concern there is a concern whatever the configuration, as it can
only narrow them). A care and support offer that gives no units matches on
client group alone and meets when there is demand. A shared house that does
not give its bedrooms is matched counting its units as bedrooms, and where a
matched line limits the bedrooms they are asked for.
"""

from __future__ import annotations

from eoi.offers.document import ClientGroup, Configuration, OfferDocument

from ..context import DemandLineState, ScreeningContext
from ..demand import fits_size, line_accepts, matched_demand_lines
from ..results import FactorResult, Outcome
from ..wording import MEETS_FACTOR, and_list, lower_first, plural, sentence
from .base import Row, combine

KEY = "strategic_fit"
LABEL = "Strategic priorities and a sustainable offer"

# Planned for without adult social care eligibility (screening-rules.md §2).
PLANNED_WITHOUT_ELIGIBILITY = frozenset(
    {ClientGroup.CARE_LEAVERS, ClientGroup.LOOKED_AFTER_CHILDREN}
)

NO_SHARED_DEMAND = (
    'The council has "little to no demand for shared housing" (standard reply '
    "to providers); shared houses carry voids that are harder to fill and can "
    "incur void charges (Appendix C)."
)


def _groups(groups) -> str:
    return and_list([group.phrase for group in groups])


def _line_text(line: DemandLineState) -> str:
    best_fit = f" (best met by {lower_first(line.best_fit)})" if line.best_fit else ""
    still = "is" if line.unmet_units == 1 else "are"
    return (
        f"the strategy identifies {line.net_units} units for {line.name_for_providers}"
        f"{best_fit}; {line.unmet_units} {still} still unmet"
    )


def _line_sources(lines) -> str:
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


def _care_needs_rows(offer: OfferDocument) -> list[Row]:
    """Care leavers 18–25 and looked-after children 16–17 are planned for
    without adult social care eligibility: for an offer only for them the
    eligibility rows do not apply."""
    eligible = offer.scheme.residents_have_eligible_care_needs
    needing = [
        group for group in offer.scheme.client_groups if group not in PLANNED_WITHOUT_ELIGIBILITY
    ]
    if not needing:
        return []
    if eligible is False:
        return [
            Row(
                "no-eligible-care-needs",
                Outcome.DOES_NOT_MEET,
                "Supported living and extra care under this strategy are for "
                "people with eligible social care needs (the strategy's guiding "
                f"principles), and the offer says the residents ({_groups(needing)}) "
                "do not have them. Support for people below that threshold is "
                "the council's Independent Living Support service, which its "
                "decision of 8 March 2019 (effective 1 April 2019) kept under "
                "the providers' alternative model, with fewer properties and "
                "fewer support hours. Only care leavers aged 18–25 and "
                "looked-after children aged 16–17 are planned for without adult "
                "social care eligibility. An offer of homes for people with "
                f"eligible social care needs {MEETS_FACTOR}.",
            )
        ]
    if eligible is None and offer.includes_accommodation:
        return [
            Row(
                "eligible-care-needs-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer does not say whether the residents have eligible "
                "social care needs; supported living is for people who do.",
            )
        ]
    return []


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    scheme = offer.scheme
    rows = _care_needs_rows(offer)
    matched = matched_demand_lines(offer, ctx)
    config = scheme.configuration
    what = _groups(scheme.client_groups)
    if config is not None:
        what = f"{config.phrase} for {what}"

    if config is None and offer.includes_accommodation:
        rows.append(
            Row(
                "configuration-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The offer does not say how the homes are arranged, so it is "
                "matched on client group alone, though each demand line accepts "
                "only some arrangements (self-contained homes, extra care, a "
                "shared house); say how the homes are arranged.",
            )
        )
    if config is Configuration.SHARED_HOUSE and not matched:
        rows.append(_shared_house_row(offer, ctx))
    if not matched:
        rows.append(_no_match_row(offer, ctx, what))
        return combine(KEY, rows, ctx)

    limited = [line for line in matched if line.shared_house_max_bedrooms is not None]
    if config is Configuration.SHARED_HOUSE and scheme.shared_house_bedrooms is None and limited:
        rows.append(_bedrooms_not_given_row(offer, limited))
    total = sum(line.unmet_units for line in matched)
    lines = ". ".join(sentence(_line_text(line)) for line in matched)
    lines += f" {_line_sources(matched)}."
    if config is None and offer.includes_accommodation:
        lines += " (Matched on client group alone: no configuration given.)"
    units = scheme.units
    if units is None and offer.includes_accommodation:
        rows.append(
            Row(
                "units-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"{lines} Say how many units are offered, to set against the "
                f"{total} units still unmet.",
            )
        )
    elif units is None:
        rows.append(
            Row(
                "matches-demand",
                Outcome.MEETS,
                f"There is identified demand for {what}. {lines}",
            )
        )
    elif units <= total:
        rows.append(
            Row(
                "within-unmet",
                Outcome.MEETS,
                f"{lines} The offer's {plural(units, 'unit')} "
                f"{'is' if units == 1 else 'are'} within the {total} units "
                "still unmet.",
            )
        )
    else:
        rows.append(
            Row(
                "over-unmet",
                Outcome.CONCERN,
                f"{lines} The offer's {units} units are {units - total} more than "
                f"the {total} units still unmet: more than the remaining "
                "identified need, with a risk of voids. An offer of at most "
                f"{plural(total, 'unit')} {MEETS_FACTOR}.",
            )
        )

    if units is not None and all(
        line.size_min is not None or line.size_max is not None for line in matched
    ):
        if not any(fits_size(line, units) for line in matched):
            guidance = "; ".join(
                f"{_size_text(line)} for {line.name_for_providers}" for line in matched
            )
            rows.append(
                Row(
                    "size-guidance",
                    Outcome.CONCERN,
                    f"The strategy's guidance is {guidance}; this offer has "
                    f"{plural(units, 'unit')}. A scheme of that size {MEETS_FACTOR}.",
                )
            )
    if all(line.is_tbc for line in matched):
        cohorts = and_list([line.name_for_providers for line in matched])
        rows.append(
            Row(
                "demand-tbc",
                Outcome.CONCERN,
                f'The strategy\'s demand for {cohorts} is still "TBC": work is '
                "to be done with children's services to identify move-on "
                "options, so the need is not yet confirmed.",
            )
        )
    return combine(KEY, rows, ctx)


def _bedrooms_not_given_row(offer: OfferDocument, limited) -> Row:
    """A shared house matched to a line by its units, taken as its bedrooms."""
    limits = and_list(
        [
            f"{line.name_for_providers} accepts a shared house of at most "
            f"{line.shared_house_max_bedrooms} bedrooms"
            for line in limited
        ]
    )
    return Row(
        "shared-house-bedrooms-not-given",
        Outcome.MORE_INFORMATION_NEEDED,
        "The offer does not say how many bedrooms the shared house has, so its "
        f"{plural(offer.scheme.units, 'unit')} are taken as its bedrooms; "
        f"{limits}. Say how many bedrooms the house has.",
    )


def _shared_house_row(offer: OfferDocument, ctx: ScreeningContext) -> Row:
    scheme = offer.scheme
    shared_lines = [
        line for line in ctx.demand_lines if Configuration.SHARED_HOUSE.value in line.configurations
    ]
    if shared_lines:
        only = and_list(
            [
                f"{line.name_for_providers}: a shared house"
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
    this = "a shared house"
    if bedrooms is not None:
        this = f"a {bedrooms}-bedroom shared house"
    return Row(
        "shared-house-no-demand",
        Outcome.DOES_NOT_MEET,
        f"{NO_SHARED_DEMAND}{only} This offer is {this} for "
        f"{_groups(scheme.client_groups)}. {_still_needed(offer, ctx)}",
    )


def _no_match_row(offer: OfferDocument, ctx: ScreeningContext, what: str) -> Row:
    accepting = [line for line in ctx.demand_lines if line_accepts(line, offer)]
    if accepting:
        met = "; ".join(
            f"{line.name_for_providers}: {line.net_units} units, {line.unmet_units} unmet"
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
    if offer.scheme.configuration is not Configuration.SHARED_HOUSE:
        reason += f" {_still_needed(offer, ctx)}"  # the shared-house row says it
    return Row("no-matching-demand", Outcome.DOES_NOT_MEET, reason)


def _still_needed(offer: OfferDocument, ctx: ScreeningContext) -> str:
    """What would meet the factor: the demand lines for the same people that
    still have unmet units (in another kind of home), or where to look."""
    groups = {group.value for group in offer.scheme.client_groups}
    lines = [
        line for line in ctx.demand_lines if line.unmet_units > 0 and line.client_groups & groups
    ]
    if not lines:
        return (
            "The strategy has no unmet demand for these people now: an offer for "
            "a group of people it still needs homes for (see what the city "
            f"needs) {MEETS_FACTOR}."
        )
    needed = "; ".join(
        f"{line.name_for_providers}, {line.unmet_units} still unmet"
        + (f" (best met by {lower_first(line.best_fit)})" if line.best_fit else "")
        for line in lines
    )
    return (
        f"For the same people the strategy still needs: {needed}. An offer "
        f"that fits one of these {MEETS_FACTOR}."
    )
