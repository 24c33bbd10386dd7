"""Reads for offers: above all, the plain-data context screening runs on."""

import datetime
from dataclasses import dataclass


from strategy import selectors as strategy_selectors
from strategy.models import FrameworkLot, Ward

from eoi.models import Offer
from eoi.progress.position import position_for
from eoi.screening import (
    DemandLineState,
    FrameworkLotInfo,
    ReferenceValue,
    Outcome,
    ScreeningContext,
    result_from_dict,
)
from eoi.triage.statuses import PROVIDER_WORDS, NotProgressedReason, Status


def screening_context_build(*, on: datetime.date) -> ScreeningContext:
    """Gather, from the database, everything the screening rules read on ``on``."""
    version = strategy_selectors.forecast_version_current()
    source = f"{version.source}, forecast demand table ({version.name})"
    demand_lines = strategy_selectors.demand_line_list(version=version)
    # Each line's unmet units are the one demand balance's, on the day screened.
    position = position_for(version=version, on=on, lines=demand_lines)
    lines = tuple(
        DemandLineState(
            cohort=line.cohort,
            public_name=line.public_name,
            group=line.group.name,
            net_units=line.net_units,
            unmet_units=position.line(line.pk).unmet,
            client_groups=frozenset(line.client_groups),
            configurations=frozenset(line.configurations),
            size_min=line.size_min,
            size_max=line.size_max,
            shared_house_max_bedrooms=line.shared_house_max_bedrooms,
            is_tbc=line.is_tbc,
            site_required=line.site_required,
            best_fit=line.best_fit,
            source=source,
        )
        for line in demand_lines
    )
    reference = {
        key: ReferenceValue(
            key=key,
            value=value.typed_value(),
            unit=value.unit,
            source=value.source,
            valid_from=value.valid_from,
            is_council_default=value.is_council_default,
        )
        for key, value in strategy_selectors.reference_values_in_force(on=on).items()
    }
    lots = tuple(
        FrameworkLotInfo(code=lot.code, name=str(lot), client_groups=frozenset(lot.client_groups))
        for lot in FrameworkLot.objects.all()
    )
    return ScreeningContext(
        on=on,
        reference=reference,
        demand_lines=lines,
        framework_lots=lots,
        city_wards=frozenset(Ward.objects.values_list("name", flat=True)),
        ward_supported_living_units=strategy_selectors.ward_supported_living_units(),
    )


def city_wards() -> frozenset[str]:
    """The city's wards now."""
    return frozenset(Ward.objects.values_list("name", flat=True))


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    title: str
    details: tuple[str, ...] = ()


def screening_shortfalls(*, offer: Offer) -> tuple[str, ...]:
    """The latest screening's reasons where the offer did not meet the strategy
    or concerned the council: the words a decision is explained in."""
    screening = offer.screenings.first()
    if screening is None:
        return ()
    result = result_from_dict(screening.result)
    return tuple(
        f"{factor.label}: {factor.reason}"
        for factor in result.factors.values()
        if factor.outcome in (Outcome.DOES_NOT_MEET, Outcome.CONCERN)
    )


def offer_history_for_provider(*, offer: Offer) -> list[HistoryEntry]:
    """What happened to an offer, in the words the provider may read.

    Internal notes and who acted are staff-only and never appear here.
    """
    # The n-th request for information is the n-th move into that state.
    questions = iter(offer.information_requests.order_by("asked_at", "pk"))
    reasons = dict(NotProgressedReason.choices)
    entries = []
    for change in offer.status_changes.order_by("at", "pk"):
        details: tuple[str, ...] = ()
        if not change.from_status:
            title = "Offer sent"
        elif change.reason_code == "provider_change":  # eoi.offers.changes.CHANGED
            title = "You changed your offer"
        elif change.to_status == Status.INFORMATION_REQUESTED:
            title = "We asked for more information"
            asked = next(questions, None)
            details = (f"Question: {asked.question if asked else change.reason}",)
            if asked and asked.answered_at:
                details += (f"Your answer: {asked.answer}",)
        elif (
            change.from_status == Status.INFORMATION_REQUESTED
            and change.to_status == Status.IN_TRIAGE
        ):
            title = "You answered our question"
        elif change.to_status == Status.NOT_PROGRESSED:
            title = PROVIDER_WORDS[Status.NOT_PROGRESSED]
            details = tuple(filter(None, [reasons.get(change.reason_code, ""), change.reason]))
            details += screening_shortfalls(offer=offer)
        elif change.to_status == Status.ACCEPTED:
            title = PROVIDER_WORDS[Status.ACCEPTED]
            details = tuple(
                f"{acceptance.units} units for: {acceptance.demand_line.name_for_providers}"
                for acceptance in offer.acceptances.select_related("demand_line")
            )
        else:
            title = PROVIDER_WORDS[Status(change.to_status)]
        entries.append(HistoryEntry(at=change.at, title=title, details=details))
    return entries
