"""Issue 24's "Done when", in a real browser: an offer is accepted, its
provider moves a forecast from "Your offers", it shows as slipped, a
commissioner confirms its start on site and then a first tranche of homes,
and every reader counts those homes once, as delivered; the trajectory and
the report show them. axe finds nothing on any page on the way."""

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from eoi.models import Milestone, Offer
from eoi.offers.provider_access import sign_in_link_create
from eoi.progress.trajectory import financial_year, year_label
from eoi.roles import COMMISSIONERS
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.progress.test_counted_once import every_reader

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"
ADDRESS = "homes@example.org"
K = Milestone.Kind


@pytest.fixture
def site(live_server, strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return live_server.url


def navigate(page, action):
    with page.expect_navigation(wait_until="networkidle"):
        action()


def fill_date(page, name, day):
    page.fill(f"input[name={name}_0]", str(day.day))
    page.fill(f"input[name={name}_1]", str(day.month))
    page.fill(f"input[name={name}_2]", str(day.year))


@override_settings(EOI_SLIPPAGE_THRESHOLD_MONTHS=3)
def test_from_acceptance_to_a_first_tranche_delivered(page, site, assert_accessible):
    today = timezone.localdate()
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email=ADDRESS)
    chris = staff("chris", COMMISSIONERS)
    readers = Client()
    readers.force_login(chris)
    base = every_reader(readers)["home"]
    assert base == (56, 22, 0, 473)

    # The commissioner accepts the offer (12 homes) in the staff pages.
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "chris")
    page.fill("#id_password", PASSWORD)
    navigate(page, lambda: page.click("input[type=submit]"))
    navigate(page, lambda: page.goto(f"{site}/admin/eoi/offer/{offer.pk}/change/"))
    navigate(page, lambda: page.get_by_role("link", name="Accept into pipeline").click())
    navigate(
        page,
        lambda: page.get_by_role("button", name=f"Accept into pipeline: {offer.reference}").click(),
    )
    assert offer.milestones.count() == 4

    # The provider signs in to "Your offers" and moves the completion forecast.
    provider = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    them = provider.new_page()
    secret = sign_in_link_create(email=ADDRESS)
    them.goto(site + reverse("your_offers:sign-in", args=[secret]), wait_until="networkidle")
    navigate(them, lambda: them.get_by_role("button", name="Sign in").click())
    navigate(
        them,
        lambda: them.get_by_role("link", name=f"Update milestones of {offer.reference}").click(),
    )
    assert them.locator("h1").inner_text() == "Milestones"
    assert_accessible(them)
    navigate(
        them,
        lambda: them.get_by_role(
            "link", name="Change the forecast for practical completion"
        ).click(),
    )
    assert_accessible(them)
    navigate(them, lambda: them.get_by_role("button", name="Save").click())
    assert them.title().startswith("Error: ")
    assert them.locator(".govuk-error-summary").is_visible()
    assert_accessible(them)
    fill_date(them, "forecast", offer.scheme_expected_available.replace(year=2028))
    them.fill("input[name=reason]", "The contractor went into administration")
    navigate(them, lambda: them.get_by_role("button", name="Save").click())
    completion = them.locator("#milestone-practical_completion")
    assert completion.get_by_text("Slipped", exact=True).is_visible()
    assert_accessible(them)

    # It shows as slipped in the queue and on the dashboard.
    navigate(page, lambda: page.goto(f"{site}/admin/eoi/offer/?milestones=slipped"))
    assert page.get_by_role("link", name=offer.reference).is_visible()
    assert_accessible(page)
    navigate(page, lambda: page.goto(f"{site}/staff/dashboard/"))
    assert (
        "1 milestone of accepted offers has slipped"
        in page.locator("#slipped-milestones").inner_text()
    )
    assert_accessible(page)

    # The provider reports the start on site; the commissioner confirms it.
    navigate(
        them,
        lambda: them.get_by_role(
            "link", name="Report the date it happened for start on site"
        ).click(),
    )
    fill_date(them, "actual_on", today)
    navigate(them, lambda: them.get_by_role("button", name="Save").click())
    assert_accessible(them)
    navigate(page, lambda: page.goto(f"{site}/admin/eoi/offer/{offer.pk}/change/"))
    assert_accessible(page)
    navigate(page, lambda: page.get_by_role("link", name="Confirm start on site").click())
    assert_accessible(page)
    navigate(
        page, lambda: page.get_by_role("button", name="Confirm start on site", exact=False).click()
    )
    assert every_reader(readers)["home"] == (56, 22 + 12, 0, 473 - 12)

    # A first tranche of 5 homes is ready; the commissioner confirms it.
    navigate(
        them,
        lambda: them.get_by_role(
            "link", name="Report homes ready for practical completion"
        ).click(),
    )
    assert_accessible(them)
    them.fill("input[name=units]", "5")
    fill_date(them, "actual_on", today)
    navigate(them, lambda: them.get_by_role("button", name="Save").click())
    assert "5 homes on" in them.locator("#milestone-practical_completion").inner_text()
    navigate(page, lambda: page.goto(f"{site}/admin/eoi/offer/{offer.pk}/change/"))
    navigate(page, lambda: page.get_by_role("link", name="Confirm 5 homes on", exact=False).click())
    assert_accessible(page)
    navigate(page, lambda: page.get_by_role("button", name="Confirm", exact=False).click())

    # Every reader counts those homes once, as delivered.
    expected = (56 + 5, 22 + 7, 0, 473 - 12)
    for reader, figures in every_reader(readers).items():
        assert figures == expected, reader
    navigate(page, lambda: page.goto(f"{site}/staff/dashboard/"))
    assert_accessible(page)
    this_year = (
        page.locator("#table-trajectory")
        .locator("xpath=ancestor::table")
        .locator("tr", has_text=year_label(financial_year(today)))
    )
    assert this_year.locator("td").first.inner_text() == "5"
    delivered = page.locator(".app-figures__item--delivered .app-figures__value").inner_text()
    assert delivered.startswith("61")
    report = readers.get("/staff/dashboard/").context["report"]
    assert report.tables["delivery"].foot[2] == 61
    pdf = readers.get("/staff/dashboard/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    for path in ("/", "/what-the-city-needs/"):
        navigate(them, lambda path=path: them.goto(site + path))
        assert_accessible(them)
    assert "461 homes" in them.goto(site + "/").text()
    provider.close()
    assert settings.EOI_SLIPPAGE_THRESHOLD_MONTHS == 3
