"""From the home page to a sent offer by way of "Check before you offer",
then changed and withdrawn from Your offers, in a real browser with axe-core
on every page: home → check → make an offer with these answers → complete
and send → Your offers (signed in by the emailed link) → change → send
again → withdraw."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from eoi.models import Offer

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "a.person@example.org"
SIGN_IN_LINK = re.compile(r"https?://[^/\s]+(/your-offers/sign-in/[^/\s]+/)")


@pytest.fixture
def site(live_server, strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return live_server.url


def press(page, name):
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name=name, exact=True).click()


def follow(page, name, within="main"):
    with page.expect_navigation(wait_until="networkidle"):
        page.locator(within).get_by_role("link", name=name, exact=True).first.click()


def step(page, site, slug):
    page.goto(site + reverse("eoi:step", args=[slug]), wait_until="networkidle")


def test_check_then_offer_send_change_and_withdraw(page, site, assert_accessible):
    page.goto(site + reverse("home"), wait_until="networkidle")
    assert_accessible(page)

    # The header leads to the check.
    follow(page, "Check before you offer", within="header")
    assert page.locator("h1").inner_text() == "Check before you offer"
    assert_accessible(page)

    # Nothing chosen: the error summary and the messages by the fields.
    press(page, "Check this offer")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Select what you are offering" in summary.inner_text()
    assert_accessible(page)

    page.get_by_label("Accommodation only").check()
    page.get_by_label("Mental health", exact=True).check()
    page.locator("#id_residents_have_eligible_care_needs_1").check()
    page.get_by_label("Self-contained units in a core and cluster").check()
    page.get_by_label("Number of units").fill("12")
    page.get_by_label("Bedrooms in each unit").fill("1")
    page.locator("#id_communal_space_1").check()
    page.locator("#id_staff_office_1").check()
    page.get_by_label("Planning permission granted").check()
    page.get_by_label("Postcode").fill("le2 1aa")
    page.get_by_label("Ward").select_option("Castle")
    page.locator("#id_landlord_type_1").check()
    page.locator("#id_landlord_provides_care_support_or_supervision_1").check()
    page.locator("#id_tenancy_conditional_on_support_provider_2").check()
    page.get_by_label("Core rent a week").fill("150")
    page.get_by_label("Eligible service charge a week").fill("35")
    page.get_by_label("Ineligible charges a week").fill("15")
    press(page, "Check this offer")
    assert page.locator("h1").inner_text() == "What the check found"
    # The answers are in the address, the CSRF token is not (a GET needs none).
    assert "offer_type=accommodation" in page.url
    assert "csrfmiddlewaretoken" not in page.url
    main = page.locator("main").inner_text()
    assert "Housing Benefit (exempt accommodation)" in main
    assert "£15.00 a week" in main
    assert "Step-down homes for people leaving mental health hospital" in main  # its public name
    assert_accessible(page)
    page.get_by_text("Where these figures come from").click()
    assert "Council policy value" in page.locator(".govuk-details__text").inner_text()
    assert_accessible(page)

    # A draft with these answers: the task list, the check's steps done.
    press(page, "Make an offer with these answers")
    assert page.url.endswith(reverse("eoi:tasks"))
    assert_accessible(page)

    # The rest of the offer.
    step(page, site, "organisation")
    page.get_by_label("Organisation name").fill("Example Housing Association")
    page.get_by_label("Registered provider of social housing (housing association)").check()
    page.locator("#id_cqc_registered_2").check()
    press(page, "Continue")
    assert_accessible(page)
    page.get_by_label("Full name").fill("A. Person")
    page.get_by_label("Email address").fill(ADDRESS)
    press(page, "Continue")
    assert_accessible(page)
    step(page, site, "scheme")
    assert page.get_by_label("Postcode").input_value() == "LE2 1AA"  # from the check
    page.get_by_label("Name of the scheme").fill("Example Court")
    page.get_by_label("Address").fill("1 Example Street\nLeicester")
    press(page, "Continue")
    assert_accessible(page)
    assert page.get_by_label("Number of units").input_value() == "12"
    page.get_by_label("Number of wheelchair accessible units").fill("2")
    page.get_by_label("Number of fully adapted units").fill("1")
    press(page, "Continue")
    assert_accessible(page)
    press(page, "Continue")  # who it is for: answered in the check
    assert page.get_by_label("Core rent a week").input_value() == "150.00"
    page.get_by_label("Assured tenancy", exact=True).check()
    press(page, "Continue")
    assert_accessible(page)
    press(page, "Continue")  # funding: optional answers
    assert_accessible(page)
    page.goto(site + reverse("eoi:check-answers"), wait_until="networkidle")
    assert_accessible(page)
    press(page, "Accept and send")
    assert page.locator("h1").inner_text().startswith("Offer sent")
    assert page.get_by_text("Where these figures come from").count() == 1
    assert_accessible(page)
    offer = Offer.objects.get()
    assert offer.scheme_units == 12 and offer.finance_weekly_core_rent == 150

    # Your offers, signed in by the emailed link.
    follow(page, "Your offers", within="header")
    assert_accessible(page)
    page.get_by_label("Email address").fill(ADDRESS)
    press(page, "Send me a link")
    assert_accessible(page)
    link = SIGN_IN_LINK.search(mail.outbox[-1].body).group(1)
    page.goto(site + link, wait_until="networkidle")
    assert_accessible(page)
    press(page, "Sign in")
    assert offer.reference in page.locator("main").inner_text()
    assert_accessible(page)

    # Change it and send it again.
    press(page, f"Change this offer ({offer.reference})")
    assert page.url.endswith(reverse("eoi:check-answers"))
    assert_accessible(page)
    page.goto(site + reverse("eoi:step", args=["configuration"]) + "?return=check")
    page.get_by_label("Number of units", exact=True).fill("20")
    press(page, "Continue")
    assert_accessible(page)
    press(page, "Accept and send")
    assert page.locator("h1").inner_text().startswith("Offer sent")
    assert_accessible(page)
    offer.refresh_from_db()
    assert offer.scheme_units == 20 and Offer.objects.count() == 1

    # Withdraw it.
    page.goto(site + reverse("your_offers:start"), wait_until="networkidle")
    follow(page, f"Withdraw {offer.reference}")
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing this offer?").fill("The site has been sold")
    press(page, "Withdraw offer")
    assert f"You have withdrawn offer {offer.reference}" in page.locator("main").inner_text()
    assert_accessible(page)
