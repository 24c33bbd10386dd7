"""The journey's session is kept alive while the provider works, but not
written on every page (eoi/offers/session.py)."""

import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from eoi.offers.session import KEEP_ALIVE_SECONDS

pytestmark = pytest.mark.django_db

PAGE = reverse("eoi:step", args=["organisation"])


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.fixture
def started(client, strategy_data):
    assert client.post(reverse("eoi:start")).status_code == 302
    return client


def test_pages_soon_after_the_last_write_leave_the_session_alone(started):
    expiry = _expiry(started)
    assert started.get(PAGE).status_code == 200
    assert started.get(reverse("eoi:tasks")).status_code == 200
    # A session written again would expire later than it did.
    assert _expiry(started) == expiry


def test_a_page_after_the_interval_moves_the_expiry_on(started):
    expiry = _expiry(started)
    later = time.time() + KEEP_ALIVE_SECONDS + 1
    with mock.patch("eoi.offers.session.time.time", return_value=later):
        assert started.get(PAGE).status_code == 200
    assert _expiry(started) > expiry
    # and the draft is still the session's
    assert started.get(reverse("eoi:tasks")).status_code == 200
