"""Arranging a meeting records its date, time and place; the provider's
email and status page say them; the form refuses what is not a meeting."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from eoi.triage import services as triage
from eoi.triage.forms.transitions import ArrangeMeetingForm
from eoi.offers.links import status_token
from eoi.models import Meeting
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage.statuses import Status
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 22)  # a Monday
NOW = timezone.make_aware(datetime.datetime(2027, 3, 22, 9, 0))


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def form(**changes):
    data = {
        "on": "25/3/2027",
        "at": "10:30",
        "place": "City Hall, 115 Charles Street",
        "reason": "",
    }
    return ArrangeMeetingForm({**data, **changes})


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"on": "22/3/2027"}, "on"),  # today: not in the future
        ({"on": "21/3/2027"}, "on"),
        ({"on": "30/2/2027"}, "on"),  # no such day
        ({"on": "=1+1"}, "on"),
        ({"at": "25:00"}, "at"),
        ({"at": ""}, "at"),
        ({"place": "City Hall\r\nBcc: someone@example.org"}, "place"),
        ({"place": "City\x00Hall"}, "place"),
        ({"place": "   "}, "place"),
        ({"place": "x" * 201}, "place"),
    ],
)
def test_the_form_refuses(clock, changes, field):
    bound = form(**changes)
    assert not bound.is_valid()
    assert field in bound.errors


def test_the_form_takes_a_meeting(clock):
    bound = form()
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["on"] == datetime.date(2027, 3, 25)
    assert bound.cleaned_data["at"] == datetime.time(10, 30)


def test_arranging_a_meeting_tells_the_provider_when_and_where(
    clock, client, django_capture_on_commit_callbacks
):
    offer = submitted_offer()
    chris = staff("chris", COMMISSIONERS)
    client.force_login(chris)
    mail.outbox.clear()
    url = reverse("admin:eoi_offer_transition", args=[offer.pk, "arrange_meeting"])
    assert 'name="place"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"on": "25/3/2027", "at": "14:00", "place": "City Hall, 115 Charles Street"}
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Status.MEETING_ARRANGED
    meeting = Meeting.objects.get(offer=offer)
    assert (meeting.on, meeting.at, meeting.arranged_by) == (
        datetime.date(2027, 3, 25),
        datetime.time(14, 0),
        chris,
    )
    (email,) = [m for m in mail.outbox if m.to == [offer.contact_email]]
    words = "Thursday 25 March 2027 at 2pm, City Hall, 115 Charles Street"
    assert words in email.body
    assert words in email.alternatives[0][0]
    page = client.get(reverse("eoi:status", args=[status_token(offer)])).content.decode()
    assert words in page
    staff_page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
    assert words in staff_page
    # Decision after the meeting: 10 working days from Monday 22 March 2027,
    # over Easter (Good Friday 26 March, Easter Monday 29 March): 7 April.
    assert offer.due_on == datetime.date(2027, 4, 7)


def test_a_refused_meeting_records_nothing(clock, client):
    offer = submitted_offer()
    client.force_login(staff("chris", COMMISSIONERS))
    url = reverse("admin:eoi_offer_transition", args=[offer.pk, "arrange_meeting"])
    response = client.post(url, {"on": "1/3/2027", "at": "14:00", "place": "City Hall"})
    assert response.status_code == 200
    assert "must be in the future" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED
    assert not Meeting.objects.exists()


def test_the_placement_team_cannot_arrange_one(clock, client):
    offer = submitted_offer()
    client.force_login(staff("pat", PLACEMENT_TEAM))
    url = reverse("admin:eoi_offer_transition", args=[offer.pk, "arrange_meeting"])
    client.post(url, {"on": "25/3/2027", "at": "14:00", "place": "City Hall"})
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"on": datetime.date(2027, 3, 22)},
        {"place": "City Hall\r\nBcc: x@example.org"},
        {"place": " "},
        {"place": "x" * 201},
    ],
)
def test_the_service_refuses_too(clock, changes):
    offer = submitted_offer()
    meeting = {"on": datetime.date(2027, 3, 25), "at": datetime.time(14), "place": "City Hall"}
    with pytest.raises(ValidationError):
        triage.meeting_arrange(
            offer=offer, actor=staff("chris", COMMISSIONERS), **{**meeting, **changes}
        )
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED and not Meeting.objects.exists()
