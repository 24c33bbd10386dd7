"""Milestones in "Your offers" and the commissioner's confirmation in the
staff pages (issue 24): who may change what, GOV.UK errors, nothing half-saved."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from eoi.models import Milestone, Offer
from eoi.offers.provider_access import SESSION_EMAIL_KEY
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage import milestones
from eoi.triage import services as triage
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
ADDRESS = "offers@example.org"
K = Milestone.Kind


@pytest.fixture
def commissioner(strategy_data):
    return staff("chris", COMMISSIONERS)


@pytest.fixture
def offer(commissioner):
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email=ADDRESS)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, 12)])
    offer.refresh_from_db()
    return offer


def provider(email=ADDRESS) -> Client:
    client = Client()
    session = client.session
    session[SESSION_EMAIL_KEY] = email
    session.save()
    return client


def url(offer, kind="", action=""):
    base = f"/your-offers/{offer.reference}/milestones/"
    return f"{base}{kind}/{action}/" if kind else base


def date_fields(name, day: datetime.date | None = None, parts=None):
    parts = parts or (str(day.day), str(day.month), str(day.year))
    return {f"{name}_0": parts[0], f"{name}_1": parts[1], f"{name}_2": parts[2]}


def test_your_offers_links_an_accepted_offer_to_its_milestones(offer):
    client = provider()
    page = client.get("/your-offers/").content.decode()
    assert url(offer) in page
    listed = client.get(url(offer)).content.decode()
    for label in ("Planning permission", "Start on site", "Practical completion", "Homes let"):
        assert label in listed


def test_the_provider_moves_a_forecast_with_a_reason(offer):
    client = provider()
    response = client.post(
        url(offer, K.PRACTICAL_COMPLETION, "forecast"),
        {**date_fields("forecast", datetime.date(2027, 12, 1)), "reason": "Steel delayed"},
    )
    assert response.status_code == 302
    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    assert completion.current_forecast == datetime.date(2027, 12, 1)
    assert completion.original_forecast == datetime.date(2027, 6, 30)
    assert completion.forecast_reason == "Steel delayed"
    page = client.get(url(offer)).content.decode()
    assert "Slipped" in page  # five months later than forecast at acceptance


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "x"}, "Enter the new forecast date"),
        ({**date_fields("forecast", parts=("31", "2", "2027")), "reason": "x"}, "real date"),
        ({**date_fields("forecast", parts=("1", "", "2027")), "reason": "x"}, "include a month"),
        ({**date_fields("forecast", parts=("1", "2", "27")), "reason": "x"}, "real date"),
        ({**date_fields("forecast", datetime.date(2027, 1, 1)), "reason": ""}, "Enter why"),
        ({**date_fields("forecast", datetime.date(2027, 1, 1)), "reason": "a\r\nb"}, "reason"),
        ({**date_fields("forecast", datetime.date(2027, 1, 1)), "reason": "y" * 301}, "300"),
    ],
)
def test_bad_input_is_shown_by_the_field_and_in_the_summary(offer, data, message):
    client = provider()
    response = client.post(url(offer, K.START_ON_SITE, "forecast"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page and message in page
    start = offer.milestones.get(kind=K.START_ON_SITE)
    assert start.current_forecast is None  # nothing half-saved
    # What was typed is kept.
    if data.get("reason", "") and "\r" not in data["reason"]:
        assert data["reason"][:50] in page


def test_a_reported_tranche_keeps_within_the_offer_and_waits_for_confirmation(offer):
    client = provider()
    today = timezone.localdate()
    fields = {"units": "13", **date_fields("actual_on", today)}
    response = client.post(url(offer, K.PRACTICAL_COMPLETION, "tranche"), fields)
    assert response.status_code == 200 and "no more than" in response.content.decode()
    fields["units"] = "5"
    assert client.post(url(offer, K.PRACTICAL_COMPLETION, "tranche"), fields).status_code == 302
    tranche = offer.milestones.get(kind=K.PRACTICAL_COMPLETION).tranches.get()
    assert tranche.units == 5 and not tranche.is_confirmed
    future = {**date_fields("actual_on", today + datetime.timedelta(days=3))}
    response = client.post(url(offer, K.START_ON_SITE, "actual"), future)
    assert "today or in the past" in response.content.decode()
    # Tranches only for completion and homes let.
    assert client.post(url(offer, K.START_ON_SITE, "tranche"), fields).status_code == 404


def test_only_the_offers_provider_reaches_its_milestones(offer):
    other = provider("someone@example.org")
    data = {**date_fields("forecast", datetime.date(2027, 1, 1)), "reason": "x"}
    assert other.get(url(offer)).status_code == 404
    assert other.post(url(offer, K.START_ON_SITE, "forecast"), data).status_code == 404
    signed_out = Client()
    assert signed_out.get(url(offer)).status_code == 302
    assert offer.milestones.get(kind=K.START_ON_SITE).current_forecast is None


def test_an_offer_not_accepted_has_no_milestone_pages(strategy_data):
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email=ADDRESS)
    assert provider().get(url(offer)).status_code == 404


def test_a_commissioner_confirms_in_the_staff_pages_and_readers_cannot(offer, commissioner):
    start = offer.milestones.get(kind=K.START_ON_SITE)
    milestones.milestone_actual_report(milestone=start, actual_on=timezone.localdate())
    confirm = f"/admin/eoi/offer/{offer.pk}/milestones/{start.pk}/confirm/"

    reader = Client()
    reader.force_login(staff("pat", PLACEMENT_TEAM))
    assert reader.get(confirm).status_code == 403
    assert reader.post(confirm).status_code == 403
    start.refresh_from_db()
    assert not start.is_confirmed

    client = Client()
    client.force_login(commissioner)
    page = client.get(f"/admin/eoi/offer/{offer.pk}/change/").content.decode()
    assert confirm in page
    assert "Confirm start on site" in client.get(confirm).content.decode()
    assert client.post(confirm).status_code == 302
    start.refresh_from_db()
    assert start.confirmed_by == commissioner
    # Twice at once (or again) changes nothing more.
    assert client.post(confirm).status_code == 302
    assert start.history.filter(confirmed_at__isnull=False).count() == 1


def test_the_queue_filters_slipped_offers(offer, commissioner):
    milestones.milestone_forecast_change(
        milestone=offer.milestones.get(kind=K.PRACTICAL_COMPLETION),
        forecast=datetime.date(2028, 6, 30),
        reason="Funding",
    )
    other = submitted_offer()
    client = Client()
    client.force_login(commissioner)
    page = client.get("/admin/eoi/offer/?milestones=slipped").content.decode()
    assert offer.reference in page and other.reference not in page


def test_a_commissioner_links_a_delivery_record_in_the_staff_pages(offer, commissioner):
    from strategy.models import DeliveryRecord, ForecastVersion

    record = DeliveryRecord.objects.create(
        version=ForecastVersion.objects.get(is_current=True),
        description="Example Court",
        units=12,
        delivered_on=timezone.localdate(),
        source="Completion certificate",
    )
    acceptance = offer.acceptances.get()
    reader = Client()
    reader.force_login(staff("pat", PLACEMENT_TEAM))
    data = {"acceptance": acceptance.pk, "delivery_record": record.pk}
    assert reader.post("/admin/eoi/deliverylink/add/", data).status_code == 403
    client = Client()
    client.force_login(commissioner)
    assert client.post("/admin/eoi/deliverylink/add/", data).status_code == 302
    link = record.offer_link
    assert (link.acceptance, link.linked_by) == (acceptance, commissioner)
    # Twice: refused by the form, one link kept.
    assert client.post("/admin/eoi/deliverylink/add/", data).status_code == 200
    assert type(link).objects.count() == 1
