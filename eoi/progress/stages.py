"""Where each accepted offer's homes are in their life, on a date: every home
counted once (issue 24).

An accepted offer's homes count as *accepted offers* until a commissioner
confirms its start on site; then as *firm pipeline*; and as *delivered* when
its practical completion (or a tranche of it) is confirmed, by the date the
homes completed. A strategy delivery record linked to the acceptance it
fulfils (``DeliveryLink``) never adds to any count again: the offer's own
milestones count those homes (``linked_delivery_ids``).

Only confirmed actual dates count, and only those on or before the day asked.
The units delivered are taken from the offer's acceptances in order (each
acceptance is a demand line's share), never more than were accepted. Rows are
read per accepted offer (three queries), not per home.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ..models import Acceptance, DeliveryLink, Milestone, MilestoneTranche

ACCEPTED = "accepted"
FIRM = "firm"
DELIVERED = "delivered"
K = Milestone.Kind


@dataclass(frozen=True)
class AcceptanceStage:
    """An acceptance's units split by stage on a date."""

    acceptance_id: int
    offer_id: int
    demand_line_id: int
    cohort: str
    accepted_on: datetime.date
    expected_available: datetime.date | None
    accepted: int
    firm: int
    delivered: int
    # One site per offer with delivered homes, on its first acceptance.
    sites: int = 0

    @property
    def units(self) -> int:
        return self.accepted + self.firm + self.delivered

    def by_stage(self) -> tuple[tuple[str, int], ...]:
        return tuple(
            (stage, units)
            for stage, units in (
                (ACCEPTED, self.accepted),
                (FIRM, self.firm),
                (DELIVERED, self.delivered),
            )
            if units
        )


@dataclass(frozen=True)
class DeliveredTranche:
    """Homes of an accepted offer confirmed complete on a date."""

    offer_id: int
    units: int
    delivered_on: datetime.date


def _confirmed(kind: str, on: datetime.date) -> dict[int, datetime.date]:
    return dict(
        Milestone.objects.filter(
            kind=kind, confirmed_at__isnull=False, actual_on__lte=on
        ).values_list("offer_id", "actual_on")
    )


def delivered_tranches(*, on: datetime.date | None = None) -> tuple[DeliveredTranche, ...]:
    """Confirmed completions by offer and date, up to ``on`` (default: today).

    A completion with tranches counts its confirmed tranches; one without
    counts, once confirmed, every unit accepted, on its actual date (capped
    to the units accepted by ``acceptance_stages``).
    """
    on = on or timezone.localdate()
    tranches = MilestoneTranche.objects.filter(
        milestone__kind=K.PRACTICAL_COMPLETION, confirmed_at__isnull=False, actual_on__lte=on
    ).values_list("milestone__offer_id", "units", "actual_on")
    found = [DeliveredTranche(offer, units, day) for offer, units, day in tranches]
    with_tranches = {each.offer_id for each in found}
    accepted = defaultdict(int)
    for offer_id, units in Acceptance.objects.values_list("offer_id", "units"):
        accepted[offer_id] += units
    for offer_id, day in _confirmed(K.PRACTICAL_COMPLETION, on).items():
        if offer_id not in with_tranches:
            found.append(DeliveredTranche(offer_id, accepted[offer_id], day))
    return tuple(sorted(found, key=lambda t: (t.delivered_on, t.offer_id)))


def acceptance_stages(*, on: datetime.date | None = None) -> tuple[AcceptanceStage, ...]:
    """Every acceptance made by the end of ``on`` (default: today), its units
    split into accepted, firm pipeline and delivered on that day."""
    on = on or timezone.localdate()
    started = _confirmed(K.START_ON_SITE, on)
    delivered_left: dict[int, int] = defaultdict(int)
    for tranche in delivered_tranches(on=on):
        delivered_left[tranche.offer_id] += tranche.units
    rows = (
        Acceptance.objects.filter(accepted_at__date__lte=on)
        .values_list(
            "pk",
            "offer_id",
            "demand_line_id",
            "demand_line__cohort",
            "accepted_at",
            "offer__scheme_expected_available",
            "units",
        )
        .order_by("offer_id", "pk")
    )
    has_delivered = {offer_id for offer_id, units in delivered_left.items() if units}
    found = []
    sited: set[int] = set()
    for pk, offer_id, line_id, cohort, accepted_at, expected, units in rows:
        delivered = min(units, delivered_left[offer_id])
        delivered_left[offer_id] -= delivered
        building = offer_id in started or offer_id in has_delivered
        firm = units - delivered if building else 0
        sites = 0
        if delivered and offer_id not in sited:
            sited.add(offer_id)
            sites = 1
        found.append(
            AcceptanceStage(
                acceptance_id=pk,
                offer_id=offer_id,
                demand_line_id=line_id,
                cohort=cohort,
                accepted_on=timezone.localdate(accepted_at),
                expected_available=expected,
                accepted=units - delivered - firm,
                firm=firm,
                delivered=delivered,
                sites=sites,
            )
        )
    return tuple(found)


def linked_delivery_ids() -> frozenset[int]:
    """Delivery records linked to an acceptance: counted by the offer's milestones."""
    return frozenset(DeliveryLink.objects.values_list("delivery_record_id", flat=True))
