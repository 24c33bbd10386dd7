"""The offer journey through the Django test client: steps in order, skipped
steps, nothing typed lost, save and come back, links, sending once."""

import json
import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import resolve, reverse

from eoi.offers import journey
from eoi.offers.links import (
    DRAFT_LINK_AGE,
    DRAFT_SALT,
    draft_token,
    offer_reference_from_token,
    status_token,
)
from eoi.models import Offer, OfferDraft
from eoi.offers.document import parse_offer
from eoi.offers.document.answers import document_from_answers
from eoi.offers.services import offer_screen
from tests.eoi.journey_answers import answer_all, answers_for
from tests.support.examples import EXAMPLES_DIR, STEP_DOWN

pytestmark = pytest.mark.django_db

ALL_STEPS = [
    "organisation",
    "contact",
    "offer-type",
    "scheme",
    "configuration",
    "client-groups",
    "rent",
    "support",
    "funding",
    "attachments",
]
EXPECTED_STEPS = {
    "accommodation": [s for s in ALL_STEPS if s != "support"],
    "care_and_support": [
        "organisation",
        "contact",
        "offer-type",
        "client-groups",
        "support",
        "attachments",
    ],
    "accommodation_and_support": ALL_STEPS,
}


def step_url(slug):
    return reverse("eoi:step", args=[slug])


@pytest.fixture
def started(client, strategy_data):
    """A client that has pressed "Start now"."""
    response = client.post(reverse("eoi:start"))
    assert response.status_code == 302
    assert response.url == reverse("eoi:tasks")
    return client


def link_target(url):
    """The page a signed offer link opens and the offer it names. Links are
    compared by these, not as text: the token carries the second it was
    signed, so two links to the same offer made a second apart differ."""
    match = resolve(url)
    return match.view_name, offer_reference_from_token(match.kwargs["token"])


def status_links(page):
    """The targets of the status-page links in an HTML page."""
    prefix = reverse("eoi:status", args=["TOKEN"]).split("TOKEN")[0]
    return {link_target(url) for url in re.findall(re.escape(prefix) + r"[^/\"]+/", page)}


def the_draft(client):
    return OfferDraft.objects.get(pk=client.session["eoi_draft"])


@pytest.mark.parametrize("offer_type", sorted(EXPECTED_STEPS))
def test_the_journey_asks_only_the_steps_the_offer_type_needs(started, offer_type):
    seen = answer_all(started, offer_type)

    assert seen == EXPECTED_STEPS[offer_type]
    page = started.get(reverse("eoi:check-answers"))
    assert page.status_code == 200
    response = started.post(reverse("eoi:check-answers"))
    offer = Offer.objects.get()
    assert link_target(response.url) == ("eoi:sent", offer.reference)
    assert offer.offer_type == offer_type
    assert offer.source == Offer.Source.WEB
    assert offer.screenings.count() == 1


def test_care_and_support_offers_never_see_the_accommodation_pages(started):
    answer_all(started, "care_and_support")

    for slug in ["scheme", "configuration", "rent", "funding"]:
        response = started.get(step_url(slug))
        assert response.status_code == 302, slug
        assert response.url == reverse("eoi:tasks")
    tasks = started.get(reverse("eoi:tasks")).content.decode()
    assert "Landlord, tenancy and rent" not in tasks
    assert "Where the scheme is" not in tasks
    document = document_from_answers(the_draft(started).answers)
    assert "finance" not in document
    assert document["scheme"] == {
        "client_groups": ["mental_health"],
        "residents_have_eligible_care_needs": True,
    }


def test_answers_are_kept_json_safe_by_step(started):
    answer_all(started, "accommodation_and_support")

    answers = the_draft(started).answers
    assert answers["rent"]["weekly_core_rent"] == "150.00"
    assert answers["rent"]["weekly_ineligible_charge"] == "15.00"
    assert answers["funding"]["capital_cost"] == "2400000.00"
    assert answers["scheme"]["expected_available"] == "2027-06"
    assert answers["scheme"]["postcode"] == "LE2 1AA"
    assert answers["configuration"]["communal_space"] is True
    assert answers["support"]["individual_hours_per_person_per_week"] == "10"
    json.dumps(answers)


def test_the_task_list_shows_what_is_done_and_what_cannot_start(started):
    page = started.get(reverse("eoi:tasks")).content.decode()
    assert "You have completed 0 of" in page
    assert "Cannot start yet" in page  # the scheme needs the offer type first
    assert 'href="/offer/check-answers/"' not in page

    answer_all(started, "accommodation")
    page = started.get(reverse("eoi:tasks")).content.decode()
    assert "You have completed 8 of 8 sections." in page
    assert 'href="/offer/check-answers/"' in page


