"""The branded error pages: GOV.UK wording, the header, landmarks, a way home;
the 500 page without the database; the CSRF failure page never shows Django's
reason or "DEBUG"."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]


def assert_branded(page: str, heading: str):
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert f"<title>{heading} – " in page
    assert 'class="govuk-generic-header' in page  # the council's header
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert "<footer" in page
    assert 'href="/">Go to the start of this service</a>' in page
    assert ">Rates and rules</a>" in page  # the header navigation
    assert "DEBUG" not in page and "Traceback" not in page


@pytest.mark.parametrize(
    "url, status, heading",
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/test-errors/403/", 403, "You cannot access this page"),
        ("/test-errors/400/", 400, "Sorry, there is a problem with your request"),
    ],
)
def test_error_page(client, url, status, heading):
    response = client.get(url)
    assert response.status_code == status
    assert_branded(response.content.decode(), heading)


@override_settings(DEBUG=False)
def test_server_error_page_renders_with_the_database_down():
    client = Client(raise_request_exception=False)
    database_down = OperationalError("could not connect to server")
    with (
        mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
            side_effect=database_down,
        ),
        mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=database_down,
        ),
    ):
        response = client.get("/test-errors/500/")
    assert response.status_code == 500
    page = response.content.decode()
    assert_branded(page, "Sorry, there is a problem with the service")
    assert "could not connect" not in page


def test_csrf_failure_page_is_branded_and_gives_no_reason():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/offer/", {"comments": ""})
    assert response.status_code == 403
    page = response.content.decode()
    assert_branded(page, "Sorry, we could not accept that form")
    assert "CSRF" not in page and "DEBUG=True" not in page
    assert "cookies" in page


def test_too_many_requests_page_shares_the_error_frame(client):
    from django.test import RequestFactory

    from leicester_sl.security.abuse import too_many_requests

    request = RequestFactory().get("/offer/")
    from django.contrib.sessions.backends.cache import SessionStore

    request.session = SessionStore()
    response = too_many_requests(request)
    assert response.status_code == 429
    assert_branded(response.content.decode(), "Too many requests – try again later")
