"""The commissioner's assessment and possible duplicates in a real browser, at
1280px and 320px: every page passes axe and reflows, a refused form shows its
error summary, and the queue still fits 1280px with its flags under the offer's names."""

import pytest

from eoi.models import Assessment, SiteMatch
from eoi.roles import COMMISSIONERS
from tests.browser.test_staff_pages import (
    DESKTOP,
    MOBILE,
    assert_fits,
    assert_staff_page,
    navigate,
    sign_in,
)
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, strategy_data, settings):
    """Two offers of one site."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff("chris", COMMISSIONERS)
    return live_server.url, submitted_offer(), submitted_offer()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE])
def test_assessing_and_deciding_a_duplicate_pass_axe_and_reflow(
    page, site, viewport, assert_accessible, console_errors
):
    url, first, second = site
    sign_in(page, url, assert_accessible)

    page.goto(f"{url}/admin/eoi/offer/{first.pk}/change/", wait_until="networkidle")
    assert page.get_by_role("heading", name="Possible duplicate").count() == 1
    assert page.get_by_role("link", name=second.reference).count() >= 1
    assert_staff_page(page, assert_accessible, console_errors)

    # The assessment: refused first (nothing chosen), then recorded.
    navigate(page, lambda: page.get_by_role("link", name="Record your assessment").click())
    assert_staff_page(page, assert_accessible, console_errors)
    navigate(page, lambda: page.get_by_role("button", name="Record your assessment").click())
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.title().startswith("Error:")
    assert_staff_page(page, assert_accessible, console_errors)
    for radio in page.locator("input[type=radio][value=agree]").all():
        radio.check()
    page.locator(f"input[name=overall][value={first.recommendation}]").check()
    navigate(page, lambda: page.get_by_role("button", name="Record your assessment").click())
    assert Assessment.objects.filter(offer=first, differs=False).exists()
    assert_staff_page(page, assert_accessible, console_errors)

    navigate(
        page, lambda: page.get_by_role("link", name="Mark whether each is the same site").click()
    )
    assert_staff_page(page, assert_accessible, console_errors)
    page.get_by_label("Yes, the same site").check()
    navigate(page, lambda: page.get_by_role("button", name="Record").click())
    assert SiteMatch.objects.get().resolution == "same"

    for path in [
        "/admin/eoi/offer/?duplicate=possible",
        "/admin/eoi/offer/?assessed=yes",
        "/staff/dashboard/",
    ]:
        response = page.goto(f"{url}{path}", wait_until="networkidle")
        assert response.status == 200, path
        assert_staff_page(page, assert_accessible, console_errors)


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_the_queue_with_flags_still_fits_1280(page, site, viewport, assert_accessible):
    url, first, _second = site
    sign_in(page, url, assert_accessible)
    page.goto(f"{url}/admin/eoi/offer/", wait_until="networkidle")
    flags = page.locator("td.field-organisation_and_scheme").first
    assert "Possible duplicate" in flags.inner_text()
    assert flags.is_visible()
    assert_fits(page)
