"""Reads of accepted schemes' milestones: the rows "Your offers" and the
offer page show, the slipped ones (the queue's filter, the dashboard's count,
the commissioners' digest) and the offers with milestones still open (the
monthly reminder).

Slipped: a milestone whose date (its confirmed actual date, else its current
forecast) is later than the forecast made at acceptance by more than
``settings.EOI_SLIPPAGE_THRESHOLD_MONTHS`` (``milestones.is_slipped``).
Worked out here over the accepted offers' milestones (four an offer), since
"months later" is not one SQL expression on every database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from eoi.models import Milestone, MilestoneTranche, Offer
from eoi.triage.statuses import Status

from .milestones import is_slipped

AWAITING = "Awaiting confirmation"
CONFIRMED = "Confirmed"
NOT_YET = "Not happened yet"


def milestone_date(milestone: Milestone) -> datetime.date | None:
    """The date slippage is judged on: the confirmed actual, else the forecast."""
    if milestone.is_confirmed and milestone.actual_on:
        return milestone.actual_on
    return milestone.current_forecast


def milestone_slipped(milestone: Milestone) -> bool:
    return is_slipped(milestone.original_forecast, milestone_date(milestone))


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    label: str
    slipped: bool
    state: str
    tranches: tuple[MilestoneTranche, ...]
    units_reported: int

    @property
    def kind(self) -> str:
        return self.milestone.kind


def milestone_state(milestone: Milestone) -> str:
    if milestone.is_confirmed:
        return CONFIRMED
    if milestone.actual_on or any(not t.is_confirmed for t in milestone.tranches.all()):
        return AWAITING
    return NOT_YET


def milestone_list(*, offer: Offer) -> list[MilestoneRow]:
    """The offer's milestones in the order they happen, with their tranches."""
    order = {kind: number for number, kind in enumerate(Milestone.Kind.values)}
    found = Milestone.objects.filter(offer=offer).prefetch_related(
        Prefetch("tranches", queryset=MilestoneTranche.objects.order_by("actual_on", "pk"))
    )
    rows = []
    for milestone in sorted(found, key=lambda m: order[m.kind]):
        tranches = tuple(milestone.tranches.all())
        rows.append(
            MilestoneRow(
                milestone=milestone,
                label=milestone.get_kind_display(),
                slipped=milestone_slipped(milestone),
                state=milestone_state(milestone),
                tranches=tranches,
                units_reported=sum(t.units for t in tranches),
            )
        )
    return rows


def slipped_milestone_list() -> list[Milestone]:
    """Every slipped milestone of an accepted offer, the offer read with it."""
    found = (
        Milestone.objects.filter(
            offer__status=Status.ACCEPTED,
            original_forecast__isnull=False,
            current_forecast__isnull=False,
        )
        .select_related("offer")
        .order_by("offer__reference", "pk")
    )
    return [milestone for milestone in found if milestone_slipped(milestone)]


def slipped_offer_ids() -> set[int]:
    return {milestone.offer_id for milestone in slipped_milestone_list()}


def offers_with_open_milestones() -> list[Offer]:
    """Accepted offers with a milestone not yet confirmed, for the reminder."""
    return list(
        Offer.objects.filter(status=Status.ACCEPTED, milestones__confirmed_at__isnull=True)
        .distinct()
        .order_by("pk")
    )


def milestones_changed_since(*, since: datetime.date, today: datetime.date, offers) -> list:
    """Milestones of accepted ``offers`` (a queryset of pks) changed (moved,
    reported, confirmed, or a tranche reported) from ``since`` to ``today``."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    tranched = MilestoneTranche.objects.filter(reported_at__gte=start, reported_at__lt=end)
    return list(
        Milestone.objects.filter(offer__status=Status.ACCEPTED, offer__in=offers)
        .filter(
            Q(updated_at__gte=start, updated_at__lt=end) | Q(pk__in=tranched.values("milestone_id"))
        )
        .select_related("offer")
        .order_by("offer__reference", "pk")
    )
