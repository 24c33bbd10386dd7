"""Words for providers (issue 14): no page a provider sees says a figure is a
placeholder ("default until", "portal default"), although the shipped data's
sources do; where a page shows screening, its sources are in a "Where these
figures come from" details block, read from the result."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from eoi.offers.links import status_token
from eoi.models import Offer
from eoi.offers.provider_access import sign_in_link_create
from strategy.models import ReferenceValue
from tests.eoi.factories import submitted_offer
from tests.eoi.journey_answers import SUPPORT, answer_all
from tests.eoi.test_check import ANSWERS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

INTERNAL_NOTES = ("default until", "portal default")
ADDRESS = "a.person@example.org"
# A care and support check: the framework hourly rate's shipped source says
# "(default until the council sets Leicester's rate)".
CARE_CHECK = {
    "offer_type": "accommodation_and_support",
    **{k: v for k, v in ANSWERS.items() if k != "offer_type"},
    **{k: v for k, v in SUPPORT.items()},
}


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The shipped reference values, whose sources carry the notes."""


def test_the_shipped_sources_do_carry_the_notes():
    """Else the test below could not fail."""
    sources = " ".join(ReferenceValue.objects.values_list("source", flat=True))
    for note in INTERNAL_NOTES:
        assert note in sources


def _provider_pages(django_capture_on_commit_callbacks) -> dict[str, str]:
    pages: dict[str, str] = {}
    client = Client()

    def get(name, url, data=None, using=client, status=200):
        response = using.get(url, data)
        assert response.status_code == status, (name, url)
        pages[name] = response.content.decode()

    for name in (
        "home",
        "city_needs",
        "planned_and_delivered",
        "existing_provision",
        "rates",
        "accessibility",
        "privacy",
        "check",
    ):
        get(name, reverse(name))
    get("check result", reverse("check"), ANSWERS)
    get("check result with support", reverse("check"), CARE_CHECK)
    get("check errors", reverse("check"), {"offer_type": ""})

    # The offer journey, every step, check answers, confirmation and status.
    provider = Client()
    with django_capture_on_commit_callbacks(execute=True):
        provider.post(reverse("eoi:start"))
        get("tasks", reverse("eoi:tasks"), using=provider)
        for slug in answer_all(provider, "accommodation_and_support"):
            get(f"step {slug}", reverse("eoi:step", args=[slug]), using=provider)
        get("check answers", reverse("eoi:check-answers"), using=provider)
        provider.post(reverse("eoi:check-answers"))
    offer = Offer.objects.get()
    token = status_token(offer)
    get("sent", reverse("eoi:sent", args=[token]))
    get("status", reverse("eoi:status", args=[token]))
    for message in mail.outbox:
        if ADDRESS in message.to:
            pages[f"email {message.subject}"] = message.body + "".join(
                str(content) for content, _type in getattr(message, "alternatives", [])
            )

    # Your offers, signed out and in.
    get("your offers", reverse("your_offers:start"))
    signed_in = Client()
    signed_in.post(reverse("your_offers:sign-in", args=[sign_in_link_create(email=ADDRESS)]))
    get("your offers list", reverse("your_offers:start"), using=signed_in)

    # The error pages.
    get("404", "/no-such-page/", status=404)
    get("403", "/test-errors/403/", status=403)
    get("400", "/test-errors/400/", status=400)
    return pages


def test_no_provider_page_says_a_figure_is_a_default(django_capture_on_commit_callbacks):
    pages = _provider_pages(django_capture_on_commit_callbacks)
    assert any(name.startswith("email ") for name in pages)  # the acknowledgement
    for name, html in pages.items():
        for note in INTERNAL_NOTES:
            assert note not in html, (name, note)


def _sources_block(html: str) -> str:
    match = re.search(
        r'<details class="govuk-details">\s*<summary class="govuk-details__summary">\s*'
        r'<span class="govuk-details__summary-text">Where these figures come from</span>'
        r"(.*?)</details>",
        html,
        re.S,
    )
    assert match, "no 'Where these figures come from' block"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_the_confirmation_page_lists_the_figures_the_screening_used():
    offer = submitted_offer()
    html = Client().get(reverse("eoi:sent", args=[status_token(offer)])).content.decode()
    block = _sources_block(html)
    result = offer.screenings.latest().result
    used = {
        use["key"]: use
        for factor in result["factors"].values()
        for use in factor.get("reference_values", [])
    }
    assert used
    # Example 01: the self-contained benchmark and the UC allowance it used.
    assert (
        "Exempt accommodation rent benchmark: self-contained supported living unit: "
        "£200.00 a week. Council policy value, from 1 April 2025." in block
    )
    assert "Universal Credit standard allowance, single, 25 or over" in block
    assert block.count(". ") >= len(used)


def test_the_sources_are_the_results_not_todays():
    """A value changed after sending: the confirmation still names the one used."""
    offer = submitted_offer()
    ReferenceValue.objects.filter(key="exempt_benchmark_self_contained").update(value="999.00")
    html = Client().get(reverse("eoi:sent", args=[status_token(offer)])).content.decode()
    block = _sources_block(html)
    assert "£200.00 a week" in block and "£999" not in block


def test_the_check_shows_the_sources_without_the_notes():
    html = Client().get(reverse("check"), CARE_CHECK).content.decode()
    block = _sources_block(html)
    assert "Framework hourly rate for care and support: £24.10 an hour." in block
    assert "Homecare Association, average council fee rate 2025/26, from" in block
