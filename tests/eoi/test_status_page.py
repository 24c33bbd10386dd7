"""The provider's status page: history in their words, and answering questions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eoi.triage import services as triage
from eoi.offers.links import status_token
from eoi.roles import COMMISSIONERS
from eoi.triage.statuses import Status
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


@pytest.fixture
def commissioner():
    return staff("chris", COMMISSIONERS)


def status_url(offer):
    return reverse("eoi:status", args=[status_token(offer)])


def asked(offer, commissioner, question="What is the site area?"):
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    triage.information_request(offer=offer, question=question, actor=commissioner)


def test_history_in_the_providers_words(client, commissioner):
    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    triage.offer_note_add(offer=offer, author=commissioner, text="Internal: rang their CEO")

    page = client.get(status_url(offer)).content.decode()

    assert "Offer sent" in page
    assert "Being considered by the commissioning team" in page
    assert "Internal: rang their CEO" not in page
    assert "chris" not in page.lower()


def test_the_provider_answers_a_question_and_the_offer_returns_to_triage(client, commissioner):
    offer = submitted_offer()
    asked(offer, commissioner)
    url = status_url(offer)
    assert "What is the site area?" in client.get(url).content.decode()

    response = client.post(
        url,
        {"answer": "0.7 hectares", "file": SimpleUploadedFile("site.pdf", PDF, "application/pdf")},
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Status.IN_TRIAGE
    assert offer.information_requests.get().answer == "0.7 hectares"
    attachment = offer.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("site.pdf", "application/pdf")
    page = client.get(url).content.decode()
    assert "Your answer: 0.7 hectares" in page
    assert "You answered our question" in page


def test_an_empty_answer_is_refused_next_to_the_field(client, commissioner):
    offer = submitted_offer()
    asked(offer, commissioner)

    response = client.post(status_url(offer), {"answer": "  "})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'href="#id_answer"' in page and "Enter your answer" in page
    offer.refresh_from_db()
    assert offer.status == Status.INFORMATION_REQUESTED


def test_a_file_that_is_not_a_pdf_or_image_is_refused_and_the_answer_kept(client, commissioner):
    offer = submitted_offer()
    asked(offer, commissioner)

    response = client.post(
        status_url(offer),
        {
            "answer": "See plan",
            "file": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )

    page = response.content.decode()
    assert "must be a PDF, PNG or JPEG" in page
    assert "See plan" in page
    assert not offer.attachments.exists()


def test_posting_without_an_open_question_changes_nothing(client):
    offer = submitted_offer()

    response = client.post(status_url(offer), {"answer": "Hello"})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED


def test_decisions_are_explained(client, commissioner):
    declined = submitted_offer(postcode="LE18 4AA", ward=None)
    triage.offer_not_progress(
        offer=declined, actor=commissioner, reason_code="shared_housing", reason="We have enough."
    )
    accepted = submitted_offer()
    triage.offer_transition(offer=accepted, name="start_triage", actor=commissioner)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    triage.offer_accept(offer=accepted, actor=commissioner, allocations=[(line, 12)])

    declined_page = client.get(status_url(declined)).content.decode()
    accepted_page = client.get(status_url(accepted)).content.decode()

    assert "Shared housing: little to no demand" in declined_page
    assert "We have enough." in declined_page
    assert "Leicestershire County Council" in declined_page  # the screening's own words
    # The line by its public name, written for providers.
    assert "12 units for: Step-down homes for people leaving mental health hospital" in (
        accepted_page
    )


def test_a_tampered_token_reveals_nothing(client):
    offer = submitted_offer()
    token = status_token(offer)

    response = client.get(reverse("eoi:status", args=[token[:-2] + "xx"]))

    assert response.status_code == 404
    assert offer.reference not in response.content.decode()
