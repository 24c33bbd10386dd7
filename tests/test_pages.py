"""The public pages: status, content, and the headers that protect them."""
from pathlib import Path

import pytest
from django.urls import reverse

from strategy.models import DemandLine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def test_home_shows_what_the_city_needs(client):
    response = client.get(reverse("home"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "396 units" in page
    assert "373 for adults, 23 for young people" in page
    assert "shortfall of <span class=\"govuk-!-font-weight-bold\">219 units</span>" in page
    assert "632 units in 112 schemes" in page
    assert "Phase 1 (up to 2022): 196 units" in page
    assert "Mental health inpatient discharges from the Bradgate Unit" in page


def test_home_tells_a_provider_how_to_make_an_offer(client):
    page = client.get(reverse("home")).content.decode()

    assert "little to no demand for shared housing" in page
    assert "East Midlands Procurement Portal" in page
    assert "Contracts Finder" in page
    assert "https://mychoice.leicester.gov.uk/" in page
    assert "caas.carehomes@leicester.gov.uk" in page
    assert "Supported Accommodation" in page
    assert "1 July 2021" in page


def test_home_reflects_an_edit_at_once(client):
    DemandLine.objects.filter(cohort__startswith="Respite unit").update(net_units=9)

    page = client.get(reverse("home")).content.decode()

    assert "397 units" in page


def test_every_chart_has_a_table_with_the_same_figures(client):
    page = client.get(reverse("home")).content.decode()

    assert page.count('class="app-bar-chart"') == 2
    assert page.count("<table") >= 2 + 6  # group tables, phase tables, provision


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
