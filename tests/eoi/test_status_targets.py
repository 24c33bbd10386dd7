"""Working-day targets are data: seeded from the settings, changed by an
administrator (with history), read by eoi.triage.timescales, and the open offers'
stored due dates follow a change."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from eoi.triage import timescales
from eoi.models import StatusTarget
from eoi.roles import ADMINISTRATORS, COMMISSIONERS
from eoi.triage.statuses import Status
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
SENT = timezone.make_aware(datetime.datetime(2027, 3, 22, 9, 0))  # Monday before Easter


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def change_url(status):
    return reverse(
        "admin:eoi_statustarget_change", args=[StatusTarget.objects.get(status=status).pk]
    )


def test_the_migration_seeds_a_target_for_each_status_with_one(settings):
    rows = dict(StatusTarget.objects.values_list("status", "working_days"))
    defaults = settings.EOI_TIMESCALES_WORKING_DAYS
    assert rows == {
        Status.SUBMITTED: defaults["first_response"],
        Status.IN_TRIAGE: defaults["triage_outcome"],
        Status.MEETING_ARRANGED: defaults["decision_after_meeting"],
        Status.INFORMATION_REQUESTED: defaults["information_reminder"],
    }


def test_an_administrator_changes_a_target_and_open_offers_follow(client):
    with mock.patch("django.utils.timezone.now", return_value=SENT):
        offer = submitted_offer()
    # 10 working days from 22 March 2027, without Good Friday and Easter Monday.
    assert offer.due_on == datetime.date(2027, 4, 7)
    client.force_login(staff("alex", ADMINISTRATORS))

    response = client.post(change_url(Status.SUBMITTED), {"working_days": "5"})

    assert response.status_code == 302
    offer.refresh_from_db()
    # 5 working days: 23, 24, 25, 30, 31 March.
    assert offer.due_on == datetime.date(2027, 3, 31)
    assert timescales.targets()["first_response"] == 5
    target = StatusTarget.objects.get(status=Status.SUBMITTED)
    assert [h.working_days for h in target.history.order_by("history_date")][-1] == 5
    assert target.history.first().history_user.username == "alex"
    # The provider's pages read the same target.
    with mock.patch("django.utils.timezone.now", return_value=SENT):
        assert timescales.offer_next_step(offer).by == datetime.date(2027, 3, 31)


@pytest.mark.parametrize("value", ["-1", "251", "ten", "", "=1+1"])
def test_a_target_must_be_a_number_of_working_days(client, value):
    client.force_login(staff("alex", ADMINISTRATORS))
    response = client.post(change_url(Status.IN_TRIAGE), {"working_days": value})
    assert response.status_code == 200
    assert StatusTarget.objects.get(status=Status.IN_TRIAGE).working_days == 15


def test_a_commissioner_sees_the_targets_but_cannot_change_them(client):
    client.force_login(staff("chris", COMMISSIONERS))
    assert client.get(reverse("admin:eoi_statustarget_changelist")).status_code == 200
    response = client.post(change_url(Status.SUBMITTED), {"working_days": "1"})
    assert response.status_code == 403
    assert StatusTarget.objects.get(status=Status.SUBMITTED).working_days == 10


def test_no_one_adds_or_deletes_a_target(client):
    client.force_login(staff("alex", ADMINISTRATORS))
    assert client.get(reverse("admin:eoi_statustarget_add")).status_code == 403
    target = StatusTarget.objects.get(status=Status.SUBMITTED)
    assert (
        client.post(
            reverse("admin:eoi_statustarget_delete", args=[target.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert StatusTarget.objects.count() == 4
