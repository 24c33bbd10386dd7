"""Across Christmas 2026: due dates, the overdue flag, the reminder to the
provider and the commissioner's digest, with the clock moved day by day.

The calendar (England and Wales): Friday 25 December is Christmas Day;
Boxing Day falls on Saturday 26, so Monday 28 December is its substitute;
Friday 1 January 2027 is New Year's Day. Default targets (settings): first
response 10 working days, reminder 5.
"""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from eoi.triage import chasers, services as triage
from eoi.offers.links import status_token
from eoi.models import CommissionerDigest, OutboxEmail, StatusTarget
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage.statuses import NotProgressedReason, Status
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
D = datetime.date
QUEUE = reverse("admin:eoi_offer_changelist")
REASON = NotProgressedReason.NO_DEMAND


def at(day: datetime.date, hour: int = 8):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture(autouse=True)
def strategy_data(db, settings):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk"


@pytest.fixture
def on_day(django_capture_on_commit_callbacks):
    """Run ``action`` with the clock at 08:00 on ``day``, and send what it queued."""

    def run(day, action, *args, **kwargs):
        with (
            mock.patch("django.utils.timezone.now", return_value=at(day)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def chris():
    user = staff("chris", COMMISSIONERS)
    user.email = "chris@example.gov.uk"
    user.save()
    return user


def page_on(client, user, day, url, params=None) -> str:
    """``url`` as ``user`` reads it on ``day`` (signed in that day: staff
    sessions are short)."""
    with mock.patch("django.utils.timezone.now", return_value=at(day)):
        client.force_login(user)
        return client.get(url, params or {}).content.decode()


def digests_to(address):
    return [m for m in mail.outbox if m.to == [address] and "overdue" in m.subject]


def reminders():
    return [m for m in mail.outbox if "reminder" in m.subject]


def test_the_first_response_is_due_after_the_bank_holidays(on_day, chris, client):
    # Sent Monday 14 December: 10 working days are 15–18, 21–24, 29, 30
    # December (Monday 28 December is Boxing Day's substitute): Wednesday 30.
    # Without the bank holidays it would be Monday 28 December.
    offer = on_day(D(2026, 12, 14), submitted_offer)
    assert offer.due_on == D(2026, 12, 30)
    triage.offer_assign(offer=offer, actor=chris, to_user=chris)

    def digest_on(day):
        mail.outbox.clear()
        return on_day(day, chasers.commissioner_digests_send), digests_to(chris.email)

    # Thursday 24: nothing due, no email at all.
    assert digest_on(D(2026, 12, 24)) == (0, [])
    # Christmas Day and the Monday after are not working days: no digest,
    # though the offer would be due on the Monday without the holidays.
    assert digest_on(D(2026, 12, 25)) == (0, [])
    assert digest_on(D(2026, 12, 28)) == (0, [])
    assert digest_on(D(2026, 12, 29)) == (0, [])

    # Wednesday 30: due today, in the digest and the queue's "Due today".
    sent, (digest,) = digest_on(D(2026, 12, 30))
    assert sent == 1
    assert "0 overdue, 1 due today" in digest.subject
    assert offer.reference in digest.body
    assert "Due today:" in digest.body and "Overdue:" not in digest.body
    # The job runs again the same day: no second email.
    assert digest_on(D(2026, 12, 30)) == (0, [])
    assert CommissionerDigest.objects.filter(user=chris, day=D(2026, 12, 30)).count() == 1
    day = D(2026, 12, 30)
    assert offer.reference in page_on(client, chris, day, QUEUE, {"due": "today"})
    assert offer.reference not in page_on(client, chris, day, QUEUE, {"due": "overdue"})

    # Thursday 31: overdue, flagged in the queue, on the offer page and in the digest.
    sent, (digest,) = digest_on(D(2026, 12, 31))
    assert "1 overdue, 0 due today" in digest.subject
    assert "Overdue:" in digest.body and "Wednesday 30 December 2026" in digest.body
    day = D(2026, 12, 31)
    overdue = page_on(client, chris, day, QUEUE, {"due": "overdue"})
    not_overdue = page_on(client, chris, day, QUEUE, {"due": "not_overdue"})
    page = page_on(client, chris, day, reverse("admin:eoi_offer_change", args=[offer.pk]))
    assert offer.reference in overdue and "Overdue 30 Dec" in overdue
    assert offer.reference not in not_overdue
    assert "Wednesday 30 December 2026" in page and ">Overdue<" in page

    # New Year's Day: no digest.
    assert digest_on(D(2027, 1, 1)) == (0, [])
    # A decision ends it: no due date, no more digests.
    on_day(
        D(2027, 1, 4),
        triage.offer_not_progress,
        offer=offer,
        actor=chris,
        reason_code=REASON,
        reason="Not needed now.",
    )
    offer.refresh_from_db()
    assert offer.due_on is None
    assert digest_on(D(2027, 1, 5)) == (0, [])


def test_the_reminder_waits_for_working_days(on_day, chris, client):
    offer = on_day(D(2026, 12, 21), submitted_offer)
    # Asked on Tuesday 22 December: 5 working days are 23, 24, 29, 30 and
    # 31 December: the reminder goes on Thursday 31, not Tuesday 29.
    on_day(
        D(2026, 12, 22),
        triage.information_request,
        offer=offer,
        question="How many of the flats are step-free?",
        actor=chris,
    )
    offer.refresh_from_db()
    assert offer.status == Status.INFORMATION_REQUESTED
    # The council waits for the provider: no due date of its own.
    assert offer.due_on is None
    mail.outbox.clear()
    for day in (D(2026, 12, 24), D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 30)):
        assert on_day(day, chasers.information_reminders_send) == 0, day
    assert reminders() == []

    assert on_day(D(2026, 12, 31), chasers.information_reminders_send) == 1
    (reminder,) = reminders()
    assert reminder.to == [offer.contact_email]
    assert "How many of the flats are step-free?" in reminder.body
    assert "Tuesday 22 December 2026" in reminder.body
    assert OutboxEmail.objects.filter(offer=offer, kind="information_reminder").count() == 1

    # Sent once per request: the job again that day, and the next, send nothing.
    assert on_day(D(2026, 12, 31), chasers.information_reminders_send) == 0
    assert on_day(D(2027, 1, 4), chasers.information_reminders_send) == 0
    assert len(reminders()) == 1

    # The status page says so.
    page = client.get(reverse("eoi:status", args=[status_token(offer)])).content.decode()
    assert "We sent you a reminder about this question on 31 December 2026." in page

    # Answered, the offer is the council's again: due 15 working days on.
    on_day(D(2027, 1, 4), triage.information_answer, offer=offer, answer="All of them.")
    offer.refresh_from_db()
    assert offer.status == Status.IN_TRIAGE
    assert offer.due_on == D(2027, 1, 25)


def test_an_answered_question_gets_no_reminder(on_day, chris):
    offer = on_day(D(2026, 12, 21), submitted_offer)
    on_day(D(2026, 12, 22), triage.information_request, offer=offer, question="Q?", actor=chris)
    on_day(D(2026, 12, 23), triage.information_answer, offer=offer, answer="A.")
    mail.outbox.clear()
    assert on_day(D(2027, 1, 8), chasers.information_reminders_send) == 0
    assert reminders() == []


def test_the_digest_covers_the_commissioners_teams_and_no_one_elses(on_day, chris):
    team = Group.objects.create(name="Older people's housing")
    team_offer = on_day(D(2026, 12, 14), submitted_offer)
    triage.offer_assign(offer=team_offer, actor=chris, to_team=team)
    someone_elses = on_day(D(2026, 12, 14), submitted_offer)
    dana = staff("dana", COMMISSIONERS)
    dana.email = "dana@example.gov.uk"
    dana.save()
    triage.offer_assign(offer=someone_elses, actor=dana, to_user=dana)
    chris.groups.add(team)
    # Placement team staff cannot triage: no digest for them.
    viewer = staff("pat", PLACEMENT_TEAM)
    viewer.email = "pat@example.gov.uk"
    viewer.save()
    viewer.groups.add(team)

    mail.outbox.clear()
    sent = on_day(D(2026, 12, 31), chasers.commissioner_digests_send)
    assert sent == 2, [m.to for m in mail.outbox]
    (to_chris,) = digests_to(chris.email)
    assert team_offer.reference in to_chris.body and someone_elses.reference not in to_chris.body
    (to_dana,) = digests_to(dana.email)
    assert someone_elses.reference in to_dana.body and team_offer.reference not in to_dana.body
    assert digests_to(viewer.email) == []


def test_a_changed_target_moves_the_open_offers_due_dates(on_day, chris):
    offer = on_day(D(2026, 12, 14), submitted_offer)
    target = StatusTarget.objects.get(status=Status.SUBMITTED)
    assert target.working_days == 10  # seeded from the settings by the migration
    target.working_days = 12
    target.save()
    assert triage.offers_due_on_recompute(status=Status.SUBMITTED) == 1
    offer.refresh_from_db()
    # 12 working days: 30, 31 December, then Monday 4 January (1 January a holiday).
    assert offer.due_on == D(2027, 1, 4)


def test_beat_runs_the_chasers_each_morning(settings):
    from leicester_sl.celery import app

    app.loader.import_default_modules()
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    for name in ("eoi.information_reminders_send", "eoi.commissioner_digests_send"):
        assert name in app.tasks
        assert schedule[name].hour == {7}


def test_the_tasks_run_the_chasers_for_today(on_day, chris):
    from eoi.notifications import tasks

    offer = on_day(D(2026, 12, 14), submitted_offer)
    triage.offer_assign(offer=offer, actor=chris, to_user=chris)
    mail.outbox.clear()
    assert on_day(D(2026, 12, 31), tasks.commissioner_digests_send) == 1
    assert on_day(D(2026, 12, 31), tasks.information_reminders_send) == 0
    assert len(digests_to(chris.email)) == 1
