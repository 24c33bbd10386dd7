"""Milestones of an accepted scheme: created at acceptance, kept up to date by
the provider, confirmed by a commissioner (``eoi.models.milestones``).

A provider moves a forecast (with a short reason) or reports an actual date,
or a tranche of homes completed or let; a commissioner confirms an actual
before it counts (``eoi.progress.stages``). Every change is saved through
here, with who and when in the history.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from eoi.models import Acceptance, DeliveryLink, Milestone, MilestoneTranche, Offer
from eoi.offers.validators import no_control_characters

CONFIRM_PERMISSION = "eoi.confirm_milestone"
PROVIDER_CHANGE = "By the provider"
# Kinds whose forecast follows the offer's expected date at acceptance.
FROM_EXPECTED_DATE = (Milestone.Kind.PRACTICAL_COMPLETION, Milestone.Kind.HOMES_LET)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day if it has fewer)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_slipped(
    original: datetime.date | None,
    current: datetime.date | None,
    *,
    months: int | None = None,
) -> bool:
    """Current forecast later than the original by more than the threshold."""
    if original is None or current is None:
        return False
    months = settings.EOI_SLIPPAGE_THRESHOLD_MONTHS if months is None else months
    return current > months_after(original, months)


def milestones_create(*, offer: Offer) -> list[Milestone]:
    """One milestone of each kind for a newly accepted offer (again: none added).

    The forecasts made at acceptance: completion and homes let on the offer's
    expected date; planning permission and start on site have none until the
    provider gives one (that first forecast becomes the original).
    """
    expected = offer.scheme_expected_available
    made = []
    for kind in Milestone.Kind:
        forecast = expected if kind in FROM_EXPECTED_DATE else None
        milestone, created = Milestone.objects.get_or_create(
            offer=offer,
            kind=kind,
            defaults={"original_forecast": forecast, "current_forecast": forecast},
        )
        made.append(milestone)
    return made


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the date has moved."})
    if len(reason) > 300:
        raise ValidationError({"reason": "The reason must be 300 characters or fewer."})
    no_control_characters(reason)
    return reason


def _locked(milestone: Milestone) -> Milestone:
    return Milestone.objects.select_for_update().select_related("offer").get(pk=milestone.pk)


@transaction.atomic
def milestone_forecast_change(
    *, milestone: Milestone, forecast: datetime.date, reason: str
) -> Milestone:
    """The provider moves the milestone's forecast, saying why."""
    reason = _clean_reason(reason)
    milestone = _locked(milestone)
    if milestone.is_confirmed:
        raise ValidationError("This milestone is confirmed: its date can no longer move.")
    milestone.current_forecast = forecast
    if milestone.original_forecast is None:
        milestone.original_forecast = forecast
    milestone.forecast_reason = reason
    milestone._change_reason = f"{PROVIDER_CHANGE}: {reason}"
    milestone.save()
    return milestone


@transaction.atomic
def milestone_actual_report(*, milestone: Milestone, actual_on: datetime.date) -> Milestone:
    """The provider reports the date it happened; it counts once confirmed."""
    milestone = _locked(milestone)
    if milestone.is_confirmed:
        raise ValidationError("This milestone is already confirmed.")
    if actual_on > timezone.localdate():
        raise ValidationError({"actual_on": "The date it happened must be today or in the past."})
    milestone.actual_on = actual_on
    milestone.reported_at = timezone.now()
    milestone._change_reason = f"{PROVIDER_CHANGE}: actual date reported"
    milestone.save()
    return milestone


def units_in_tranches(milestone: Milestone) -> int:
    return milestone.tranches.aggregate(units=Sum("units"))["units"] or 0


def units_of_offer(offer: Offer) -> int:
    """The homes an accepted offer brings: its units, else those accepted."""
    accepted = Acceptance.objects.filter(offer=offer).aggregate(u=Sum("units"))["u"] or 0
    return offer.scheme_units or accepted


@transaction.atomic
def tranche_report(
    *, milestone: Milestone, units: int, actual_on: datetime.date
) -> MilestoneTranche:
    """The provider reports some homes completed (or let) on a date."""
    milestone = _locked(milestone)
    if not milestone.in_tranches:
        raise ValidationError("Only completion and homes let come in tranches.")
    if actual_on > timezone.localdate():
        raise ValidationError({"actual_on": "The date must be today or in the past."})
    if units < 1:
        raise ValidationError({"units": "Enter the number of homes, 1 or more."})
    left = units_of_offer(milestone.offer) - units_in_tranches(milestone)
    if units > left:
        raise ValidationError(
            {
                "units": f"The offer has {max(left, 0)} homes left to report: enter no more than that."
            }
        )
    tranche = MilestoneTranche(
        milestone=milestone, units=units, actual_on=actual_on, reported_at=timezone.now()
    )
    tranche._change_reason = f"{PROVIDER_CHANGE}: tranche reported"
    tranche.save()
    return tranche


def _check_confirmer(actor) -> None:
    if actor is None or not actor.has_perm(CONFIRM_PERMISSION):
        raise PermissionDenied("Only commissioners confirm milestones.")


@transaction.atomic
def milestone_confirm(*, milestone: Milestone, actor) -> Milestone:
    """A commissioner confirms the actual date the provider reported."""
    _check_confirmer(actor)
    milestone = _locked(milestone)
    if milestone.actual_on is None:
        raise ValidationError("The provider has not reported when this happened.")
    if milestone.is_confirmed:
        return milestone
    milestone.confirmed_by, milestone.confirmed_at = actor, timezone.now()
    milestone._history_user = actor
    milestone.save()
    return milestone


@transaction.atomic
def tranche_confirm(*, tranche: MilestoneTranche, actor) -> MilestoneTranche:
    """A commissioner confirms a tranche; a completion whose tranches hold all
    the offer's homes is then confirmed on the last tranche's date."""
    _check_confirmer(actor)
    tranche = MilestoneTranche.objects.select_for_update().get(pk=tranche.pk)
    if tranche.is_confirmed:
        return tranche
    tranche.confirmed_by, tranche.confirmed_at = actor, timezone.now()
    tranche._history_user = actor
    tranche.save()
    milestone = _locked(tranche.milestone)
    confirmed = milestone.tranches.filter(confirmed_at__isnull=False)
    units = confirmed.aggregate(u=Sum("units"))["u"] or 0
    if not milestone.is_confirmed and units >= units_of_offer(milestone.offer):
        milestone.actual_on = max(confirmed.values_list("actual_on", flat=True))
        milestone.reported_at = milestone.reported_at or tranche.reported_at
        milestone.confirmed_by, milestone.confirmed_at = actor, timezone.now()
        milestone._history_user = actor
        milestone.save()
    return tranche


@transaction.atomic
def delivery_link(*, acceptance: Acceptance, delivery_record, actor) -> DeliveryLink:
    """Link a strategy delivery record to the acceptance whose homes it
    records: from then on only the offer's milestones count those homes."""
    if actor is None or not actor.has_perm("eoi.add_deliverylink"):
        raise PermissionDenied("Only commissioners link delivery records.")
    if DeliveryLink.objects.filter(delivery_record=delivery_record).exists():
        raise ValidationError("This delivery record is already linked to an offer.")
    link = DeliveryLink(
        acceptance=acceptance,
        delivery_record=delivery_record,
        linked_by=actor,
        linked_at=timezone.now(),
    )
    link._history_user = actor
    link.save()
    return link
