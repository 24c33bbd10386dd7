"""The opportunities' public pages in a real browser: axe on the list and an
opportunity's page (with a published question and answer, and with the
question form's errors) at 1280px and 320px, nothing wider than the screen,
and the pages whole without JavaScript, asking a question among them."""

import pytest
from django.urls import reverse

from eoi.alerts import links
from eoi.models import OpportunityQuestion
from eoi.opportunities import questions
from tests.eoi.opportunities.helpers import commissioner, published_opportunity

from .test_public_pages import DESKTOP, MOBILE_320, OVERFLOWING_ELEMENTS_JS

pytestmark = pytest.mark.django_db(transaction=True)
VIEWPORTS = [
    pytest.param(DESKTOP, id="desktop-1280"),
    pytest.param(MOBILE_320, id="mobile-320"),
]


@pytest.fixture
def opportunities(live_server, strategy_data):
    cora = commissioner()
    open_one = published_opportunity(by=cora, wards=["Castle", "Abbey"])
    asked = questions.question_ask(
        opportunity=open_one, email="asker@example.org", question="Is parking needed?"
    )
    questions.question_answer(question=asked, answer="No: most residents do not drive.", actor=cora)
    questions.question_publish(question=asked, published_question="Is parking needed?", actor=cora)
    published_opportunity(
        by=cora,
        slug="supported-living-tender",
        title="Supported living for people with a learning disability: formal tender",
        route="formal_tender",
        portal_name="East Midlands Tenders (ProContract)",
        portal_url="https://procontract.due-north.com/",
        portal_reference="DN700001",
    )
    return live_server.url, open_one


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_list_and_an_opportunitys_page_pass_axe_and_fit_the_screen(
    page, opportunities, assert_accessible, console_errors
):
    site, opportunity = opportunities
    for url in (reverse("opportunities:list"), opportunity.get_absolute_url()):
        response = page.goto(site + url, wait_until="networkidle")
        assert response.status == 200, url
        assert page.locator("h1").count() == 1
        assert_accessible(page)
        overflowing = page.evaluate(OVERFLOWING_ELEMENTS_JS)
        # The honeypot's field sits in a 1px visually hidden box, clipped:
        # nobody sees it, whatever its width.
        assert [each for each in overflowing if not each.startswith("input#id_comments")] == [], url
    # The question form with its errors.
    page.get_by_role("button", name="Send your question").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_the_pages_work_without_javascript(page, opportunities):
    site, opportunity = opportunities
    page.goto(site + reverse("opportunities:list"))
    page.get_by_role("link", name=opportunity.title).click()
    assert page.locator("h1").inner_text() == opportunity.title
    assert page.get_by_text("Anywhere in the city").count() == 0
    assert page.get_by_text("Abbey, Castle").is_visible()


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_make_an_offer_starts_one_for_the_opportunity_without_javascript(page, opportunities):
    site, opportunity = opportunities
    page.goto(site + opportunity.get_absolute_url())
    page.get_by_role("button", name="Make an offer for this opportunity").click()
    assert page.locator("h1").inner_text() == "Your offer"
    assert page.locator("#opportunity").get_by_role("link", name=opportunity.title).is_visible()


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_asking_a_question_without_javascript(page, opportunities):
    site, opportunity = opportunities
    page.goto(site + opportunity.get_absolute_url())
    assert page.get_by_text("No: most residents do not drive.").is_visible()
    page.get_by_label("Your email address").fill("someone@nowhere")
    page.get_by_label("Your question").fill("Can a scheme be outside the wards?")
    page.get_by_role("button", name="Send your question").click()

    summary = page.locator(".govuk-error-summary")
    assert "correct format" in summary.inner_text()
    assert page.get_by_label("Your question").input_value() == "Can a scheme be outside the wards?"

    page.get_by_label("Your email address").fill("someone@provider.example.org")
    page.get_by_role("button", name="Send your question").click()
    assert "Your question has been sent" in page.locator(".govuk-notification-banner").inner_text()
    assert OpportunityQuestion.objects.filter(email="someone@provider.example.org").exists()


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_alerts_are_asked_for_confirmed_changed_and_stopped_without_javascript(
    page, live_server, strategy_data, settings
):
    """Issue 26: every page works without JavaScript. The confirmation link
    is the one the email carries."""
    import re

    from django.core import mail

    from eoi.models import AlertSubscription

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    site = live_server.url
    page.goto(site + reverse("opportunities:list"))
    page.get_by_role("link", name="Get email alerts about opportunities").click()
    page.get_by_role("button", name="Get email alerts").click()
    assert page.title().startswith("Error: ")  # no address: the error, by the field
    page.get_by_label("Email address").fill("alerts@example.org")
    page.get_by_label("Mental health").check()
    page.get_by_role("button", name="Get email alerts").click()
    assert page.locator("h1").inner_text() == "Check your email"

    (confirmation,) = mail.outbox
    page.goto(re.search(r"https?://\S+/alerts/confirm/\S+/", confirmation.body)[0])
    page.get_by_role("button", name="Confirm email alerts").click()
    assert page.locator("h1").inner_text() == "Your email alerts are confirmed"
    subscription = AlertSubscription.objects.get(email="alerts@example.org")
    assert subscription.is_confirmed and subscription.client_groups == ["mental_health"]

    page.goto(site + reverse("alerts:manage", args=[links.manage_token(subscription)]))
    page.get_by_label("Older people", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    subscription.refresh_from_db()
    assert sorted(subscription.client_groups) == ["mental_health", "older_people"]

    page.goto(site + reverse("alerts:unsubscribe", args=[links.unsubscribe_token(subscription)]))
    assert AlertSubscription.objects.filter(pk=subscription.pk).exists()  # opening it is not enough
    page.get_by_role("button", name="Stop email alerts").click()
    assert page.locator("h1").inner_text() == "You have stopped your email alerts"
    assert not AlertSubscription.objects.filter(pk=subscription.pk).exists()
