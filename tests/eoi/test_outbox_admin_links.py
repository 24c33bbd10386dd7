"""Staff reading the email log never see a provider's live link (issue 23).

A link back to a draft, a sign-in link and a status link each let whoever
holds it in: the draft, "Your offers" (to withdraw), the offer's page (to
answer for the provider). The admin's email pages (the list, each email's
page with its text and HTML, the HTML preview) show each such link with its
token removed; the email sent, and the outbox row it is sent from, keep it.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from post_office.models import Email

from eoi.models import Offer, OutboxEmail
from eoi.notifications.masking import MASK
from eoi.roles import ADMINISTRATORS, COMMISSIONERS
from eoi.triage import services as triage
from tests.eoi.factories import staff
from tests.eoi.journey_answers import CONTACT, answer_all
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db

# The token of each link that carries one, in a sent email.
TOKENS = re.compile(
    re.escape(settings.PORTAL_BASE_URL)
    + r"/(?:offer/resume|offer/status|your-offers/sign-in)/([^/\s\"'<>]+)/"
)
CHANGELIST = reverse("admin:post_office_email_changelist")


def tokens_in(text: str) -> set[str]:
    return set(TOKENS.findall(text))


def sent_tokens(message) -> set[str]:
    html = "".join(content for content, _type in getattr(message, "alternatives", []))
    return tokens_in(message.body) | tokens_in(html)


@pytest.fixture
def commissioner(strategy_data):
    return staff("chris", COMMISSIONERS)


@pytest.fixture
def link_emails(commissioner):
    """A resume, a sign-in and status emails (the acknowledgement, a change
    of status), sent; the kinds of those with a token."""
    provider = Client()
    provider.post(reverse("eoi:start"))
    answer_all(provider, "accommodation")
    after_commit(provider.post, reverse("eoi:save"), {"email": CONTACT["email"]})
    after_commit(provider.post, reverse("eoi:check-answers"))
    after_commit(provider.post, reverse("your_offers:start"), {"email": CONTACT["email"]})
    after_commit(
        triage.offer_transition,
        offer=Offer.objects.get(),
        name="start_triage",
        actor=commissioner,
    )
    with_tokens = {
        OutboxEmail.objects.get(email__message_id=message.extra_headers["Message-ID"]).kind
        for message in mail.outbox
        if sent_tokens(message)
    }
    assert with_tokens == {
        OutboxEmail.Kind.DRAFT_RESUME_LINK,
        OutboxEmail.Kind.PROVIDER_SIGN_IN,
        OutboxEmail.Kind.OFFER_ACKNOWLEDGEMENT,
        OutboxEmail.Kind.STATUS_CHANGE,
    }
    return mail.outbox


def pages_of(client, email) -> dict[str, str]:
    urls = {
        "change": reverse("admin:post_office_email_change", args=[email.pk]),
        "preview": reverse("admin:post_office_email_preview", args=[email.pk]),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, email.subject)
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("role", [COMMISSIONERS, ADMINISTRATORS])
def test_staff_see_no_token_of_a_live_link_in_the_email_log(link_emails, client, role):
    tokens = set().union(*(sent_tokens(message) for message in link_emails))
    assert len(tokens) >= 3  # resume, sign-in, status
    client.force_login(staff("reader", role))

    listing = client.get(CHANGELIST).content.decode()
    for email in Email.objects.all():
        pages = pages_of(client, email)
        for page in (listing, *pages.values()):
            assert not tokens_in(page), email.subject
            for token in tokens:
                assert token not in page, email.subject
        if tokens_in(email.message):
            # Where the link was, staff read that it was removed.
            assert escape(MASK) in pages["change"]
            assert escape(MASK) in pages["preview"]


def test_the_sent_email_and_its_outbox_row_keep_the_link(link_emails):
    for message in link_emails:
        stored = Email.objects.get(message_id=message.extra_headers["Message-ID"])
        assert sent_tokens(message) == tokens_in(stored.message)
        assert tokens_in(stored.message) <= tokens_in(stored.html_message)


def test_a_link_after_a_long_line_is_removed_too(commissioner, client):
    """A line over 998 characters makes the text part quoted-printable, which
    breaks a link across lines: the link is found in the email's own text."""
    provider = Client()
    provider.post(reverse("eoi:start"))
    answer_all(provider, "accommodation")
    after_commit(provider.post, reverse("eoi:check-answers"))
    offer = Offer.objects.get()
    after_commit(
        triage.offer_not_progress,
        offer=offer,
        actor=commissioner,
        reason_code="shared_housing",
        reason="No demand. " + "Explained at length " * 60,
    )
    message = mail.outbox[-1]
    (token,) = sent_tokens(message)
    email = Email.objects.get(message_id=message.extra_headers["Message-ID"])
    client.force_login(commissioner)

    for page in pages_of(client, email).values():
        assert token not in page
        assert token[-12:] not in page  # nor the end of it, on a line of its own
