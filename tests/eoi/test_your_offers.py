"""Your offers: sign in by an emailed link (single use, an hour, rate limited,
the same reply for every address), see your offers, withdraw, offer another
site."""

import datetime
import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from eoi.triage import services as triage
from eoi.offers.links import status_token
from eoi.models import Offer, OfferDraft, ProviderSignIn
from eoi.roles import COMMISSIONERS
from eoi.triage.statuses import Status
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

START = "/your-offers/"
ADDRESS = "offers@example.org"
# On the portal's address (PORTAL_BASE_URL), not the test client's host.
LINK = re.compile(re.escape(settings.PORTAL_BASE_URL) + r"(/your-offers/sign-in/[^/\s]+/)")


@pytest.fixture(autouse=True)
def strategy_data(db):
    """Every test here reads the strategy's data (loaded once a run, tests/conftest.py)."""


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the outbox's sends) as they are registered."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def offer_for(email=ADDRESS, **changes) -> Offer:
    offer = submitted_offer(**changes)
    Offer.objects.filter(pk=offer.pk).update(contact_email=email)
    offer.refresh_from_db()
    return offer


def ask_for_link(client, send, email=ADDRESS):
    return send(client.post, START, {"email": email})


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def signed_in_client(send, email=ADDRESS) -> Client:
    client = Client()
    ask_for_link(client, send, email)
    client.post(link_in(mail.outbox[-1]))
    return client


# --------------------------------------------------------------------------
# Signing in
# --------------------------------------------------------------------------


def test_the_reply_is_the_same_whether_or_not_the_address_has_offers(client, send):
    offer_for(ADDRESS)
    replies = []
    for email in (ADDRESS, "nobody@example.org"):
        response = ask_for_link(Client(), send, email)
        assert response.status_code == 302
        assert response.url == reverse("your_offers:check-email")
        replies.append(response)
    # One link each, both the same email: the address with offers is not told apart.
    assert [m.to for m in mail.outbox] == [[ADDRESS], ["nobody@example.org"]]
    assert mail.outbox[0].subject == mail.outbox[1].subject
    assert LINK.sub("", mail.outbox[0].body) == LINK.sub("", mail.outbox[1].body)


def test_the_check_email_page_names_the_address(client, send):
    ask_for_link(client, send)
    page = client.get(reverse("your_offers:check-email")).content.decode()
    assert "Check your email" in page and ADDRESS in page


def test_a_link_signs_in_once_and_only_with_a_button(client, send):
    offer = offer_for()
    ask_for_link(client, send)
    link = link_in(mail.outbox[-1])

    # Opening the link (or a mail scanner opening it) does not use it up.
    assert "Sign in" in client.get(link).content.decode()
    assert client.get(link).status_code == 200
    assert client.get(START).content.decode().count(offer.reference) == 0

    assert client.post(link).url == START
    assert offer.reference in client.get(START).content.decode()

    # A second use is refused, from any browser.
    again = Client().post(link)
    assert again.status_code == 404
    assert "This link has expired or has been used" in again.content.decode()
    assert Client().get(link).status_code == 404


def test_only_a_hash_of_the_secret_is_stored(client, send):
    ask_for_link(client, send)
    secret = link_in(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    stored = ProviderSignIn.objects.get()
    assert stored.email == ADDRESS and secret not in stored.secret_hash


def test_a_link_expires_after_an_hour(client, send):
    ask_for_link(client, send)
    link = link_in(mail.outbox[-1])
    later = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.post(link).status_code == 404
    assert "your_offers_email" not in client.session


@pytest.mark.parametrize("secret", ["x", "A" * 43, "%00", "../../admin"])
def test_made_up_links_are_refused(client, secret):
    # A NUL is refused before any view (issue 12's middleware): 400, not 404.
    refused = 400 if "%00" in secret else 404
    assert client.get(f"/your-offers/sign-in/{secret}/").status_code == refused
    assert client.post(f"/your-offers/sign-in/{secret}/").status_code == refused


@pytest.mark.parametrize(
    "email, error",
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format"),
        ("a@localhost", "Enter an email address in the correct format"),
        ("a@example.org\r\nBcc: b@example.org", "Enter an email address in the correct format"),
        ("=1+1", "Enter an email address in the correct format"),
    ],
)
def test_address_errors_are_shown_in_the_summary_and_by_the_field(client, email, error):
    response = client.post(START, {"email": email})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Your offers" in page
    assert 'class="govuk-error-summary"' in page
    assert f'<a href="#id_email">{error}' in page
    assert 'class="govuk-error-message" id="id_email-error"' in page
    assert not mail.outbox


