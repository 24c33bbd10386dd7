"""Offers made for an opportunity: "Make an offer for this opportunity" starts
a draft tied to it with what it fixes answered; the offer sent is tied to it;
the queue, the dashboard and its exports count them."""

import csv
import io

import pytest
from django.urls import reverse

from eoi.models import Offer, OfferDraft
from eoi.roles import COMMISSIONERS
from tests.eoi.factories import staff
from tests.eoi.journey_answers import answer_all

from .helpers import draft_opportunity, extra_care_line, published_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data(strategy_data):
    """The strategy's data (loaded once a run: tests/conftest.py)."""


def make_offer(client, opportunity):
    return client.post(reverse("opportunities:offer", args=[opportunity.slug]))


def test_the_button_starts_a_draft_for_the_opportunity_with_its_client_groups_answered(client):
    opportunity = published_opportunity(wards=["Castle"])

    response = make_offer(client, opportunity)

    assert response.status_code == 302
    assert response.url == reverse("eoi:tasks")
    draft = OfferDraft.objects.get()
    assert draft.opportunity == opportunity
    line = extra_care_line()
    assert draft.answers["client-groups"] == {"client_groups": sorted(line.client_groups)}
    assert draft.answers["scheme"] == {"ward": "Castle"}  # its one ward
    tasks = client.get(reverse("eoi:tasks")).content.decode()
    assert "This offer is for the opportunity" in tasks
    assert opportunity.get_absolute_url() in tasks
    # The step shows the answers, ticked, for the provider to check.
    client.post(
        reverse("eoi:step", args=["offer-type"]), {"offer_type": "accommodation", "continue": ""}
    )
    step = client.get(reverse("eoi:step", args=["client-groups"]))
    assert step.status_code == 200
    ticked = {
        box.split('value="')[1].split('"')[0]
        for box in step.content.decode().split("<input")[1:]
        if 'name="client_groups"' in box and " checked" in box.split(">")[0]
    }
    assert ticked == set(line.client_groups)


def test_anywhere_in_the_city_leaves_the_ward_unanswered(client):
    make_offer(client, published_opportunity())

    assert "scheme" not in OfferDraft.objects.get().answers


def test_a_second_click_carries_on_with_the_same_draft(client):
    opportunity = published_opportunity()

    make_offer(client, opportunity)
    make_offer(client, opportunity)

    assert OfferDraft.objects.count() == 1


def test_the_offer_sent_is_tied_to_the_opportunity(client):
    opportunity = published_opportunity()
    make_offer(client, opportunity)
    answer_all(client, "accommodation")

    response = client.post(reverse("eoi:check-answers"))

    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.opportunity == opportunity


def test_an_offer_started_from_the_start_page_answers_no_opportunity(client):
    client.post(reverse("eoi:start"))
    answer_all(client, "accommodation")
    client.post(reverse("eoi:check-answers"))

    assert Offer.objects.get().opportunity is None


def test_no_draft_for_a_draft_a_forthcoming_or_a_formal_tender(client):
    import datetime

    from django.utils import timezone

    draft = draft_opportunity(slug="draft-one")
    tender = published_opportunity(
        slug="tender",
        route="formal_tender",
        portal_name="East Midlands Tenders",
        portal_url="https://example.org/t",
        portal_reference="DN1",
    )
    soon = published_opportunity(
        slug="soon", opens_on=timezone.localdate() + datetime.timedelta(days=3)
    )

    assert make_offer(client, draft).status_code == 404
    assert make_offer(client, tender).status_code == 302
    assert make_offer(client, soon).status_code == 302
    assert client.get(reverse("opportunities:offer", args=[soon.slug])).status_code == 405
    assert not OfferDraft.objects.exists()
    assert (
        "Make an offer for this opportunity"
        not in client.get(tender.get_absolute_url()).content.decode()
    )


def test_the_queue_and_the_dashboard_count_offers_per_opportunity(client):
    opportunity = published_opportunity(title="=1+1 Extra care")
    for _ in range(2):
        provider = type(client)()
        make_offer(provider, opportunity)
        answer_all(provider, "accommodation")  # 12 homes each
        provider.post(reverse("eoi:check-answers"))
    client.post(reverse("eoi:start"))
    answer_all(client, "accommodation")
    client.post(reverse("eoi:check-answers"))  # not for the opportunity
    client.force_login(staff("chris", COMMISSIONERS))

    queue = reverse("admin:eoi_offer_changelist")
    filtered = client.get(queue, {"opportunity__id__exact": opportunity.pk}).content.decode()
    assert filtered.count('<span title="=1+1 Extra care">For: =1+1 Extra care</span>') == 2
    assert len(Offer.objects.filter(opportunity=opportunity)) == 2

    dashboard = client.get(reverse("strategy:dashboard")).content.decode()
    assert "Offers for each opportunity" in dashboard
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("strategy:dashboard_csv")).content.decode()))
    )
    assert ["'=1+1 Extra care", "Published", "2", "24"] in rows
