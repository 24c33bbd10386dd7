"""Every absolute link the portal writes is built from ``PORTAL_BASE_URL``,
never the request's Host header (issue 23, finding 3): the sign-in link
emailed to a provider and the sent page's status link were built from the
Host header, so a request with a foreign one put the foreign address in a
provider's email and on the page they copy the link from.

Each request here carries a foreign Host that ALLOWED_HOSTS lets in (as a
proxy passing any host through would)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse

from eoi.offers.links import status_token
from tests.eoi.factories import submitted_offer
from tests.eoi.journey_answers import answer_all

pytestmark = pytest.mark.django_db

PORTAL = "https://portal.example.org"
FOREIGN = "evil.example"
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def foreign(settings, strategy_data):
    """A client sending a foreign Host header; emails kept in mail.outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["portal.example.org", FOREIGN]
    settings.PORTAL_BASE_URL = PORTAL
    return Client(HTTP_HOST=FOREIGN)


def email_texts(message) -> list[str]:
    return [message.body, *(content for content, _type in message.alternatives)]


def assert_portal_links_only(text: str, *expected_paths: str) -> None:
    """No trace of the foreign host; each expected link is on the portal."""
    assert FOREIGN not in text
    assert "testserver" not in text
    links = LINK.findall(text)
    for path in expected_paths:
        assert f"{PORTAL}{path}" in links, (path, links)


def test_the_sign_in_email_links_to_the_portal(foreign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = foreign.post(reverse("your_offers:start"), {"email": "a.person@example.org"})

    assert response.status_code == 302
    (email,) = mail.outbox
    for text in email_texts(email):
        assert_portal_links_only(text)
        assert re.search(re.escape(PORTAL) + r"/your-offers/sign-in/[^/\s\"]+/", text)


def test_the_sent_page_links_to_the_status_page_on_the_portal(foreign):
    offer = submitted_offer()
    token = status_token(offer)

    page = foreign.get(reverse("eoi:sent", args=[token])).content.decode()

    assert_portal_links_only(page, reverse("eoi:status", args=[token]))


def test_the_resume_link_email_links_to_the_portal(foreign, django_capture_on_commit_callbacks):
    foreign.post(reverse("eoi:start"))

    with django_capture_on_commit_callbacks(execute=True):
        foreign.post(reverse("eoi:save"), {"email": "a.person@example.org"})

    (email,) = mail.outbox
    for text in email_texts(email):
        assert_portal_links_only(text)
        assert f"{PORTAL}/offer/resume/" in text


def test_an_offer_sent_through_the_journey_gets_only_portal_links(
    foreign, django_capture_on_commit_callbacks
):
    foreign.post(reverse("eoi:start"))
    answer_all(foreign, "accommodation")

    with django_capture_on_commit_callbacks(execute=True):
        response = foreign.post(reverse("eoi:check-answers"))
    page = foreign.get(response.url).content.decode()

    token = resolve(response.url).kwargs["token"]  # the sent page's own
    assert_portal_links_only(page, reverse("eoi:status", args=[token]))
    assert len(mail.outbox) >= 2  # the provider's acknowledgement, the team's
    for email in mail.outbox:
        for text in email_texts(email):
            assert_portal_links_only(text)
            assert f"{PORTAL}/" in text, email.subject


def test_no_code_builds_a_link_from_the_request():
    """A new absolute link goes through eoi.notifications.emails.portal_url too."""
    root = Path(__file__).resolve().parent.parent
    pattern = re.compile(r"build_absolute_uri|get_host\(|request\.scheme|HTTP_HOST")
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("eoi", "strategy", "leicester_sl", "templates")
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
