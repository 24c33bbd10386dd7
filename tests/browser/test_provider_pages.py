"""Rates and rules, Your offers and the error pages in a real browser: axe,
no JavaScript, the header's navigation."""
import pytest
from django.urls import reverse

from eoi.models import Offer
from eoi.provider_access import sign_in_link_create
from tests.eoi.factories import submitted_offer

pytestmark = pytest.mark.django_db(transaction=True)
ADDRESS = "offers@example.org"


@pytest.fixture
def site(live_server, strategy_data):
    return live_server.url


def test_rates_page_is_accessible_and_in_the_header(page, site, assert_accessible, console_errors):
    page.goto(site + "/")
    page.get_by_role("link", name="Rates and rules").click()
    assert page.locator("h1").inner_text() == "Rates and rules"
    assert page.locator("[aria-current=page]").inner_text() == "Rates and rules"
    assert "default" not in page.content().lower()
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize("context_options", [{}, {"java_script_enabled": False}], ids=["js", "no-js"])
def test_your_offers_sign_in_withdraw_and_another_site(page, site, assert_accessible, context_options):
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email=ADDRESS)

    page.goto(site + "/")
    page.get_by_role("link", name="Your offers").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send me a link").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Email address").fill(ADDRESS)
    page.get_by_role("button", name="Send me a link").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)

    page.goto(site + reverse("your_offers:sign-in", args=[sign_in_link_create(email=ADDRESS)]))
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    assert offer.reference in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name=f"Withdraw {offer.reference}").click()
    page.get_by_role("button", name="Withdraw offer").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing this offer?").fill("The site has been sold")
    page.get_by_role("button", name="Withdraw offer").click()
    assert f"You have withdrawn offer {offer.reference}" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name=f"Offer another site with the details of {offer.reference}").click()
    assert page.url.endswith(reverse("eoi:tasks"))


def test_error_pages_are_accessible(page, site, assert_accessible):
    response = page.goto(site + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)

    # A form sent without its CSRF cookie: the branded page, not Django's.
    page.goto(site + reverse("your_offers:start"))
    page.context.clear_cookies()
    page.get_by_label("Email address").fill(ADDRESS)
    page.get_by_role("button", name="Send me a link").click()
    assert page.locator("h1").inner_text() == "Sorry, we could not accept that form"
    assert "DEBUG" not in page.content()
    assert_accessible(page)
