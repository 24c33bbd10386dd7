"""The staff pages in the service's own words, not Django's stock parts
(issue 25): no "Select offer to change", no "Actor label", no "Internal
notes" block, no "-" option; titles that start with the page's heading."""

import re

import pytest
from django.test import Client

from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage import services as triage
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

STOCK_WORDS = [
    "Select offer to change",
    "Select offer to view",
    "Change offer",
    "View offer",
    "Actor label",
    "Actor label",
    "Internal note",
    "Add another",
    "By assigned to",
    "---------",
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def title_and_h1(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    return " ".join(title.split()), " ".join(re.sub(r"<[^>]+>", "", h1).split())


@pytest.fixture
def offer(strategy_data):
    chris = staff("chris", COMMISSIONERS)
    offer = submitted_offer()
    triage.offer_note_add(offer=offer, author=chris, text="Rang the provider.")
    return offer


@pytest.mark.parametrize("role", [COMMISSIONERS, PLACEMENT_TEAM])
def test_the_queue_and_an_offer_read_in_the_services_words(offer, role):
    client = signed_in(staff("reader", role))

    queue = client.get("/admin/eoi/offer/").content.decode()
    title, h1 = title_and_h1(queue)
    assert h1 == "Offers" and title.startswith("Offers – ")
    # The assignee filter: "Anyone", each member of staff, then "Not assigned".
    assignee = queue.split('data-filter-title="assigned to"')[1].split("</details>")[0]
    options = [" ".join(o.split()) for o in re.findall(r"<a [^>]*>(.*?)</a>", assignee, re.S)]
    assert options[0] == "Anyone" and options[-1] == "Not assigned", options
    assert "-" not in options

    page = client.get(f"/admin/eoi/offer/{offer.pk}/change/").content.decode()
    title, h1 = title_and_h1(page)
    assert h1 == f"{offer.organisation_name}: {offer.scheme_name}"
    assert title.startswith(h1 + " – ")
    assert "Notes for staff" in page and "Rang the provider." in page
    for words in STOCK_WORDS:
        assert words not in queue, words
        assert words not in page, words


def test_the_status_history_list_says_who_and_when(offer):
    client = signed_in(staff("reader", COMMISSIONERS))
    page = client.get("/admin/eoi/statuschange/").content.decode()
    assert "Actor label" not in page and "Select status change" not in page
    assert "The provider" in page
    assert "<h1>Status changes</h1>" in page
