"""Progress against the strategy: pure functions over plain data.

Nothing here touches the database or imports Django. ``eoi.progress.inputs``
reads the rows into the frozen dataclasses of ``eoi.progress.rows``
(``ProgressInputs``, ``OfferIn``); these functions compute from them. What
each demand line still needs is not computed here but by the one demand
balance (``strategy.balance``); this module gives what the balance does not:
phases, the not-firm pipeline, offers in triage and slippage.

How each figure is counted
--------------------------

Accepted offers are counted as accepted offers (never as schemes), in the
phase whose period holds the offer's expected date, until their start on site
is confirmed (then firm pipeline) and their completion, or a tranche of it
(then delivered): each ``AcceptanceIn`` carries its stage
(``eoi.progress.stages``), so a home counts once. Delivery records linked to
an accepted offer are not among the inputs.

Every scheme of a version falls in exactly one bucket (``scheme_bucket``):

- *not proceeding*: left out of every figure (but listed for scrutiny);
- *delivered*: status delivered;
- *firm pipeline*: keyed ★, or under construction;
- *not-firm pipeline*: keyed ◆ or ✿ (or no key), still planned.

Delivered units are the version's delivery records plus delivered schemes
that no delivery record covers: a record naming its scheme replaces the
scheme's own figure, and a scheme still in the pipeline with records (part
delivered) keeps only its units not yet recorded, so nothing counts twice. A
record without a scheme falls in the phase whose period holds its date.

Targets: a demand line's target is its net units; a phase's target is the
figure the version states for it (the 2025 refresh's 155/66/289), or else the
units of its schemes still proceeding (the 2021 plan's 196/66/70). The
version's target is its demand lines plus every scheme outside the forecast,
whatever its status (551 = 396 + the 155 units at Hamelin Road and Tilling
Road, which stay in the target although the 2025 refresh records them as not
proceeding).

Shortfall = target − delivered − firm pipeline − accepted offers, never below
0. The not-firm pipeline and the offers in triage are shown but do not reduce
it. Rows clamp separately, so row shortfalls need not add up to the total.

Offers in triage are the units of open offers (submitted, in triage,
information requested, meeting arranged), a site offered more than once
counted once (``eoi.progress.judgement``). By phase: the phase whose period
holds the offer's expected date (before the first phase: the first; after the
last: the last; no date: the phase holding the "as of" date), the phase an
accepted offer would be placed in. By demand line: the lines its latest
screening matched; an offer matching several lines counts in each, so the
line figures can add up to more than the total, which counts each offer once.

Slippage (as of a date, by default today): a scheme planned or under
construction whose expected completion has passed, or which has no date and
whose phase has ended; a phase that has ended with units outstanding
(target − delivered).

The market view (providers by type, outcome and quarter) is in
``eoi.progress.market``, over the same ``OfferIn``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .rows import (  # noqa: F401  (re-exported: the tally's vocabulary)
    ACCEPTED,
    BUCKET_DELIVERED,
    BUCKET_FIRM,
    BUCKET_NOT_FIRM,
    DELIVERED,
    FIRM_KEY,
    LINE,
    NOT_PROCEEDING,
    NOT_PROGRESSED,
    OPEN,
    OUTSIDE_FORECAST,
    PLANNED,
    STATUS_GROUPS,
    UNALLOCATED,
    UNDER_CONSTRUCTION,
    WITHDRAWN,
    AcceptanceIn,
    DeliveryIn,
    Figures,
    LineIn,
    LineProgress,
    OfferIn,
    PhaseIn,
    PhaseProgress,
    Progress,
    ProgressInputs,
    SchemeIn,
    SlippingPhase,
    SlippingScheme,
)


# --------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------


def scheme_bucket(scheme: SchemeIn) -> str | None:
    """Which figure a scheme's units count in; None when not proceeding."""
    if scheme.status == NOT_PROCEEDING:
        return None
    if scheme.status == DELIVERED:
        return BUCKET_DELIVERED
    if scheme.key == FIRM_KEY or scheme.status == UNDER_CONSTRUCTION:
        return BUCKET_FIRM
    return BUCKET_NOT_FIRM


