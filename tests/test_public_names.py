"""Every place a demand line is named to providers or the public uses its public
name (issue 25), never the strategy's cohort where the two differ.

The places: the home page, "What the city needs" (page, JSON, CSV), the check's
results (its table and its reasons), the screening reasons on the confirmation
page, the offer summary PDF, the emails to the provider (the reasons a decision
not to progress gives, the units an acceptance allocates) and the status page
that "Your offers" links to, and an opportunity's page and its open data.
Staff pages may show both.
"""

import copy
import csv
import io
import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from eoi.models import Offer
from eoi.offers.document import parse_offer
from eoi.offers.links import status_token
from eoi.offers.services import offer_submit
from eoi.offers.summary import render_offer_summary_pdf
from eoi.roles import COMMISSIONERS
from eoi.triage import services as triage
from strategy import selectors
from strategy.models import DemandLine
from tests.eoi.factories import STEP_DOWN, staff
from tests.eoi.opportunities.helpers import published_opportunity
from tests.eoi.test_check import ANSWERS

pytestmark = pytest.mark.django_db

# The line the issue is about: its cohort reads as the opposite of the need.
REPLACEMENT = "Self-contained homes to replace shared houses (learning disabilities)"
LEARNING_DISABILITY = {"client_groups": ["learning_disability_autism"]}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _submit(**scheme) -> Offer:
    data = copy.deepcopy(STEP_DOWN)
    data["scheme"].update(scheme)
    return offer_submit(document=parse_offer(data), source=Offer.Source.WEB)


def _places(capture) -> dict[str, str]:
    """Each place providers and the public read, as text."""
    client = Client()
    places = {
        "home page": _text(client.get(reverse("home")).content.decode()),
        "what the city needs": _text(client.get(reverse("city_needs")).content.decode()),
        "check results": _text(
            client.get(reverse("check"), {**ANSWERS, **LEARNING_DISABILITY}).content.decode()
        ),
    }
    commissioner = staff("chris", COMMISSIONERS)
    with capture(execute=True):
        # 300 units, more than the 266 the four matched lines still need: a
        # concern whose reason names each line, and which a decision not to
        # progress quotes to the provider.
        declined = _submit(units=300, **LEARNING_DISABILITY)
        accepted = _submit(**LEARNING_DISABILITY)
    places["screening reasons (confirmation page)"] = _text(
        client.get(reverse("eoi:sent", args=[status_token(declined)])).content.decode()
    )
    pdf = PdfReader(io.BytesIO(render_offer_summary_pdf(accepted)))
    places["offer summary PDF"] = " ".join(page.extract_text() for page in pdf.pages)

    replacement = DemandLine.objects.get(group__version__is_current=True, public_name=REPLACEMENT)
    mail.outbox.clear()
    with capture(execute=True):
        triage.offer_not_progress(
            offer=declined, actor=commissioner, reason_code="no_demand", reason="Too many units."
        )
        triage.offer_transition(offer=accepted, name="start_triage", actor=commissioner)
        triage.offer_accept(offer=accepted, actor=commissioner, allocations=[(replacement, 12)])
    for message in mail.outbox:
        # The decision not to progress (its screening reasons) and the
        # acceptance (its units for each line); "being considered" names none.
        if message.subject.endswith(("Not progressed", "Accepted into the development pipeline")):
            html = "".join(str(content) for content, _type in message.alternatives)
            places[f"email: {message.subject}"] = message.body + " " + _text(html)
    places["status page (Your offers)"] = _text(
        client.get(reverse("eoi:status", args=[status_token(accepted)])).content.decode()
    )
    opportunity = published_opportunity(lines=[replacement], by=commissioner)
    places["opportunity page"] = _text(client.get(opportunity.get_absolute_url()).content.decode())
    places["opportunities open data (JSON)"] = json.dumps(
        json.loads(client.get(reverse("opportunities_json")).content), ensure_ascii=False
    )
    places["opportunities open data (CSV)"] = client.get(reverse("opportunities_csv")).text
    return places


def test_every_place_a_line_is_named_uses_its_public_name(django_capture_on_commit_callbacks):
    lines = selectors.demand_line_list(version=selectors.forecast_version_current())
    differ = [line for line in lines if line.public_name != line.cohort]
    assert len(differ) == len(lines) == 12  # else the test could not tell them apart
    assert REPLACEMENT in {line.public_name for line in lines}
    by_public = {line.public_name: line.cohort for line in lines}

    places = _places(django_capture_on_commit_callbacks)
    assert len([name for name in places if name.startswith("email: ")]) == 2

    # The lines each place names (at least): the home page its three most
    # needed, "What the city needs" every line, the rest the lines the offer
    # for people with learning disabilities matched, the replacement among them.
    expected = {"what the city needs": set(by_public)}
    for name in places:
        expected.setdefault(name, {REPLACEMENT})
    for name, text in places.items():
        flat = _squash(text) if name == "offer summary PDF" else text
        for public in expected[name]:
            found = _squash(public) in flat if name == "offer summary PDF" else public in flat
            assert found, (name, public)
        for cohort in by_public.values():
            written = _squash(cohort) in flat if name == "offer summary PDF" else cohort in flat
            assert not written, (name, cohort)


def test_the_open_data_adds_the_public_name_beside_the_cohort():
    """Consumers of the JSON and CSV keep the ``cohort`` field they read; the
    public name is a field added beside it (the CSV's last column)."""
    client = Client()
    lines = selectors.demand_line_list(version=selectors.forecast_version_current())
    names = {line.cohort: line.public_name for line in lines}

    document = json.loads(client.get(reverse("current_position_json")).content)
    assert {line["cohort"]: line["public_name"] for line in document["lines"]} == names

    rows = list(csv.DictReader(io.StringIO(client.get(reverse("current_position_csv")).text)))
    assert {row["cohort"]: row["public_name"] for row in rows[:-1]} == names
    assert rows[-1]["cohort"] == rows[-1]["public_name"] == "Total"


def test_a_line_staff_renamed_is_named_so_at_once(client):
    line = DemandLine.objects.get(group__version__is_current=True, public_name=REPLACEMENT)
    line.public_name = "Homes of their own in place of shared houses"
    line.save()

    page = client.get(reverse("home")).content.decode()
    assert "Homes of their own in place of shared houses" in page
    assert REPLACEMENT not in page
