"""One way of writing times, GOV.UK style, in Europe/London (issue 25).

The GOV.UK style guide ("Times"): "5:30pm" (not 1730hrs, not 17:30, not
5:30 p.m.), "10am" (no ":00"), "midday" (not 12 noon, noon or 12pm),
"midnight" (not 00:00); dates as "6 December 2026". The council's clock is
Europe/London: GMT in winter, BST (UTC+1) in summer.
"""

import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.test import Client

from eoi.models import Offer
from eoi.notifications.emails import meeting_words
from eoi.offers import provider_access
from eoi.roles import COMMISSIONERS
from eoi.triage import services as triage
from leicester_sl.documents.formatting import LONDON, day_and_time, time_of_day
from tests.eoi.factories import staff, submitted_offer

UTC = datetime.UTC
# Times as Django and 24-hour clocks write them: never on a page, in an email or PDF.
STOCK_TIMES = re.compile(r"\d[ap]\.m\.|\b(noon)\b|\b\d{1,2}:\d{2}\b(?![ap]m)", re.IGNORECASE)


@pytest.mark.parametrize(
    ("time", "words"),
    [
        (datetime.time(9, 42), "9:42am"),
        (datetime.time(21, 42), "9:42pm"),
        (datetime.time(9, 0), "9am"),
        (datetime.time(17, 30), "5:30pm"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(0, 0), "midnight"),
        (datetime.time(12, 5), "12:05pm"),
        (datetime.time(0, 5), "12:05am"),
        (datetime.time(23, 59), "11:59pm"),
    ],
)
def test_times_of_day_are_written_the_gov_uk_way(time, words):
    assert time_of_day(time) == words


def test_the_council_keeps_london_time():
    assert settings.TIME_ZONE == "Europe/London" == str(LONDON)
    assert settings.USE_TZ is True


def test_winter_times_are_gmt_and_summer_times_bst():
    # 6 December: GMT, so 21:42 UTC is 9:42pm in Leicester.
    assert day_and_time(datetime.datetime(2026, 12, 6, 21, 42, tzinfo=UTC)) == (
        "6 December 2026 at 9:42pm"
    )
    # 1 July: BST, an hour ahead of UTC.
    assert day_and_time(datetime.datetime(2026, 7, 1, 11, 0, tzinfo=UTC)) == (
        "1 July 2026 at midday"
    )
    # 23:30 UTC on 31 July is already 1 August in Leicester.
    assert day_and_time(datetime.datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == (
        "1 August 2026 at 12:30am"
    )
    # The clocks go back at 2am BST on 25 October 2026: 00:59 UTC is 1:59am BST,
    # 01:00 UTC is 1am GMT.
    assert time_of_day(datetime.datetime(2026, 10, 25, 0, 59, tzinfo=UTC)) == "1:59am"
    assert time_of_day(datetime.datetime(2026, 10, 25, 1, 0, tzinfo=UTC)) == "1am"
    # A time given in another zone is still read in Leicester's.
    new_york = datetime.datetime(2026, 12, 6, 7, 0, tzinfo=ZoneInfo("America/New_York"))
    assert day_and_time(new_york) == "6 December 2026 at midday"


def test_templates_write_times_the_same_way():
    template = Template(
        "{% load time_words %}{{ at|day_and_time }} / {{ at|time_of_day }} / {{ at|day }}"
    )
    at = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert template.render(Context({"at": at})) == (
        "6 December 2026 at midday / midday / 6 December 2026"
    )


@pytest.mark.django_db
def test_the_sign_in_email_gives_its_expiry_the_gov_uk_way(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email="provider@example.org")
    # The link works until an hour after it was asked for: 9:42pm GMT in December.
    asked = datetime.datetime(2026, 12, 6, 21, 42, tzinfo=UTC) - provider_access.SIGN_IN_LINK_AGE
    mail.outbox.clear()
    with (
        mock.patch("django.utils.timezone.now", return_value=asked),
        django_capture_on_commit_callbacks(execute=True),
    ):
        provider_access.sign_in_link_send(email="provider@example.org")
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "until 9:42pm on 6 December 2026" in text, text
        assert not STOCK_TIMES.search(text.split("http")[0]), text


def test_a_meeting_in_an_email_reads_the_gov_uk_way():
    class Meeting:
        on = datetime.date(2027, 1, 5)
        at = datetime.time(10, 30)
        place = "City Hall"

    assert meeting_words(Meeting) == "Tuesday 5 January 2027 at 10:30am, City Hall"
    Meeting.at = datetime.time(12, 0)
    assert meeting_words(Meeting) == "Tuesday 5 January 2027 at midday, City Hall"


@pytest.mark.django_db
def test_the_offer_page_for_staff_gives_times_the_gov_uk_way(strategy_data):
    chris = staff("chris", COMMISSIONERS)
    # 1 July, BST: sent at 08:05 UTC, which is 9:05am in Leicester.
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2026, 7, 1, 8, 5, tzinfo=UTC),
    ):
        offer = submitted_offer()
    # Asked at 11:00 UTC: midday in Leicester.
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2026, 7, 1, 11, 0, tzinfo=UTC),
    ):
        triage.information_request(offer=offer, question="What is the site area?", actor=chris)
    client = Client()
    client.force_login(chris)

    page = client.get(f"/admin/eoi/offer/{offer.pk}/change/").content.decode()
    main = page.split('id="content"')[1]
    assert "1 July 2026 at 9:05am" in main  # sent, and its first status
    assert "1 July 2026 at midday" in main  # the question asked
    assert not STOCK_TIMES.search(re.sub(r"<[^>]+>", " ", main)), "a stock time on the page"

    queue = client.get("/admin/eoi/statuschange/").content.decode()
    assert "1 July 2026 at 9:05am" in queue
