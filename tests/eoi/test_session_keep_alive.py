"""The journey's session is kept alive while the provider works, but not
written on every page (eoi/session.py)."""

import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eoi.session import KEEP_ALIVE_SECONDS

pytestmark = pytest.mark.django_db

PAGE = reverse("eoi:step", args=["organisation"])


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(
        1
        for query in captured
        if query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in query["sql"]
    )


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.fixture
def started(client, strategy_data):
    assert client.post(reverse("eoi:start")).status_code == 302
    return client


def test_pages_soon_after_the_last_write_leave_the_session_alone(started):
    expiry = _expiry(started)
    assert _session_writes(started, PAGE) == 0
    assert _session_writes(started, reverse("eoi:tasks")) == 0
    assert _expiry(started) == expiry


def test_a_page_after_the_interval_moves_the_expiry_on(started):
    expiry = _expiry(started)
    later = time.time() + KEEP_ALIVE_SECONDS + 1
    with mock.patch("eoi.session.time.time", return_value=later):
        assert _session_writes(started, PAGE) == 1
    assert _expiry(started) > expiry
    # and the draft is still the session's
    assert started.get(reverse("eoi:tasks")).status_code == 200
