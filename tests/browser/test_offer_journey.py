"""A new provider makes an offer in a real browser: every page of the journey
checked with axe-core, one mistake corrected, saved part-way and finished from
the emailed link in a new browser, a real PDF uploaded, sent, and followed on
its status page. Some pages are also checked at 320px wide."""

import re

import pytest
from django.core import mail

from eoi.models import Attachment, Offer

# live_server needs a transactional database; the data is loaded per test.
pytestmark = pytest.mark.django_db(transaction=True)

MOBILE_320 = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

# A small but real PDF: one empty A4 page.
PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


@pytest.fixture
def site(live_server, strategy_data, settings, tmp_path):
    """The live server's base URL, with the strategy data loaded, email kept
    in django.core.mail.outbox and uploads in a temporary folder."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path)
    return live_server.url


def go(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    return response


def press(page, name):
    """Press a button that sends a form, and wait for the next page."""
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name=name, exact=True).click()


def follow(page, name):
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("link", name=name, exact=True).click()


def heading(page):
    h1s = page.locator("h1")
    assert h1s.count() == 1, h1s.all_inner_texts()
    return h1s.inner_text().strip()


def assert_fits_320(page, assert_accessible):
    """At 320px wide the page does not scroll sideways and stays accessible."""
    page.set_viewport_size(MOBILE_320)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} is {scroll_width}px wide at 320px"
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_a_new_provider_makes_an_offer(
    browser, page, site, assert_accessible, console_errors, tmp_path
):
    # The home page is the one start page: "Start now" opens the task list.
    go(page, site + "/")
    assert_accessible(page)
    press(page, "Start now")

    # The task list.
    assert heading(page) == "Your offer"
    assert "Cannot start yet" in page.locator(".govuk-task-list").first.inner_text() or (
        "Cannot start yet" in page.content()
    )
    assert_accessible(page)
    assert_fits_320(page, assert_accessible)
    follow(page, "Organisation details")

    # About you.
    assert heading(page) == "Organisation details"
    assert_accessible(page)
    assert_fits_320(page, assert_accessible)
    page.get_by_label("Organisation name").fill("Example Housing Association")
    page.get_by_label("Registered provider of social housing (housing association)").check()
    page.get_by_label("Registered provider number (optional)").fill("4567")
    page.locator("#id_cqc_registered_2").check()
    press(page, "Continue")

    assert heading(page) == "Contact details"
    assert_accessible(page)
    assert page.get_by_label("Email address").get_attribute("autocomplete") == "email"
    page.get_by_label("Full name").fill("A. Person")
    page.get_by_label("Email address").fill("a.person@example.org")
    page.get_by_label("Phone number (optional)").fill("0116 000 0000")
    press(page, "Continue")

    # The offer.
    assert heading(page) == "What are you offering?"
    assert_accessible(page)
    page.get_by_label("Accommodation with care and support").check()
    press(page, "Continue")

    assert heading(page) == "Where the scheme is"
    assert_accessible(page)
    page.get_by_label("Name of the scheme").fill("Example Court")
    page.get_by_label("Address").fill("1 Example Street\nLeicester")
    page.get_by_label("Postcode").fill("LE99 ZZZZ")  # a mistake
    page.get_by_label("Ward").select_option("Castle")
    page.get_by_label("Planning permission granted").check()
    page.get_by_label("Site area in hectares (optional)").fill("0.6")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2027")
    press(page, "Continue")

    # The mistake is shown, nothing typed is lost, and it is put right.
    assert page.title().startswith("Error: Where the scheme is")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a real postcode, like LE2 1AA" in summary.inner_text()
    assert page.get_by_label("Name of the scheme").input_value() == "Example Court"
    assert page.get_by_label("Postcode").input_value() == "LE99 ZZZZ"
    assert_accessible(page)
    assert_fits_320(page, assert_accessible)
    summary.get_by_role("link", name="Enter a real postcode, like LE2 1AA").click()
    assert page.evaluate("() => document.activeElement.id") == "id_postcode"
    page.get_by_label("Postcode").fill("le2 1aa")
    press(page, "Continue")

    assert heading(page) == "The homes"
    assert_accessible(page)
    page.get_by_label("Self-contained units in a core and cluster").check()
    page.get_by_label("Number of units").fill("12")
    page.get_by_label("Bedrooms in each unit").fill("1")
    page.locator("#id_communal_space_1").check()
    page.locator("#id_staff_office_1").check()
    page.get_by_label("Number of wheelchair accessible units").fill("2")
    page.get_by_label("Number of fully adapted units").fill("1")
    press(page, "Continue")

    assert heading(page) == "Who it is for"
    assert_accessible(page)
    page.get_by_label("Mental health").check()
    page.locator("#id_residents_have_eligible_care_needs_1").check()

    # Save part-way, and get the link by email.
    press(page, "Save and come back later")
    assert heading(page) == "Get a link to come back to your offer"
    assert page.get_by_label("Email address").input_value() == "a.person@example.org"
    assert_accessible(page)
    press(page, "Send the link")
    assert heading(page) == "We have emailed you a link"
    assert_accessible(page)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/offer/resume/\S+/", mail.outbox[0].body)[0]
    assert console_errors == [], "\n".join(console_errors)

    # Come back in a new browser (a new context shares nothing with the first).
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    go(page, link)
    assert heading(page) == "Your offer"
    assert_accessible(page)
    assert "Completed" in page.locator("#task-client-groups-status").inner_text()
    follow(page, "Landlord, tenancy and rent")

    assert heading(page) == "Landlord, tenancy and rent"
    assert_accessible(page)
    page.locator("#id_landlord_type_1").check()
    page.locator("#id_landlord_provides_care_support_or_supervision_1").check()
    page.get_by_label("Assured tenancy", exact=True).check()
    page.locator("#id_tenancy_conditional_on_support_provider_2").check()
    page.get_by_label("Core rent a week").fill("150")
    page.get_by_label("Eligible service charge a week").fill("35")
    page.get_by_label("Ineligible charges a week").fill("15")
    press(page, "Continue")

    assert heading(page) == "Care and support"
    assert_accessible(page)
    page.locator("#id_provider_on_framework_1").check()
    page.get_by_label("Lot 5: recovery (complex adult mental health)").check()
    page.get_by_label("Individual support hours for each person, a week").fill("10")
    page.get_by_label("Shared core support hours for the scheme, a week").fill("112")
    page.get_by_label("A sleep-in night").check()
    page.get_by_label("Hourly rate for care and support").fill("24.10")
    press(page, "Continue")

    assert heading(page) == "Funding"
    assert_accessible(page)
    page.get_by_label("Homes England grant").check()
    press(page, "Continue")

    # A real PDF, uploaded.
    assert heading(page) == "Plans and notes"
    assert_accessible(page)
    plan = tmp_path / "site-plan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Site plan").check()
    page.get_by_label("Upload a file").set_input_files(str(plan))
    press(page, "Upload file")
    assert (
        "site-plan.pdf has been uploaded" in page.locator(".govuk-notification-banner").inner_text()
    )
    assert "site-plan.pdf" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
    press(page, "Continue")

    # Check and send.
    assert heading(page) == "Check your answers before sending your offer"
    assert "Example Court" in page.content()
    assert "Site plan: site-plan.pdf" in page.content()
    assert_accessible(page)
    press(page, "Accept and send")

    # The confirmation, with the screening.
    offer = Offer.objects.get()
    assert heading(page) == "Offer sent"
    assert offer.reference in page.locator(".govuk-panel").inner_text()
    main = page.locator("main").inner_text()
    assert "How your offer fits the strategy" in main
    assert "What meets the strategy" in main
    assert "Rent level and housing benefit" in main
    assert Attachment.objects.get().offer == offer
    assert_accessible(page)
    assert_fits_320(page, assert_accessible)

    # The status page.
    with page.expect_navigation(wait_until="networkidle"):
        page.locator("main a[href*='/offer/status/']").click()
    assert heading(page) == "Your offer"
    assert offer.reference in page.locator("main").inner_text()
    assert "Offer sent" in page.locator("main").inner_text()
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_the_journey_works_without_javascript(page, site):
    go(page, site + "/")
    press(page, "Start now")
    follow(page, "Organisation details")

    press(page, "Continue")
    assert page.title().startswith("Error: ")
    assert (
        "Enter the name of your organisation" in page.locator(".govuk-error-summary").inner_text()
    )
    page.get_by_label("Organisation name").fill("Example Housing Association")
    page.get_by_label("Charity", exact=True).check()
    page.locator("#id_cqc_registered_1").check()
    press(page, "Continue")

    assert heading(page) == "Contact details"
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")


def test_a_bad_link_shows_a_plain_page(page, site, assert_accessible):
    response = page.goto(site + "/offer/resume/not-a-real-token/")
    assert response.status == 404
    assert heading(page) == "This link has expired"
    assert_accessible(page)
    response = page.goto(site + "/offer/status/not-a-real-token/")
    assert response.status == 404
    assert heading(page) == "Page not found"
    assert_accessible(page)
