"""Slipped milestones on the dashboard and in the digest, and the monthly
reminder to providers (issue 24), with the clock moved day by day."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from eoi.models import Milestone, MilestoneReminder, Offer, OutboxEmail
from eoi.roles import COMMISSIONERS
from eoi.triage import chasers, milestones
from eoi.triage import services as triage
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
D = datetime.date
K = Milestone.Kind
PROVIDER = "homes@example.org"


def at(day: datetime.date, hour: int = 8):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def on_day(django_capture_on_commit_callbacks):
    def run(day, action, *args, **kwargs):
        with (
            mock.patch("django.utils.timezone.now", return_value=at(day)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def chris(strategy_data):
    user = staff("chris", COMMISSIONERS)
    user.email = "chris@example.gov.uk"
    user.save()
    return user


@pytest.fixture
def accepted(on_day, chris):
    offer = on_day(D(2026, 11, 2), submitted_offer)
    Offer.objects.filter(pk=offer.pk).update(contact_email=PROVIDER)
    triage.offer_assign(offer=offer, actor=chris, to_user=chris)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    on_day(
        D(2026, 11, 3),
        triage.offer_accept,
        offer=offer,
        actor=chris,
        allocations=[(line, 12)],
    )
    offer.refresh_from_db()
    return offer


SLIP_DAY = D(2026, 11, 10)


def slip(on_day, offer, day=SLIP_DAY):
    """Completion moved from 30 June 2027 to 31 January 2028: seven months."""
    return on_day(
        day,
        milestones.milestone_forecast_change,
        milestone=offer.milestones.get(kind=K.PRACTICAL_COMPLETION),
        forecast=D(2028, 1, 31),
        reason="Contractor went into administration",
    )


@override_settings(EOI_SLIPPAGE_THRESHOLD_MONTHS=3)
def test_the_dashboard_counts_and_lists_slipped_milestones(client, accepted, on_day, chris):
    client.force_login(chris)
    report = client.get("/staff/dashboard/").context["report"]
    assert report.slipped == 0
    slip(on_day, accepted)

    response = client.get("/staff/dashboard/")
    report = response.context["report"]
    assert report.slipped == 1
    page = response.content.decode()
    assert "/admin/eoi/offer/?milestones=slipped" in page
    (row,) = report.tables["slipped_milestones"].rows
    assert row[0] == accepted.reference and row[2] == "Practical completion"
    assert row[5] == 7 and row[6] == "Contractor went into administration"
    assert ("Accepted offers' milestones slipped", 1, "milestones") in report.other_figures
    csv_text = client.get("/staff/dashboard.csv").content.decode()
    assert "Contractor went into administration" in csv_text


def test_the_digest_lists_milestones_changed_and_slipped(accepted, on_day, chris):
    slip(on_day, accepted, day=D(2026, 11, 10))
    mail.outbox.clear()
    # Tuesday 10 November's change is in Wednesday's digest, and not again on Thursday.
    assert on_day(D(2026, 11, 11), chasers.commissioner_digests_send) == 1
    (digest,) = [m for m in mail.outbox if m.to == [chris.email]]
    assert "1 milestone changed" in digest.subject
    assert "Practical completion: forecast now 31 January 2028" in digest.body
    assert "Slipped: 1 milestone" in digest.body
    assert "?milestones=slipped" in digest.body
    mail.outbox.clear()
    assert on_day(D(2026, 11, 12), chasers.commissioner_digests_send) == 0


def test_the_monthly_reminder_goes_once_a_month_through_the_outbox(accepted, on_day):
    mail.outbox.clear()
    # Saturday 5 December: not a working day.
    assert on_day(D(2026, 12, 5), chasers.milestone_reminders_send) == 0
    assert on_day(D(2026, 12, 7), chasers.milestone_reminders_send) == 1
    assert on_day(D(2026, 12, 7), chasers.milestone_reminders_send) == 0
    assert on_day(D(2026, 12, 8), chasers.milestone_reminders_send) == 0
    (reminder,) = [m for m in mail.outbox if m.to == [PROVIDER]]
    assert accepted.reference in reminder.subject
    assert "Start on site: no date forecast yet" in reminder.body
    assert "/your-offers/" in reminder.body
    assert OutboxEmail.objects.filter(kind="milestone_reminder", offer=accepted).count() == 1
    # January: again.
    assert on_day(D(2027, 1, 4), chasers.milestone_reminders_send) == 1
    assert MilestoneReminder.objects.filter(offer=accepted).count() == 2


def test_no_reminder_once_every_milestone_is_confirmed(accepted, on_day, chris):
    for milestone in accepted.milestones.all():
        milestones.milestone_actual_report(milestone=milestone, actual_on=D(2026, 11, 1))
        milestones.milestone_confirm(milestone=milestone, actor=chris)
    assert on_day(D(2026, 12, 7), chasers.milestone_reminders_send) == 0


def test_beat_runs_the_monthly_reminder(settings):
    from leicester_sl.celery import app

    app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "eoi.milestone_reminders_send" in tasks and "eoi.milestone_reminders_send" in app.tasks
