"""A provider changes a sent offer from Your offers until triage starts: the
answers reopen, the offer is screened again when sent, and the history keeps
both versions."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from eoi.triage import services as triage
from eoi.offers.links import status_token
from eoi.models import Offer, OfferDraft, Screening
from eoi.roles import COMMISSIONERS
from eoi.triage.statuses import Status
from tests.eoi.factories import staff
from tests.eoi.journey_answers import CONTACT, answer_all

pytestmark = pytest.mark.django_db
ADDRESS = CONTACT["email"]
# On the portal's address (PORTAL_BASE_URL), not the test client's host.
LINK = re.compile(re.escape(settings.PORTAL_BASE_URL) + r"(/your-offers/sign-in/[^/\s]+/)")


@pytest.fixture(autouse=True)
def strategy_data(db):
    """Every test here reads the strategy's data (loaded once a run, tests/conftest.py)."""


@pytest.fixture
def client(django_capture_on_commit_callbacks):
    """A provider who sent an offer on the web, then signed in to Your offers."""
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eoi:start"))
        answer_all(client, "accommodation")
        client.post(reverse("eoi:check-answers"))
        client.post("/your-offers/", {"email": ADDRESS})
    client.post(LINK.search(mail.outbox[-1].body).group(1))
    return client


def change_units(client, offer, units):
    response = client.post(reverse("your_offers:change", args=[offer.reference]))
    assert response.url == reverse("eoi:check-answers")
    step = reverse("eoi:step", args=["configuration"])
    form = {
        "configuration": "self_contained_core_and_cluster",
        "units": str(units),
        "bedrooms_per_unit": "1",
        "shared_house_bedrooms": "",
        "communal_space": "yes",
        "staff_office": "yes",
        "wheelchair_accessible_units": "2",
        "fully_adapted_units": "1",
        "continue": "",
    }
    assert client.post(f"{step}?return=check", form).status_code == 302
    return client.post(reverse("eoi:check-answers"))


def test_changing_before_triage_rewrites_and_rescreens_the_offer(client):
    offer = Offer.objects.get()
    assert offer.scheme_units == 12

    response = change_units(client, offer, 20)

    assert response.url == reverse("eoi:sent", args=[status_token(offer)])
    offer.refresh_from_db()
    assert offer.scheme_units == 20
    assert Offer.objects.count() == 1  # the same offer, not a new one
    assert [s.trigger for s in offer.screenings.order_by("created_at", "pk")] == [
        Screening.Trigger.SUBMISSION,
        Screening.Trigger.CHANGE,
    ]
    # Both versions are kept.
    assert [h.scheme_units for h in offer.history.order_by("history_date")][:1] == [12]
    assert offer.history.first().scheme_units == 20
    status_page = client.get(reverse("eoi:status", args=[status_token(offer)])).content.decode()
    assert "You changed your offer" in status_page
    # The commissioner reads what changed in the offer's history.
    assert offer.status_changes.last().reason.endswith("Changed: units: 12 → 20")
    # The answers as sent are what the next change starts from.
    assert offer.draft.answers["configuration"]["units"] == 20
    assert not OfferDraft.objects.filter(amends_offer=offer).exists()


def test_no_change_once_triage_has_started(client):
    offer = Offer.objects.get()
    triage.offer_transition(offer=offer, name="start_triage", actor=staff("chris", COMMISSIONERS))

    assert "Change this offer" not in client.get("/your-offers/").content.decode()
    response = client.post(reverse("your_offers:change", args=[offer.reference]))
    assert response.url == "/your-offers/"
    assert not OfferDraft.objects.filter(amends_offer=offer).exists()


def test_a_change_sent_after_triage_started_is_refused_and_kept(client):
    offer = Offer.objects.get()
    client.post(reverse("your_offers:change", args=[offer.reference]))
    triage.offer_transition(offer=offer, name="start_triage", actor=staff("chris", COMMISSIONERS))

    response = client.post(reverse("eoi:check-answers"))

    assert response.url == "/your-offers/"
    offer.refresh_from_db()
    assert offer.status == Status.IN_TRIAGE and offer.screenings.count() == 1
    assert OfferDraft.objects.filter(amends_offer=offer).exists()  # nothing typed is lost


def test_another_address_cannot_change_the_offer(client):
    offer = Offer.objects.get()
    Offer.objects.filter(pk=offer.pk).update(contact_email="other@example.org")
    assert client.post(reverse("your_offers:change", args=[offer.reference])).status_code == 404


# --------------------------------------------------------------------------
# Tell us about a change (after triage has started)
# --------------------------------------------------------------------------


def test_after_triage_the_provider_tells_us_about_a_change(
    client, django_capture_on_commit_callbacks
):
    offer = Offer.objects.get()
    commissioner = staff("chris", COMMISSIONERS)
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    url = reverse("your_offers:tell-us", args=[offer.reference])
    assert url in client.get("/your-offers/").content.decode()

    page = client.post(url, {"text": ""}).content.decode()
    assert '<a href="#id_text">Enter what has changed' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Completion moves to March 2028\r\n<b>sorry</b>"})

    assert response.url == "/your-offers/"
    message = offer.provider_messages.get()
    assert message.text == "Completion moves to March 2028\r\n<b>sorry</b>"
    team = [m for m in mail.outbox if m.to == ["caas.carehomes@leicester.gov.uk"]]
    assert len(team) == 1 and "a change from the provider" in team[0].subject
    # The commissioner sees it on the offer.
    admin = get_user_model().objects.create_superuser(
        "admin", "a@example.org", "a-long-test-password"
    )
    staff_client = Client()
    staff_client.force_login(admin)
    offer_page = staff_client.get(
        reverse("admin:eoi_offer_change", args=[offer.pk])
    ).content.decode()
    assert "Completion moves to March 2028" in offer_page
    assert "<b>sorry</b>" not in offer_page


def test_before_triage_the_provider_changes_the_offer_instead(client):
    offer = Offer.objects.get()
    url = reverse("your_offers:tell-us", args=[offer.reference])
    assert url not in client.get("/your-offers/").content.decode()
    assert client.post(url, {"text": "A change"}).url == "/your-offers/"
    assert not offer.provider_messages.exists()
