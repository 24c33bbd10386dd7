"""Issue 26's "Done when", in a real browser: a commissioner publishes an
opportunity for the re-opened extra care line; a subscriber to older people
gets the email; a provider asks a question, the answer is published and
subscribers are told; the provider makes an offer for the opportunity from
its page; the queue shows it against the opportunity; the subscriber
unsubscribes with one click and gets nothing more. axe finds nothing on any
page on the way."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from eoi.alerts.sending import alerts_send
from eoi.models import AlertSubscription, Offer, Opportunity, OpportunityQuestion
from eoi.roles import COMMISSIONERS
from strategy.models import DemandLine
from strategy.selectors import forecast_version_current
from tests.eoi.factories import staff
from tests.eoi.opportunities.helpers import published_opportunity

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"
SUBSCRIBER = "alerts@example.org"
PROVIDER = "bids@example.org"
QUESTION = "Example Homes Ltd here: will the council nominate to all 155 homes?"
PUBLISHED = "Will the council nominate to all 155 homes?"
ANSWER = "To all of them, through the extra care panel."
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


def link_in(message, path: str) -> str:
    return re.search(r"https?://\S+" + re.escape(path) + r"\S+/", message.body)[0]


def subscriber_asks_for_alerts_about_older_people(page, site, assert_accessible):
    navigate(page, lambda: page.goto(site + reverse("opportunities:list")))
    navigate(
        page, lambda: page.get_by_role("link", name="Get email alerts about opportunities").click()
    )
    assert heading(page) == "Get email alerts about opportunities"
    assert_accessible(page)
    page.get_by_label("Email address").fill(SUBSCRIBER)
    page.get_by_label("Older people", exact=True).check()
    press(page, "Get email alerts")
    assert_accessible(page)
    assert not AlertSubscription.objects.get(email=SUBSCRIBER).is_confirmed

    # Nothing is sent until the address is confirmed, by the emailed link.
    (confirmation,) = sent_to(SUBSCRIBER)
    navigate(page, lambda: page.goto(link_in(confirmation, "/alerts/confirm/")))
    assert_accessible(page)
    press(page, "Confirm email alerts")
    assert_accessible(page)
    assert AlertSubscription.objects.get(email=SUBSCRIBER).is_confirmed


def provider_asks_a_question(page, site, opportunity, assert_accessible):
    navigate(page, lambda: page.goto(site + opportunity.get_absolute_url()))
    assert_accessible(page)
    page.get_by_label("Your email address").fill(PROVIDER)
    page.get_by_label("Your question").fill(QUESTION)
    press(page, "Send your question")
    assert page.locator(".govuk-notification-banner").count() == 1
    assert_accessible(page)


def commissioner_answers_and_publishes(page, site, assert_accessible):
    question = OpportunityQuestion.objects.get(question=QUESTION)
    navigate(page, lambda: page.goto(site + reverse("admin:eoi_opportunityquestion_changelist")))
    assert_accessible(page)
    change = reverse("admin:eoi_opportunityquestion_change", args=[question.pk])
    navigate(page, lambda: page.goto(site + change))
    assert_accessible(page)
    page.locator("#id_answer").fill(ANSWER)
    # Published in the commissioner's words, from the provider's, without who asked.
    wording = page.locator("#id_published_question")
    assert wording.input_value() == QUESTION
    wording.fill(PUBLISHED)
    press(page, "Save and publish on the opportunity's page")
    question.refresh_from_db()
    assert question.is_published and question.answer == ANSWER


def test_an_opportunity_from_publication_to_an_offer_and_an_unsubscribe(
    browser, page, site, assert_accessible
):
    # Errors in the console of the public's pages (a blocked script or style
    # among them). Not the staff's: on the admin's forms axe reads the
    # @import in forms.css by putting the stylesheet inline, which the
    # policy rightly blocks.
    console_errors = []

    def new_page():
        public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        public.on(
            "console",
            lambda m: m.type == "error" and console_errors.append(f"{public.url}: {m.text}"),
        )
        public.on("pageerror", lambda error: console_errors.append(f"{public.url}: {error}"))
        return public

    subscriber, provider = new_page(), new_page()
    subscriber_asks_for_alerts_about_older_people(subscriber, site, assert_accessible)

    # The commissioner publishes the opportunity; the subscriber is told.
    staff("cora", COMMISSIONERS)
    sign_in(page, site, "cora")
    opportunity = commissioner_publishes_the_opportunity(page, site, assert_accessible)
    confirmation, alert = sent_to(SUBSCRIBER)
    assert opportunity.title in alert.subject
    assert site + opportunity.get_absolute_url() in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<https?://\S+/alerts/unsubscribe/\S+/>", alert.extra_headers["List-Unsubscribe"]
    )

    # A provider asks a question; the answer goes to them, and once published
    # it is on the page, without who asked, and subscribers are told.
    provider_asks_a_question(provider, site, opportunity, assert_accessible)
    commissioner_answers_and_publishes(page, site, assert_accessible)
    (answer,) = [m for m in sent_to(PROVIDER) if ANSWER in m.body]
    *_, answer_alert = sent_to(SUBSCRIBER)
    assert answer_alert is not alert and opportunity.title in answer_alert.subject
    assert PUBLISHED in answer_alert.body and ANSWER in answer_alert.body
    assert "Example Homes" not in answer_alert.body and PROVIDER not in answer_alert.body
    navigate(provider, lambda: provider.goto(site + opportunity.get_absolute_url()))
    questions = provider.locator("main").inner_text()
    assert PUBLISHED in questions and ANSWER in questions
    assert "Example Homes" not in questions and PROVIDER not in questions
    assert_accessible(provider)

    # The provider makes an offer for it from its page; the queue, filtered
    # to the opportunity, shows the offer against it.
    offer = provider_makes_an_offer(provider, site, opportunity, assert_accessible)
    queue = reverse("admin:eoi_offer_changelist") + f"?opportunity__id__exact={opportunity.pk}"
    navigate(page, lambda: page.goto(site + queue))
    assert_accessible(page)
    row = page.locator("#result_list tbody tr", has_text=offer.reference)
    assert row.count() == 1
    assert opportunity.title[:20] in row.inner_text()
    chosen = page.locator("#changelist-filter .selected", has_text=opportunity.title)
    assert chosen.count() == 1

    # The subscriber's mail program unsubscribes with one click (RFC 8058:
    # a POST to the List-Unsubscribe address, no page, no cookie)...
    unsubscribe = answer_alert.extra_headers["List-Unsubscribe"].strip("<>")
    response = browser.new_context().request.post(
        unsubscribe,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert not AlertSubscription.objects.filter(email=SUBSCRIBER).exists()

    # ...and gets nothing more: not of a new opportunity for older people,
    # nor when the alert job runs again.
    told = len(sent_to(SUBSCRIBER))
    published_opportunity(slug="more-extra-care", lines=[reopened_extra_care_line()])
    alerts_send()
    assert len(sent_to(SUBSCRIBER)) == told
    assert console_errors == [], "\n".join(console_errors)
