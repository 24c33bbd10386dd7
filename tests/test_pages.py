"""The public pages: status, content, and the headers that protect them."""

from pathlib import Path

import pytest
from django.urls import reverse

from strategy.models import DemandLine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def test_the_pages_show_what_the_city_needs(client):
    needs = client.get(reverse("city_needs")).content.decode()
    planned = client.get(reverse("planned_and_delivered")).content.decode()
    existing = client.get(reverse("existing_provision")).content.decode()
    plan = client.get(reverse("city_needs"), {"version": "2021-plan"}).content.decode()

    assert "551 homes are needed; 473 are still to find" in needs
    assert "Step-down homes for people leaving mental health hospital" in needs
    assert "396 homes are needed; 396 are still to find" in plan
    assert "632 units in 112 schemes" in existing
    assert "Phase 1 (up to 2022)" in planned


def test_the_pages_tell_a_provider_how_to_make_an_offer(client):
    home = client.get(reverse("home")).content.decode()
    page = client.get(reverse("existing_provision")).content.decode()

    assert "little to no demand for shared housing" in home
    assert "East Midlands Procurement Portal" in page
    assert "Contracts Finder" in page
    assert "https://mychoice.leicester.gov.uk/" in page
    assert "caas.carehomes@leicester.gov.uk" in page
    assert "Supported Accommodation" in page
    assert "1 July 2021" in page


def test_home_reflects_an_edit_at_once(client):
    DemandLine.objects.filter(
        group__version__is_current=True, cohort__startswith="Respite unit"
    ).update(net_units=9)

    page = client.get(reverse("home")).content.decode()

    assert "552 homes</strong> are needed" in page
    assert "474 homes</strong> are still to find" in page


def test_every_chart_has_a_table_with_the_same_figures(client):
    needs = client.get(reverse("city_needs")).content.decode()
    planned = client.get(reverse("planned_and_delivered")).content.decode()

    assert needs.count('class="app-bar-chart"') == 1
    assert needs.count("<table") == 6  # one for each group
    assert planned.count('class="app-bar-chart"') == 1
    assert planned.count("<table") >= 3  # one for each phase, and delivery


@pytest.mark.parametrize(
    "name, heading",
    [
        ("accessibility", "Accessibility statement for Offer supported accommodation to Leicester"),
        ("privacy", "Privacy notice"),
    ],
)
def test_statement_pages(client, name, heading):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_crown_and_no_gds_transport(client):
    page = client.get(reverse("home")).content.decode()
    css = (Path(__file__).resolve().parent.parent / "static/css/portal.css").read_text()

    assert "Leicester City Council" in page
    assert "crown" not in page.lower()
    assert "GDS Transport" not in css
    assert "arial" in css.lower()
