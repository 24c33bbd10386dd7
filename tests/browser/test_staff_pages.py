"""The staff side in a real browser, at 1280px and at 320px: every page a
commissioner uses passes axe, reflows, and carries the council's header; the
queue fits 1280px; a new offer leads with its decision."""

import re

import pytest

from eoi.triage import services as triage
from eoi.roles import COMMISSIONERS
from eoi.triage.statuses import Status
from strategy.models import DemandLine
from tests.browser.test_public_pages import OVERFLOWING_ELEMENTS_JS
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"
DESKTOP = pytest.param({"width": 1280, "height": 900}, id="desktop-1280")
MOBILE = pytest.param({"width": 320, "height": 800}, id="mobile-320")
# A stored code where a label belongs: snake_case words, or a JSON list.
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\[\"")


@pytest.fixture
def site(live_server, strategy_data, settings):
    """A new offer, and an offer accepted straight from "Submitted" (the
    client group and funding sources the issue saw shown as raw codes)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chris = staff("chris", COMMISSIONERS)
    new = submitted_offer()
    accepted = submitted_offer(client_groups=["learning_disability_autism"])
    line = DemandLine.objects.filter(group__version__slug="2021-plan").first()
    triage.offer_accept(offer=accepted, actor=chris, allocations=[(line, 4)])
    return live_server.url, new, accepted


def navigate(page, action):
    with page.expect_navigation(wait_until="networkidle"):
        action()


def assert_fits(page):
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, page.evaluate(OVERFLOWING_ELEMENTS_JS)


def assert_staff_page(page, assert_accessible, console_errors=None):
    """One h1, the council's header, no axe violation, no sideways scroll, and
    (before axe runs: axe itself trips the CSP on some pages) no console error."""
    if console_errors is not None:
        assert console_errors == [], page.url
    assert page.locator("h1").count() == 1, page.url
    header = page.locator(".app-council-header")
    assert header.inner_text().strip() == "Leicester City Council"
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(11, 12, 12)"
    assert "arial" in page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily").lower()
    assert_accessible(page)
    assert_fits(page)
    if console_errors is not None:
        console_errors.clear()


def sign_in(page, url, assert_accessible):
    page.goto(f"{url}/admin/login/", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Sign in to the staff side"
    assert_staff_page(page, assert_accessible)
    page.fill("#id_username", "chris")
    page.fill("#id_password", PASSWORD)
    navigate(page, lambda: page.get_by_role("button", name="Log in").click())


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE])
def test_every_staff_page_passes_axe_and_reflows(
    page, site, viewport, assert_accessible, console_errors
):
    url, new, accepted = site
    sign_in(page, url, assert_accessible)

    for path in [
        "/admin/",
        "/admin/eoi/offer/",
        f"/admin/eoi/offer/{new.pk}/change/",
        f"/admin/eoi/offer/{new.pk}/transition/request_information/",
        f"/admin/eoi/offer/{new.pk}/transition/arrange_meeting/",
        f"/admin/eoi/offer/{new.pk}/transition/not_progress/",
        f"/admin/eoi/offer/{new.pk}/assessment/",
        f"/admin/eoi/offer/{new.pk}/correct/",
        f"/admin/eoi/offer/{new.pk}/correct/scheme.units/",
        f"/admin/eoi/offer/{accepted.pk}/change/",
        "/admin/two-factor/",
        "/staff/dashboard/",
    ]:
        response = page.goto(f"{url}{path}", wait_until="networkidle")
        assert response.status == 200, path
        assert_staff_page(page, assert_accessible, console_errors)

    # Turning on two-step verification: the QR code fits the screen whole.
    page.goto(f"{url}/admin/two-factor/", wait_until="networkidle")
    navigate(page, lambda: page.get_by_role("button", name="Turn on two-step verification").click())
    assert_staff_page(page, assert_accessible, console_errors)
    qr = page.get_by_role("img", name=re.compile("QR code"))
    box = qr.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["width"] >= 160  # still large enough to scan


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_the_queue_shows_priority_status_age_and_assignee_at_1280(page, site, assert_accessible):
    url, new, accepted = site
    sign_in(page, url, assert_accessible)
    page.goto(f"{url}/admin/eoi/offer/", wait_until="networkidle")

    results = page.locator("#changelist .results").bounding_box()
    visible_right = min(results["x"] + results["width"], 1280)
    for name in ["Reference", "Priority", "Status", "Assigned to", "In status for", "Due"]:
        box = page.locator("#result_list thead th", has_text=name).first.bounding_box()
        assert box["x"] + box["width"] <= visible_right + 0.5, name
    assert page.evaluate(
        "el => el.scrollWidth <= el.clientWidth",
        page.locator("#changelist .results").element_handle(),
    )


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE])
def test_a_new_offer_leads_with_its_decision_and_acts_in_one_step(
    page, site, viewport, assert_accessible
):
    url, new, accepted = site
    sign_in(page, url, assert_accessible)
    page.goto(f"{url}/admin/eoi/offer/{new.pk}/change/", wait_until="networkidle")

    actions = page.locator(".app-actions a")
    assert actions.all_inner_texts() == [
        "Accept into pipeline",
        "Request information",
        "Arrange a meeting",
        "Start triage",
        "Record withdrawal",
        "Do not progress",
    ]
    heading = page.locator("h1").bounding_box()
    first_action = actions.first.bounding_box()
    assert heading["y"] + heading["height"] <= first_action["y"]  # never over the heading
    answers = page.get_by_role("heading", name="The provider’s answers").bounding_box()
    assert actions.last.bounding_box()["y"] < answers["y"]
    assert (
        page.locator(
            "#offer_form input[name^='scheme_'], #offer_form textarea[name^='scheme_']"
        ).count()
        == 0
    )

    navigate(page, lambda: actions.get_by_text("Request information").click())
    page.fill("textarea[name=question]", "What is the site area in hectares?")
    navigate(
        page,
        lambda: page.get_by_role("button", name=f"Request information: {new.reference}").click(),
    )
    new.refresh_from_db()
    assert new.status == Status.INFORMATION_REQUESTED
    history = page.locator("#status_changes-group tbody tr").all_inner_texts()
    assert [row for row in history if "In triage" in row and "Started implicitly" in row]


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_an_accepted_offer_shows_labels_not_codes(page, site, assert_accessible):
    url, new, accepted = site
    sign_in(page, url, assert_accessible)
    page.goto(f"{url}/admin/eoi/offer/{accepted.pk}/change/", wait_until="networkidle")

    text = page.locator("#content").inner_text()
    assert "Learning disability and autism" in text
    assert page.locator(".app-actions").count() == 0  # decided: nothing left to do
    assert RAW_CODE.findall(text) == []


def test_the_dashboard_and_the_admin_share_one_header(page, site, assert_accessible):
    url, new, accepted = site
    sign_in(page, url, assert_accessible)

    def header_links():
        return page.locator("header .govuk-service-navigation__item").all_inner_texts()

    page.goto(f"{url}/admin/", wait_until="networkidle")
    in_admin = header_links()
    page.goto(f"{url}/staff/dashboard/", wait_until="networkidle")
    assert header_links() == in_admin
    assert in_admin[-1].startswith("Sign out")
    navigate(page, lambda: page.get_by_role("button", name=re.compile("^Sign out")).click())
    page.goto(f"{url}/staff/dashboard/", wait_until="networkidle")
    assert "/admin/login/" in page.url
