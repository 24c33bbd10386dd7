"""A commissioner works an offer in the admin queue and a provider answers a
question from their status page, in a real browser."""

import pytest

from eoi.offers.links import status_token
from eoi.roles import COMMISSIONERS
from eoi.triage.statuses import Status
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"


@pytest.fixture
def site(live_server, strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return live_server.url


def navigate(page, action):
    with page.expect_navigation(wait_until="networkidle"):
        action()


def test_commissioner_requests_information_provider_answers_and_offer_is_accepted(
    page, site, assert_accessible
):
    offer = submitted_offer()
    other = submitted_offer(client_groups=["older_people"], configuration="extra_care")
    staff("chris", COMMISSIONERS)

    # The commissioner signs in and filters the queue.
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "chris")
    page.fill("#id_password", PASSWORD)
    navigate(page, lambda: page.click("input[type=submit]"))
    page.goto(f"{site}/admin/eoi/offer/")
    assert page.get_by_role("link", name=other.reference).is_visible()
    navigate(page, lambda: page.get_by_role("link", name="Mental health", exact=True).click())
    assert page.get_by_role("link", name=offer.reference).is_visible()
    assert page.get_by_role("link", name=other.reference).count() == 0

    # Start triage, then ask a question.
    navigate(page, lambda: page.get_by_role("link", name=offer.reference).click())
    navigate(page, lambda: page.get_by_role("link", name="Start triage").click())
    navigate(
        page, lambda: page.get_by_role("button", name=f"Start triage: {offer.reference}").click()
    )
    navigate(page, lambda: page.get_by_role("link", name="Request information").click())
    page.fill("textarea[name=question]", "What is the site area in hectares?")
    navigate(
        page,
        lambda: page.get_by_role("button", name=f"Request information: {offer.reference}").click(),
    )
    offer.refresh_from_db()
    assert offer.status == Status.INFORMATION_REQUESTED

    # The provider answers on their status page (a new browser context).
    provider = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    provider_page = provider.new_page()
    status_url = f"{site}/offer/status/{status_token(offer)}/"
    provider_page.goto(status_url, wait_until="networkidle")
    assert provider_page.locator(
        ".govuk-inset-text", has_text="What is the site area in hectares?"
    ).is_visible()
    assert_accessible(provider_page)
    navigate(
        provider_page, lambda: provider_page.get_by_role("button", name="Send your answer").click()
    )
    assert provider_page.title().startswith("Error:")
    assert_accessible(provider_page)
    provider_page.fill("textarea[name=answer]", "0.7 hectares")
    navigate(
        provider_page, lambda: provider_page.get_by_role("button", name="Send your answer").click()
    )
    assert provider_page.get_by_text("Thank you: we have your answer.").is_visible()
    assert_accessible(provider_page)
    offer.refresh_from_db()
    assert offer.status == Status.IN_TRIAGE

    # Back in the queue, the commissioner accepts the offer into the pipeline.
    navigate(page, lambda: page.goto(f"{site}/admin/eoi/offer/{offer.pk}/change/"))
    assert page.get_by_text("0.7 hectares").first.is_visible()
    navigate(page, lambda: page.get_by_role("link", name="Accept into pipeline").click())
    navigate(
        page,
        lambda: page.get_by_role("button", name=f"Accept into pipeline: {offer.reference}").click(),
    )
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED
    assert offer.acceptances.get().units == 12

    # The provider sees the decision; the home page counts the units at once.
    provider_page.goto(status_url, wait_until="networkidle")
    assert provider_page.get_by_text("Accepted into the development pipeline").first.is_visible()
    page.goto(f"{site}/", wait_until="networkidle")
    # 551 needed − 56 delivered − 22 firm − these 12 accepted (strategy-data.md §4a).
    still_to_find = page.locator(".app-current-position li").nth(1).inner_text()
    assert still_to_find == "461 homes are still to find."
    provider.close()