def test_typed_address_is_kept_after_an_error(client):
    page = client.post(START, {"email": "someone@nowhere"}).content.decode()
    assert 'value="someone@nowhere"' in page


@override_settings(EOI_RATE_LIMITS={"sign_in": "100/h", "sign_in_address": "2/h", "link": "60/m"})
def test_an_address_gets_only_so_many_links_but_the_same_reply(send):
    replies = [ask_for_link(Client(REMOTE_ADDR=f"198.51.100.{n}"), send) for n in range(4)]
    assert {(r.status_code, r.url) for r in replies} == {(302, reverse("your_offers:check-email"))}
    assert len(mail.outbox) == 2


@override_settings(EOI_RATE_LIMITS={"sign_in": "3/h", "sign_in_address": "100/h", "link": "60/m"})
def test_a_client_asking_too_often_gets_the_too_many_requests_page(client, send):
    for n in range(3):
        assert ask_for_link(client, send, f"a{n}@example.org").status_code == 302
    assert ask_for_link(client, send, "a9@example.org").status_code == 429


def test_honeypot_gets_the_same_reply_and_no_email(client, send):
    response = send(client.post, START, {"email": ADDRESS, "comments": "spam"})
    assert response.url == reverse("your_offers:check-email")
    assert not mail.outbox


def test_forms_need_the_csrf_token(send):
    client = Client(enforce_csrf_checks=True)
    assert client.post(START, {"email": ADDRESS}).status_code == 403
    assert not mail.outbox


def test_signing_out(send):
    client = signed_in_client(send)
    client.post(reverse("your_offers:sign-out"))
    assert "Send me a link" in client.get(START).content.decode()


# --------------------------------------------------------------------------
# Signed in
# --------------------------------------------------------------------------


def test_the_list_shows_this_address_s_offers_and_drafts_only(send):
    mine = offer_for(ADDRESS.upper())
    theirs = offer_for("other@example.org")
    draft = OfferDraft.objects.create(contact_email=ADDRESS, answers={})
    commissioner = staff("chris", COMMISSIONERS)
    triage.offer_transition(offer=mine, name="start_triage", actor=commissioner)
    triage.information_request(offer=mine, question="What is the site area?", actor=commissioner)

    page = signed_in_client(send).get(START).content.decode()

    assert mine.reference in page and theirs.reference not in page
    assert reverse("eoi:status", args=[status_token(mine)]) in page
    assert "We need more information from you" in page
    assert "What is the site area?" in page and "Not answered yet" in page
    assert "waiting for your answer" in page
    assert reverse("your_offers:draft-continue", args=[draft.pk]) in page


def test_the_list_says_by_when_the_council_acts(send):
    offer_for()
    page = signed_in_client(send).get(START).content.decode()
    assert "will contact you about your offer by " in page


def test_pages_need_signing_in(client):
    offer = offer_for()
    assert client.get(reverse("your_offers:withdraw", args=[offer.reference])).url == START
    assert client.get(reverse("your_offers:tell-us", args=[offer.reference])).url == START
    assert client.post(reverse("your_offers:change", args=[offer.reference])).url == START
    assert client.post(reverse("your_offers:another-site", args=[offer.reference])).url == START


# --------------------------------------------------------------------------
# Withdrawing
# --------------------------------------------------------------------------


def test_withdrawing_needs_a_reason_and_keeps_what_was_typed(send):
    offer = offer_for()
    client = signed_in_client(send)
    url = reverse("your_offers:withdraw", args=[offer.reference])

    page = client.post(url, {"reason": "   "}).content.decode()
    assert '<a href="#id_reason">Enter why you are withdrawing this offer' in page
    page = client.post(url, {"reason": "x" * 2001}).content.decode()
    assert "Reason must be 2,000 characters or fewer" in page
    assert "x" * 2001 in page
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED


