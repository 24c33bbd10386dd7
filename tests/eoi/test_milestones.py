"""A scheme's milestones after acceptance (issue 24): created at acceptance,
moved and reported by the provider, confirmed by a commissioner."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from eoi.models import Milestone, Offer
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage import milestones
from eoi.triage import services as triage
from eoi.triage.statuses import Status
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
K = Milestone.Kind


@pytest.fixture
def commissioner(strategy_data):
    return staff("chris", COMMISSIONERS)


def accepted_offer(commissioner, units=12) -> Offer:
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(status=Status.IN_TRIAGE)
    offer.refresh_from_db()
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, units)])
    offer.refresh_from_db()
    return offer


def test_accepting_an_offer_gives_it_one_milestone_of_each_kind(commissioner):
    offer = accepted_offer(commissioner)

    found = {m.kind: m for m in offer.milestones.all()}
    assert set(found) == set(K)
    # The offer's expected date (2027-06: the month's last day) is the
    # forecast for completion and homes let; the others wait for the provider.
    june = datetime.date(2027, 6, 30)
    assert offer.scheme_expected_available == june
    for kind in (K.PRACTICAL_COMPLETION, K.HOMES_LET):
        assert (found[kind].original_forecast, found[kind].current_forecast) == (june, june)
    for kind in (K.PLANNING_PERMISSION, K.START_ON_SITE):
        assert found[kind].original_forecast is None
    assert all(m.is_open for m in found.values())


def test_a_refused_acceptance_leaves_no_milestones(commissioner):
    offer = submitted_offer()
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    with pytest.raises(ValidationError):
        triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, 13)])
    assert not Milestone.objects.filter(offer=offer).exists()


def test_a_moved_forecast_keeps_the_original_and_the_reason_in_the_history(commissioner):
    offer = accepted_offer(commissioner)
    start = offer.milestones.get(kind=K.START_ON_SITE)

    milestones.milestone_forecast_change(
        milestone=start, forecast=datetime.date(2026, 3, 1), reason="Contractor appointed"
    )
    milestones.milestone_forecast_change(
        milestone=start, forecast=datetime.date(2026, 9, 1), reason="Planning delayed"
    )

    start.refresh_from_db()
    # The first forecast given becomes the original; later ones move the current.
    assert start.original_forecast == datetime.date(2026, 3, 1)
    assert start.current_forecast == datetime.date(2026, 9, 1)
    reasons = list(start.history.values_list("history_change_reason", flat=True))
    assert "By the provider: Planning delayed" in reasons


@pytest.mark.parametrize("reason", ["", "   ", "a\x00b", "x" * 301])
def test_a_forecast_needs_a_short_plain_reason(commissioner, reason):
    offer = accepted_offer(commissioner)
    start = offer.milestones.get(kind=K.START_ON_SITE)
    with pytest.raises(ValidationError):
        milestones.milestone_forecast_change(
            milestone=start, forecast=datetime.date(2026, 3, 1), reason=reason
        )


def test_an_actual_counts_only_once_a_commissioner_confirms_it(commissioner):
    offer = accepted_offer(commissioner)
    start = offer.milestones.get(kind=K.START_ON_SITE)
    milestones.milestone_actual_report(milestone=start, actual_on=datetime.date(2026, 1, 5))
    start.refresh_from_db()
    assert start.actual_on == datetime.date(2026, 1, 5) and not start.is_confirmed

    reader = staff("pat", PLACEMENT_TEAM)
    with pytest.raises(PermissionDenied):
        milestones.milestone_confirm(milestone=start, actor=reader)
    milestones.milestone_confirm(milestone=start, actor=commissioner)

    start.refresh_from_db()
    assert start.confirmed_by == commissioner and start.confirmed_at is not None
    assert start.history.first().history_user == commissioner


def test_an_actual_date_cannot_be_in_the_future(commissioner):
    offer = accepted_offer(commissioner)
    start = offer.milestones.get(kind=K.START_ON_SITE)
    with pytest.raises(ValidationError):
        milestones.milestone_actual_report(
            milestone=start, actual_on=datetime.date.today() + datetime.timedelta(days=2)
        )


def test_tranches_never_hold_more_homes_than_the_offer(commissioner):
    offer = accepted_offer(commissioner)
    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    milestones.tranche_report(milestone=completion, units=8, actual_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        milestones.tranche_report(
            milestone=completion, units=5, actual_on=datetime.date(2026, 3, 1)
        )
    second = milestones.tranche_report(
        milestone=completion, units=4, actual_on=datetime.date(2026, 3, 1)
    )
    milestones.tranche_confirm(tranche=completion.tranches.first(), actor=commissioner)
    completion.refresh_from_db()
    assert not completion.is_confirmed  # 8 of 12 homes
    milestones.tranche_confirm(tranche=second, actor=commissioner)
    completion.refresh_from_db()
    assert completion.is_confirmed and completion.actual_on == datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError):
        milestones.tranche_report(
            milestone=offer.milestones.get(kind=K.START_ON_SITE),
            units=1,
            actual_on=datetime.date(2026, 3, 1),
        )


@override_settings(EOI_SLIPPAGE_THRESHOLD_MONTHS=3)
def test_slipped_is_more_than_the_threshold_later_than_the_original():
    original = datetime.date(2026, 1, 31)
    assert not milestones.is_slipped(original, datetime.date(2026, 4, 30))
    assert milestones.is_slipped(original, datetime.date(2026, 5, 1))
    assert not milestones.is_slipped(None, datetime.date(2030, 1, 1))
    assert milestones.months_after(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
