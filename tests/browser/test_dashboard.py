"""The staff progress dashboard in a real browser, at desktop width and at 320px."""

import pytest
from django.conf import settings
from django.test import Client

from eoi import roles
from eoi.triage import services as triage
from strategy.models import DemandLine
from tests.browser.test_public_pages import OVERFLOWING_ELEMENTS_JS
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = [
    pytest.param({"width": 1280, "height": 900}, id="desktop-1280"),
    pytest.param({"width": 320, "height": 800}, id="mobile-320"),
]


@pytest.fixture
def site(live_server, strategy_data, settings):
    """The live server, with an accepted offer and an open one, and a signed-in
    commissioner's session cookie (as the admin sign-in would set it)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chris = staff("chris", roles.COMMISSIONERS)
    accepted = submitted_offer()
    triage.offer_transition(offer=accepted, name="start_triage", actor=chris)
    line = DemandLine.objects.get(
        group__version__slug="2025-refresh", cohort__startswith="Mental health"
    )
    triage.offer_accept(offer=accepted, actor=chris, allocations=[(line, 12)])
    submitted_offer(client_groups=["older_people"], configuration="extra_care")
    client = Client()
    client.force_login(chris)
    return live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value


def open_dashboard(page, site, query=""):
    url, session = site
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])
    response = page.goto(f"{url}/staff/dashboard/{query}", wait_until="networkidle")
    assert response is not None and response.status == 200


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_dashboard_is_accessible_and_fits_the_screen(
    page, site, assert_accessible, console_errors
):
    open_dashboard(page, site)

    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Progress against the strategy"
    assert_accessible(page)
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, page.evaluate(OVERFLOWING_ELEMENTS_JS)
    assert console_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS[1:])
def test_a_wide_table_scrolls_inside_its_own_region(page, site):
    open_dashboard(page, site)

    region = page.get_by_role("region", name="Demand met and unmet by demand line (units)")
    sizes = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1]
    region.focus()
    assert region.evaluate("el => el === document.activeElement")


def test_staff_switch_to_the_2025_refresh(page, site):
    open_dashboard(page, site)
    headline = page.locator(".app-figures")
    assert "Accepted offers\n12" in headline.inner_text()

    page.get_by_label("Forecast version", exact=True).select_option("2021-plan")
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name="Show this version").click()
    assert page.url.endswith("?version=2021-plan")
    assert (
        page.locator(".app-figures__item--target .app-figures__value")
        .inner_text()
        .startswith("396")
    )

    page.get_by_label("Forecast version", exact=True).select_option("2025-refresh")
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name="Show this version").click()

    assert page.url.endswith("?version=2025-refresh")
    assert (
        page.locator(".app-figures__item--delivered .app-figures__value")
        .inner_text()
        .startswith("56")
    )
    assert (
        page.locator(".app-figures__item--shortfall .app-figures__value")
        .inner_text()
        .startswith(f"{473 - 12}")
    )
    pdf_link = page.get_by_role("link", name="Scrutiny report (PDF)")
    assert pdf_link.get_attribute("href").endswith("report.pdf?version=2025-refresh")