def phase_for_date(phases: Sequence[PhaseIn], on: datetime.date) -> PhaseIn | None:
    """The phase whose period holds ``on``; the first or last phase outside them.

    The same rule as ``eoi.triage.services``'s placing of an accepted offer.
    """
    ordered = sorted(phases, key=lambda phase: phase.number)
    if not ordered:
        return None
    for phase in ordered:
        if (phase.starts_on is None or phase.starts_on <= on) and on <= phase.ends_on:
            return phase
    return ordered[-1] if on > ordered[-1].ends_on else ordered[0]


@dataclass
class _Tally:
    delivered: int = 0
    firm: int = 0
    not_firm: int = 0
    in_triage: int = 0
    accepted: int = 0

    def figures(self, target: int) -> Figures:
        return Figures(target=target, **vars(self))


@dataclass
class _Ledger:
    """Tallies by phase number and by demand-line row key."""

    phases: dict = field(default_factory=lambda: defaultdict(_Tally))
    rows: dict = field(default_factory=lambda: defaultdict(_Tally))
    total: _Tally = field(default_factory=_Tally)

    def add(self, what: str, units: int, *, phase: int | None, row) -> None:
        for tally in (self.phases[phase], self.rows[row], self.total):
            setattr(tally, what, getattr(tally, what) + units)


def _row_key(*, line_id: int | None, outside: bool, line_ids: set[int]):
    if outside:
        return OUTSIDE_FORECAST
    return line_id if line_id in line_ids else UNALLOCATED


def progress(inputs: ProgressInputs, *, as_of: datetime.date) -> Progress:
    """Target, delivered, pipeline, offers, shortfall and slippage of a version."""
    line_ids = {line.id for line in inputs.lines}
    schemes = {scheme.id: scheme for scheme in inputs.schemes}
    ledger = _Ledger()

    def row_of(scheme: SchemeIn):
        return _row_key(
            line_id=scheme.demand_line_id,
            outside=scheme.outside_forecast,
            line_ids=line_ids,
        )

    # Units delivery records give a scheme: no longer in its pipeline figure.
    recorded: dict[int, int] = defaultdict(int)
    for delivery in inputs.deliveries:
        if delivery.scheme_id in schemes:
            recorded[delivery.scheme_id] += delivery.units
    for scheme in inputs.schemes:
        bucket = scheme_bucket(scheme)
        if bucket in (BUCKET_FIRM, BUCKET_NOT_FIRM):
            units = max(scheme.unit_count - recorded.get(scheme.id, 0), 0)
            ledger.add(bucket, units, phase=scheme.phase, row=row_of(scheme))
        elif bucket == BUCKET_DELIVERED and scheme.id not in recorded:
            ledger.add(bucket, scheme.unit_count, phase=scheme.phase, row=row_of(scheme))

    sites = 0
    for delivery in inputs.deliveries:
        scheme = schemes.get(delivery.scheme_id)
        if scheme is not None:
            phase = scheme.phase
            row = (
                row_of(scheme)
                if delivery.demand_line_id is None
                else _row_key(line_id=delivery.demand_line_id, outside=False, line_ids=line_ids)
            )
        else:
            found = phase_for_date(inputs.phases, delivery.delivered_on)
            phase = found.number if found else None
            row = _row_key(line_id=delivery.demand_line_id, outside=False, line_ids=line_ids)
        ledger.add(BUCKET_DELIVERED, delivery.units, phase=phase, row=row)
        sites += delivery.sites
    sites += sum(
        1
        for scheme in inputs.schemes
        if scheme_bucket(scheme) == BUCKET_DELIVERED and scheme.id not in recorded
    )

    for acceptance in inputs.acceptances:
        found = phase_for_date(inputs.phases, acceptance.expected_available or as_of)
        row = _row_key(line_id=acceptance.demand_line_id, outside=False, line_ids=line_ids)
        ledger.add(
            acceptance.stage, acceptance.units, phase=found.number if found else None, row=row
        )
        sites += acceptance.sites if acceptance.stage == BUCKET_DELIVERED else 0

    by_cohort = {line.cohort: line.id for line in inputs.lines}
    for offer in inputs.open_offers:
        found = phase_for_date(inputs.phases, offer.expected_available or as_of)
        ledger.total.in_triage += offer.units
        if found is not None:
            ledger.phases[found.number].in_triage += offer.units
        for line_id in {by_cohort[c] for c in offer.matched_cohorts if c in by_cohort}:
            ledger.rows[line_id].in_triage += offer.units

    phases = tuple(_phase_progress(inputs, ledger))
    lines = tuple(_line_progress(inputs, ledger))
    total = ledger.total.figures(sum(line.figures.target for line in lines))
    return Progress(
        total=total,
        phases=phases,
        lines=lines,
        slipping_schemes=slipping_schemes(inputs, as_of=as_of),
        slipping_phases=tuple(
            SlippingPhase(
                number=phase.number,
                period=phase.period,
                ends_on=phase.ends_on,
                figures=phase.figures,
                days_late=(as_of - phase.ends_on).days,
            )
            for phase in phases
            if phase.ends_on < as_of and phase.figures.outstanding
        ),
        not_proceeding=tuple(s for s in inputs.schemes if s.status == NOT_PROCEEDING),
        delivered_sites=sites,
        as_of=as_of,
    )