def test_stored_answers_that_no_longer_hold_make_a_step_incomplete(started):
    answer_all(started, "accommodation")
    draft = the_draft(started)
    draft.answers["scheme"]["ward"] = "Not a ward"
    draft.save()

    page = started.get(reverse("eoi:tasks")).content.decode()
    assert "Incomplete" in page
    response = started.post(reverse("eoi:check-answers"))
    assert response.url == step_url("scheme") + "?return=check"
    assert Offer.objects.count() == 0


def test_a_validation_error_keeps_what_was_typed(started):
    started.post(step_url("offer-type"), {"offer_type": "accommodation"})
    typed = {**answers_for("accommodation")["scheme"], "postcode": "not a postcode"}

    response = started.post(step_url("scheme"), {**typed, "continue": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Where the scheme is" in page
    assert "There is a problem" in page
    assert page.count("Enter a real postcode, like LE2 1AA") == 2  # summary and field
    assert 'href="#id_postcode"' in page
    assert 'value="not a postcode"' in page
    assert 'value="Example Court"' in page
    assert 'value="Castle" selected' in page
    assert "scheme" not in the_draft(started).answers


def test_a_page_is_prefilled_from_the_draft(started):
    answer_all(started, "accommodation")

    page = started.get(step_url("scheme")).content.decode()

    assert 'value="LE2 1AA"' in page
    assert re.search(r'name="expected_available_0"[^>]* value="6"', page)
    assert re.search(r'name="expected_available_1"[^>]* value="2027"', page)
    assert 'value="planning_granted" checked' in page


def test_change_from_check_answers_comes_back_to_check_answers(started):
    answer_all(started, "accommodation")

    page = started.get(reverse("eoi:check-answers")).content.decode()
    assert 'href="/offer/rent/?return=check"' in page
    response = started.post(
        step_url("rent") + "?return=check",
        {**answers_for("accommodation")["rent"], "weekly_core_rent": "160"},
    )
    assert response.url == reverse("eoi:check-answers")
    assert "£160.00 a week" in started.get(reverse("eoi:check-answers")).content.decode()


def test_changing_the_offer_type_from_check_answers_asks_the_new_questions(started):
    answer_all(started, "accommodation")

    response = started.post(
        step_url("offer-type") + "?return=check",
        {"offer_type": "accommodation_and_support"},
    )

    assert response.url == step_url("support") + "?return=check"


def test_views_without_a_draft_go_to_the_home_page_the_one_start_page(client, strategy_data):
    for url in [
        reverse("eoi:tasks"),
        step_url("organisation"),
        reverse("eoi:check-answers"),
        reverse("eoi:save"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("home")


def test_an_unknown_step_is_not_found(started):
    assert started.get(step_url("nonsense")).status_code == 404


# --------------------------------------------------------------------------
# Save and come back later
# --------------------------------------------------------------------------


def test_save_and_come_back_emails_a_link_that_resumes_in_a_fresh_browser(
    started, django_capture_on_commit_callbacks
):
    answers = answers_for("accommodation")
    for slug in ["organisation", "contact", "offer-type"]:
        started.post(step_url(slug), {**answers[slug], "continue": ""})

    response = started.post(step_url("scheme"), {**answers["scheme"], "save_and_exit": ""})
    assert response.url == reverse("eoi:save")
    page = started.get(reverse("eoi:save")).content.decode()
    assert 'value="a.person@example.org"' in page  # the contact step's address
    with django_capture_on_commit_callbacks(execute=True):
        response = started.post(reverse("eoi:save"), {"email": "someone@example.org"})
    assert response.url == reverse("eoi:save-sent")
    sent_page = started.get(response.url).content.decode()
    assert "someone@example.org" in sent_page

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Your draft offer of supported accommodation"
    assert email.to == ["someone@example.org"]
    # Built from PORTAL_BASE_URL, never the request's host.
    link = re.search(re.escape(settings.PORTAL_BASE_URL) + r"(/offer/resume/\S+/)", email.body)[1]

    fresh = Client()
    response = fresh.get(link)
    assert response.url == reverse("eoi:tasks")
    page = fresh.get(step_url("scheme")).content.decode()
    assert 'value="Example Court"' in page


def test_save_and_come_back_with_errors_saves_nothing_but_keeps_the_page(started):
    started.post(step_url("offer-type"), {"offer_type": "accommodation"})
    typed = {**answers_for("accommodation")["scheme"], "postcode": "ZZ"}

    response = started.post(step_url("scheme"), {**typed, "save_and_exit": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not save this page" in page
    assert 'value="Example Court"' in page
    assert "scheme" not in the_draft(started).answers


def test_an_expired_resume_link_is_refused(started):
    draft = the_draft(started)
    long_ago = time.time() - DRAFT_LINK_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = draft_token(draft)

    response = Client().get(reverse("eoi:resume", args=[token]))

    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()


def test_a_tampered_resume_link_is_refused(started):
    draft = the_draft(started)
    other = OfferDraft.objects.create()
    token = draft_token(draft).replace(str(draft.pk), str(other.pk))

    fresh = Client()
    response = fresh.get(reverse("eoi:resume", args=[token]))

    assert response.status_code == 404
    assert "eoi_draft" not in fresh.session


def test_a_resume_link_for_a_sent_offer_goes_to_its_status_page(started):
    answer_all(started, "accommodation")
    draft = the_draft(started)
    started.post(reverse("eoi:check-answers"))

    response = Client().get(reverse("eoi:resume", args=[draft_token(draft)]))

    assert link_target(response.url) == ("eoi:status", Offer.objects.get().reference)


# --------------------------------------------------------------------------
# Sending
# --------------------------------------------------------------------------


def test_sending_twice_makes_one_offer_and_shows_the_same_confirmation(started):
    answer_all(started, "accommodation")
    draft = the_draft(started)

    first = started.post(reverse("eoi:check-answers"))
    # The back button and send again: the draft has left the session.
    again = started.post(reverse("eoi:check-answers"))
    # A double click: the second request still had the draft in its session.
    session = started.session
    session["eoi_draft"] = str(draft.pk)
    session.save()
    double = started.post(reverse("eoi:check-answers"))

    assert Offer.objects.count() == 1
    assert link_target(first.url) == link_target(again.url) == link_target(double.url)
    assert "eoi_draft" not in started.session


def test_the_confirmation_explains_the_screening(started):
    answer_all(started, "accommodation")
    response = started.post(reverse("eoi:check-answers"), follow=True)

    page = response.content.decode()
    offer = Offer.objects.get()
    assert "Offer sent" in page
    assert offer.reference in page
    assert "What meets the strategy" in page
    assert "Rent level and housing benefit" in page
    assert "This offer fits the strategy." in page
    assert status_links(page) == {("eoi:status", offer.reference)}


def test_a_web_offer_is_screened_like_the_same_document(started):
    example = json.loads((EXAMPLES_DIR / STEP_DOWN).read_text())
    answer_all(started, "accommodation")
    started.post(reverse("eoi:check-answers"))

    offer = Offer.objects.get()
    expected = offer_screen(document=parse_offer(example["offer"])).to_dict()
    assert offer.screenings.latest().result == expected
    assert expected["overall"] == example["expect"]["overall"]


def test_the_document_from_web_answers_is_the_example(started):
    example = json.loads((EXAMPLES_DIR / STEP_DOWN).read_text())
    answer_all(started, "accommodation")

    document = document_from_answers(the_draft(started).answers)

    assert parse_offer(document) == parse_offer(example["offer"])


def test_the_status_page_shows_the_offer(started):
    answer_all(started, "accommodation")
    started.post(reverse("eoi:check-answers"))
    offer = Offer.objects.get()

    page = Client().get(reverse("eoi:status", args=[status_token(offer)])).content.decode()

    assert offer.reference in page
    assert "Example Court" in page
    assert "Example Housing Association" in page
    assert "Sent: waiting for the commissioning team to read it" in page
    assert "Offer sent" in page


@pytest.mark.parametrize("view", ["eoi:status", "eoi:sent"])
def test_a_bad_status_link_is_not_found_and_reveals_nothing(started, view):
    answer_all(started, "accommodation")
    draft = the_draft(started)
    started.post(reverse("eoi:check-answers"))
    offer = Offer.objects.get()
    token = status_token(offer)
    tampered = token.replace(offer.reference, "EOI-2026-9999")
    signer = signing.TimestampSigner(salt=DRAFT_SALT)
    other_kind = signer.sign(offer.reference)  # signed, but for something else

    for bad in [tampered, other_kind, draft_token(draft), "nonsense"]:
        response = Client().get(reverse(view, args=[bad]))
        page = response.content.decode()
        assert response.status_code == 404
        assert "Page not found" in page
        assert "EOI-" not in page


# --------------------------------------------------------------------------
# The steps as data
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, slug",
    [
        ("organisation", "organisation"),
        ("contact.email", "contact"),
        ("offer_type", "offer-type"),
        ("scheme.units", "configuration"),
        ("scheme.client_groups[0]", "client-groups"),
        ("finance.capital_cost", "funding"),
        ("support.hourly_rate", "support"),
        ("notes", "attachments"),
    ],
)
def test_a_document_path_leads_back_to_its_step(path, slug):
    answers = {"offer-type": {"offer_type": "accommodation_and_support"}}
    assert journey.step_for_path(path, answers).slug == slug


def test_before_the_offer_type_is_known_the_offer_steps_cannot_start():
    scheme = journey.step_named("scheme")
    assert journey.step_status(scheme, {}) is journey.Status.CANNOT_START
    assert journey.step_status(scheme, {"offer-type": {}}) is journey.Status.NOT_STARTED


def test_after_the_last_step_comes_check_answers_or_the_task_list():
    last = journey.STEPS[-1]
    assert journey.after(last, {}) == journey.TASK_LIST
    assert journey.back(journey.STEPS[0], {}) == journey.TASK_LIST
    assert journey.back(last, {}, returning=True) == journey.CHECK_ANSWERS