def test_withdrawing_is_recorded_with_the_provider_and_tells_the_team(send):
    offer = offer_for()
    client = signed_in_client(send)
    mail.outbox.clear()

    response = send(
        client.post,
        reverse("your_offers:withdraw", args=[offer.reference]),
        {"reason": "The site has been sold\r\n=1+1"},
    )

    assert response.url == START
    offer.refresh_from_db()
    assert offer.status == Status.WITHDRAWN
    change = offer.status_changes.last()
    assert (change.actor, change.actor_label, change.to_status) == (
        None,
        "The provider",
        Status.WITHDRAWN,
    )
    assert change.reason == "The site has been sold\r\n=1+1"
    team = [m for m in mail.outbox if m.to == ["caas.carehomes@leicester.gov.uk"]]
    assert len(team) == 1 and "withdrawn by the provider" in team[0].subject
    assert "The site has been sold" in team[0].body
    assert any(m.to == [ADDRESS] for m in mail.outbox)  # the provider's own notice
    page = client.get(START).content.decode()
    assert f"You have withdrawn offer {offer.reference}" in page
    assert reverse("your_offers:withdraw", args=[offer.reference]) not in page

    # The same request again changes nothing.
    again = client.post(
        reverse("your_offers:withdraw", args=[offer.reference]), {"reason": "again"}
    )
    assert again.url == START
    assert offer.status_changes.filter(to_status=Status.WITHDRAWN).count() == 1


def test_a_provider_cannot_withdraw_another_address_s_offer(send):
    theirs = offer_for("other@example.org")
    client = signed_in_client(send)
    url = reverse("your_offers:withdraw", args=[theirs.reference])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "mine now"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.SUBMITTED


def test_the_provider_may_withdraw_but_not_triage():
    offer = submitted_offer()
    with pytest.raises(PermissionDenied):
        triage.offer_transition(offer=offer, name="not_progress", actor=None)


# --------------------------------------------------------------------------
# Offering another site
# --------------------------------------------------------------------------

ANSWERS = {
    "organisation": {"name": "Example Housing Association", "type": "registered_provider"},
    "contact": {"name": "A. Person", "email": ADDRESS},
    "offer-type": {"offer_type": "accommodation"},
    "scheme": {"name": "Example Court", "postcode": "LE2 1AA"},
    "configuration": {"units": 12},
    "client-groups": {"client_groups": ["mental_health"]},
    "rent": {"landlord_type": "registered_provider", "weekly_core_rent": "180.00"},
    "funding": {"funding_sources": ["homes_england"]},
    "attachments": {"notes": "About this site"},
}


def test_another_site_copies_organisation_contact_and_finance_answers(send):
    offer = offer_for()
    OfferDraft.objects.create(answers=ANSWERS, contact_email=ADDRESS, submitted_offer=offer)
    client = signed_in_client(send)

    response = client.post(reverse("your_offers:another-site", args=[offer.reference]))

    assert response.url == reverse("eoi:tasks")
    new = OfferDraft.objects.get(submitted_offer__isnull=True)
    assert new.answers == {
        key: ANSWERS[key] for key in ("organisation", "contact", "rent", "funding")
    }
    assert new.contact_email == ADDRESS
    assert client.session["eoi_draft"] == str(new.pk)
    assert "your_offers_email" in client.session  # still signed in


def test_another_site_from_an_imported_offer_starts_empty(send):
    offer = offer_for()
    client = signed_in_client(send)
    client.post(reverse("your_offers:another-site", args=[offer.reference]))
    assert OfferDraft.objects.get().answers == {}


def test_continuing_a_draft(send):
    draft = OfferDraft.objects.create(contact_email=ADDRESS, answers={})
    other = OfferDraft.objects.create(contact_email="other@example.org", answers={})
    client = signed_in_client(send)
    assert client.post(reverse("your_offers:draft-continue", args=[other.pk])).status_code == 404
    assert client.post(reverse("your_offers:draft-continue", args=[draft.pk])).url == reverse(
        "eoi:tasks"
    )
    assert client.session["eoi_draft"] == str(draft.pk)


def test_expired_links_are_deleted_when_a_new_one_is_made(client, send):
    ask_for_link(client, send, "first@example.org")
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        ask_for_link(Client(), send, "second@example.org")
    assert list(ProviderSignIn.objects.values_list("email", flat=True)) == ["second@example.org"]