def _phase_progress(inputs: ProgressInputs, ledger: _Ledger) -> Iterable[PhaseProgress]:
    for phase in sorted(inputs.phases, key=lambda p: p.number):
        planned = sum(
            s.unit_count
            for s in inputs.schemes
            if s.phase == phase.number and s.status != NOT_PROCEEDING
        )
        target = planned if phase.stated_units is None else phase.stated_units
        yield PhaseProgress(
            number=phase.number,
            period=phase.period,
            ends_on=phase.ends_on,
            stated_units=phase.stated_units,
            planned_units=planned,
            figures=ledger.phases[phase.number].figures(target),
        )


def _line_progress(inputs: ProgressInputs, ledger: _Ledger) -> Iterable[LineProgress]:
    for line in inputs.lines:
        yield LineProgress(
            label=line.cohort,
            group=line.group,
            kind=LINE,
            figures=ledger.rows[line.id].figures(line.net_units),
        )
    outside = [s for s in inputs.schemes if s.outside_forecast]
    if outside:
        yield LineProgress(
            label="Outside the forecast: " + ", ".join(s.name for s in outside),
            group="",
            kind=OUTSIDE_FORECAST,
            figures=ledger.rows[OUTSIDE_FORECAST].figures(sum(s.unit_count for s in outside)),
        )
    if any(vars(ledger.rows[UNALLOCATED]).values()):
        yield LineProgress(
            label="Not allocated to a demand line",
            group="",
            kind=UNALLOCATED,
            figures=ledger.rows[UNALLOCATED].figures(0),
        )


def slipping_schemes(inputs: ProgressInputs, *, as_of: datetime.date) -> tuple[SlippingScheme, ...]:
    """Schemes not delivered by their expected completion (or, with no date,
    by the end of their phase), most overdue first."""
    ends = {phase.number: phase.ends_on for phase in inputs.phases}
    found = []
    for scheme in inputs.schemes:
        if scheme.status not in (PLANNED, UNDER_CONSTRUCTION):
            continue
        due = scheme.expected_completion or ends.get(scheme.phase)
        if due is None or due >= as_of:
            continue
        found.append(
            SlippingScheme(
                name=scheme.name,
                phase=scheme.phase,
                units=scheme.units,
                key=scheme.key,
                status=scheme.status,
                expected_completion=scheme.expected_completion,
                due=due,
                days_late=(as_of - due).days,
            )
        )
    return tuple(sorted(found, key=lambda s: (-s.days_late, s.phase, s.name)))
