"""The honeypot and the "Too many requests" page in a real browser: unseen,
out of the tab order, accessible (leicester_sl/security/abuse.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, strategy_data):
    return live_server.url


def test_the_honeypot_is_neither_seen_nor_reached_with_the_keyboard(
    page, site, assert_accessible, console_errors
):
    page.goto(site + reverse("home"))  # "Start now" is a form there
    # Inside a 1px, clipped box (GOV.UK's visually hidden class).
    box = page.locator("#id_comments").locator("xpath=..").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "() => document.activeElement.id || document.activeElement.textContent.trim()"
            )
        )
        if focused[-1].startswith("Start now"):
            break
    assert focused[-1].startswith("Start now"), focused
    assert "id_comments" not in focused
    assert_accessible(page)
    assert console_errors == []


def test_the_too_many_requests_page_is_accessible(
    page, site, settings, assert_accessible, console_errors
):
    settings.EOI_RATE_LIMITS = {**settings.EOI_RATE_LIMITS, "link": "1/m"}
    page.goto(site + reverse("eoi:status", args=["not-a-token"]))

    response = page.goto(site + reverse("eoi:status", args=["not-a-token"]))

    assert response.status == 429
    assert page.locator("h1").inner_text() == "Too many requests – try again later"
    assert_accessible(page)
    # Only the 404 and the 429 themselves: no CSP violation, no script error.
    assert all("Failed to load resource" in error for error in console_errors)
