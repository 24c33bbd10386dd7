"""By when the council acts next: pure rules, then the confirmation page, the
status page and the acknowledgement email."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone

from eoi.triage import services as triage
from eoi.offers.links import status_token
from eoi.roles import COMMISSIONERS
from eoi.triage.timescales import next_step, weekday_date
from eoi.triage.statuses import Status
from leicester_sl.working_days import england_and_wales_bank_holidays
from tests.eoi.factories import staff, submitted_offer

D = datetime.date
HOLIDAYS = england_and_wales_bank_holidays([2026, 2027])
TARGETS = {"first_response": 10, "triage_outcome": 15, "decision_after_meeting": 5}


class NextStepTests(SimpleTestCase):
    def step(self, status, since, today=None):
        return next_step(
            status=status, since=since, today=today or since, targets=TARGETS, holidays=HOLIDAYS
        )

    def test_sent_just_before_christmas(self):
        # 10 working days from Wed 23 Dec 2026: 24, 29, 30, 31 Dec, 4–8 Jan, 11 Jan.
        step = self.step(Status.SUBMITTED, D(2026, 12, 23))
        self.assertEqual(step.by, D(2027, 1, 11))
        self.assertEqual(
            step.sentence,
            "The commissioning team will contact you about your offer by Monday 11 January 2027.",
        )

    def test_meeting_over_easter(self):
        # 5 working days from Thu 25 Mar 2027: 30, 31 Mar, 1, 2, 5 Apr.
        self.assertEqual(self.step(Status.MEETING_ARRANGED, D(2027, 3, 25)).by, D(2027, 4, 5))

    def test_triage_over_the_august_bank_holiday(self):
        # 15 working days from Fri 20 Aug 2027, without Mon 30 Aug: 13 September.
        self.assertEqual(self.step(Status.IN_TRIAGE, D(2027, 8, 20)).by, D(2027, 9, 13))

    def test_waiting_for_the_provider_has_no_council_date(self):
        step = self.step(Status.INFORMATION_REQUESTED, D(2027, 1, 4))
        self.assertIsNone(step.by)
        self.assertIn("waiting for your answer", step.sentence)

    def test_decided_offers_have_no_next_step(self):
        for status in (Status.ACCEPTED, Status.NOT_PROGRESSED, Status.WITHDRAWN):
            with self.subTest(status=status):
                self.assertIsNone(self.step(status, D(2027, 1, 4)))

    def test_overdue(self):
        self.assertIs(
            self.step(Status.SUBMITTED, D(2027, 1, 4), today=D(2027, 1, 19)).overdue, True
        )
        self.assertIs(
            self.step(Status.SUBMITTED, D(2027, 1, 4), today=D(2027, 1, 18)).overdue, False
        )

    def test_weekday_date(self):
        self.assertEqual(weekday_date(D(2027, 1, 15)), "Friday 15 January 2027")


SENT_ON = timezone.make_aware(datetime.datetime(2027, 1, 4, 10, 0))  # a Monday


@pytest.fixture
def offer_sent_4_january(db, django_capture_on_commit_callbacks):
    with mock.patch("django.utils.timezone.now", return_value=SENT_ON):
        with django_capture_on_commit_callbacks(execute=True):
            return submitted_offer()


@pytest.mark.django_db
def test_confirmation_and_status_pages_say_by_when(client, offer_sent_4_january):
    # The targets are StatusTarget rows (seeded: first response 10 working days).
    offer = offer_sent_4_january
    token = status_token(offer)
    with mock.patch("django.utils.timezone.localdate", return_value=D(2027, 1, 5)):
        sent = client.get(reverse("eoi:sent", args=[token])).content.decode()
        status = client.get(reverse("eoi:status", args=[token])).content.decode()
    expected = "will contact you about your offer by Monday 18 January 2027."
    assert expected in sent
    assert expected in status


@pytest.mark.django_db
def test_acknowledgement_email_says_by_when(settings, offer_sent_4_january):
    # The default target: 10 working days from Monday 4 January 2027.
    acknowledgement = next(m for m in mail.outbox if "we have your offer" in m.subject)
    assert "will contact you about this one by Monday 18 January 2027." in acknowledgement.body


@pytest.mark.django_db
def test_status_page_after_triage_starts(client, offer_sent_4_january):
    offer = offer_sent_4_january
    with mock.patch("django.utils.timezone.now", return_value=SENT_ON + datetime.timedelta(days=1)):
        triage.offer_transition(
            offer=offer, name="start_triage", actor=staff("chris", COMMISSIONERS)
        )
    with mock.patch("django.utils.timezone.localdate", return_value=D(2027, 1, 6)):
        page = client.get(reverse("eoi:status", args=[status_token(offer)])).content.decode()
    # 15 working days from Tuesday 5 January 2027.
    assert "will tell you what happens next by Tuesday 26 January 2027." in page


@pytest.mark.django_db
def test_the_status_page_reads_the_administrators_target(client, offer_sent_4_january):
    from eoi.models import StatusTarget

    # As the admin saves it (the targets are cached until a row is saved).
    target = StatusTarget.objects.get(status=Status.SUBMITTED)
    target.working_days = 3
    target.save()
    with mock.patch("django.utils.timezone.localdate", return_value=D(2027, 1, 5)):
        page = client.get(reverse("eoi:status", args=[status_token(offer_sent_4_january)]))
    # 3 working days from Monday 4 January 2027.
    assert "will contact you about your offer by Thursday 7 January 2027." in page.content.decode()
