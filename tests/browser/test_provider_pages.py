"""Rates and rules, Your offers and the error pages in a real browser: axe,
no JavaScript, the header's navigation."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from eoi.models import Offer
from eoi.offers.provider_access import sign_in_link_create
from tests.eoi.factories import submitted_offer
from tests.eoi.journey_answers import CONTACT, answer_all

pytestmark = pytest.mark.django_db(transaction=True)
ADDRESS = "offers@example.org"


@pytest.fixture
def site(live_server, strategy_data):
    return live_server.url


def press(page, name):
    """Press a button that sends a form, and wait for the next page."""
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name=name, exact=True).click()


def follow(page, name):
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("link", name=name, exact=True).click()


def test_rates_page_is_accessible_and_in_the_header(page, site, assert_accessible, console_errors):
    page.goto(site + "/", wait_until="networkidle")
    follow(page, "Rates and rules")
    assert page.locator("h1").inner_text() == "Rates and rules"
    assert page.locator("[aria-current=page]").inner_text() == "Rates and rules"
    assert "default" not in page.content().lower()
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize(
    "context_options", [{}, {"java_script_enabled": False}], ids=["js", "no-js"]
)
def test_your_offers_sign_in_withdraw_and_another_site(
    page, site, assert_accessible, context_options
):
    if context_options.get("java_script_enabled") is False:
        # axe-core runs as a script in the page: not without JavaScript.
        def assert_accessible(page):
            pass

    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email=ADDRESS)

    page.goto(site + "/", wait_until="networkidle")
    follow(page, "Your offers")
    assert_accessible(page)
    press(page, "Send me a link")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Email address").fill(ADDRESS)
    press(page, "Send me a link")
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)

    secret = sign_in_link_create(email=ADDRESS)
    page.goto(site + reverse("your_offers:sign-in", args=[secret]), wait_until="networkidle")
    assert_accessible(page)
    press(page, "Sign in")
    assert offer.reference in page.locator("main").inner_text()
    assert_accessible(page)

    follow(page, f"Withdraw {offer.reference}")
    press(page, "Withdraw offer")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing this offer?").fill("The site has been sold")
    press(page, "Withdraw offer")
    assert f"You have withdrawn offer {offer.reference}" in page.locator("main").inner_text()
    assert_accessible(page)

    press(page, f"Offer another site with the details of {offer.reference}")
    assert page.url.endswith(reverse("eoi:tasks"))


def test_error_pages_are_accessible(page, site, assert_accessible):
    response = page.goto(site + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)

    # A form sent without its CSRF cookie: the branded page, not Django's.
    page.goto(site + reverse("your_offers:start"), wait_until="networkidle")
    page.context.clear_cookies()
    page.get_by_label("Email address").fill(ADDRESS)
    press(page, "Send me a link")
    assert page.locator("h1").inner_text() == "Sorry, we could not accept that form"
    assert "DEBUG" not in page.content()
    assert_accessible(page)


def test_send_then_change_and_withdraw_from_your_offers(
    page, site, assert_accessible, django_capture_on_commit_callbacks
):
    """Send an offer, sign in to Your offers by the emailed link, change the
    offer, send it again, then withdraw it; axe on every page."""

    provider = Client()
    with django_capture_on_commit_callbacks(execute=True):
        provider.post(reverse("eoi:start"))
        answer_all(provider, "accommodation")
        provider.post(reverse("eoi:check-answers"))
    offer = Offer.objects.get()

    page.goto(site + reverse("your_offers:start"), wait_until="networkidle")
    page.get_by_label("Email address").fill(CONTACT["email"])
    press(page, "Send me a link")
    link = re.search(r"https?://[^/\s]+(/your-offers/sign-in/[^/\s]+/)", mail.outbox[-1].body)
    page.goto(site + link.group(1), wait_until="networkidle")
    press(page, "Sign in")
    assert "will contact you about your offer by " in page.locator("main").inner_text()
    assert_accessible(page)

    press(page, f"Change this offer ({offer.reference})")
    assert page.url.endswith(reverse("eoi:check-answers"))
    assert_accessible(page)
    page.goto(site + reverse("eoi:step", args=["configuration"]) + "?return=check")
    page.get_by_label("Number of units", exact=True).fill("20")
    press(page, "Continue")
    press(page, "Accept and send")
    assert page.locator("h1").inner_text().startswith("Offer sent")
    assert_accessible(page)
    offer.refresh_from_db()
    assert offer.scheme_units == 20 and Offer.objects.count() == 1

    page.goto(site + reverse("your_offers:start"), wait_until="networkidle")
    follow(page, f"Withdraw {offer.reference}")
    page.get_by_label("Why are you withdrawing this offer?").fill("The site has been sold")
    press(page, "Withdraw offer")
    assert f"You have withdrawn offer {offer.reference}" in page.locator("main").inner_text()
    assert_accessible(page)
