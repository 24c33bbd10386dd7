"""The start page, "What the city needs", "Planned and delivered", "Existing
provision" and the current position as open data."""

import csv
import io
import json
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("strategy_data")]


def test_the_start_page_leads_with_the_current_position(client):
    page = client.get(reverse("home")).content.decode()
    main = page.split('id="main-content"')[1]

    assert '<strong class="govuk-!-font-weight-bold">551 homes</strong> are needed' in main
    assert '<strong class="govuk-!-font-weight-bold">473 homes</strong> are still to find' in main
    # The groups with the most unmet units: 160, 155 and 80.
    most = main.split("The groups of people with the most homes still to find are:")[1].split(
        "</li>"
    )[0]
    # Named by their public names: the need is for homes that replace shared houses.
    assert (
        most.index("Self-contained homes to replace shared houses (learning disabilities)")
        < most.index("Extra care for older people, in place of Hamelin Road")
        < most.index("Extra care or supported living instead of a care home")
    )
    assert "Shared housing for people" not in most
    assert "Hamelin Road and Tilling Road did not go ahead" in main
    assert "155 extra care homes" in main
    assert "78 homes delivered or confirmed are not yet matched to a group of people" in main
    # "Start now" (a form that starts the offer) comes before anything else
    # the page links to.
    start = main.index(f'action="{reverse("eoi:start")}"')
    assert "Start now" in main[start : start + 1500]
    for name in ("city_needs", "planned_and_delivered", "existing_provision"):
        assert start < main.index(f'href="{reverse(name)}"'), name
    assert f'href="{reverse("city_needs")}?version=2021-plan"' in main
    assert main.count("<h1") == 1


def test_the_home_page_is_the_one_start_page(client):
    # "Start now" opens the task list of a new draft, straight away.
    home = client.get(reverse("home")).content.decode()
    assert "You have an offer in progress" not in home
    response = client.post(reverse("eoi:start"))
    assert response.status_code == 302 and response["Location"] == reverse("eoi:tasks")
    assert client.get(reverse("eoi:tasks")).status_code == 200
    # With a draft in progress, the home page says so and links to it, and an
    # old link to /offer/ goes to it; without one, /offer/ is the home page.
    home = client.get(reverse("home")).content.decode()
    assert "You have an offer in progress" in home
    assert f'href="{reverse("eoi:tasks")}">Continue your offer' in home
    assert client.get("/offer/")["Location"] == reverse("eoi:tasks")
    assert Client().get("/offer/")["Location"] == reverse("home")
    # The links to what the city needs go there.
    assert f'href="{reverse("city_needs")}"' in home


def test_the_start_page_runs_no_query_twice(client):
    # A query run twice is a query a row (a demand line, a phase) in the making.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200

    repeated = {sql: n for sql, n in Counter(q["sql"] for q in queries).items() if n > 1}
    assert repeated == {}


def test_what_the_city_needs_shows_every_group_with_captions(client):
    response = client.get(reverse("city_needs"))
    page = response.content.decode()

    assert response.status_code == 200
    assert len(response.context["groups"]) == 6
    assert page.count("<caption") == 6
    assert "Extra care for older people, in place of Hamelin Road and Tilling Road" in page
    assert f'href="{reverse("current_position_json")}"' in page
    assert f'href="{reverse("current_position_csv")}"' in page
    assert "What the fields mean" in page
    assert not re.search(r"<th(?=[\s>])(?![^>]*scope=\"(row|col)\")", page.split("<main")[1])


def test_the_2021_plan_is_one_link_away(client):
    response = client.get(reverse("city_needs"), {"version": "2021-plan"})
    page = response.content.decode()

    assert response.context["position"].demand_total == 396
    assert "not the current position" in page


@pytest.mark.parametrize(
    "name", ["city_needs", "planned_and_delivered", "current_position_json", "current_position_csv"]
)
def test_an_unknown_version_is_not_found(client, name):
    assert client.get(reverse(name), {"version": "1999-plan"}).status_code == 404
    # A NUL never reaches the view: the middleware refuses it (issue 12).
    assert client.get(reverse(name), {"version": "x\x00y"}).status_code == 400


def test_planned_and_delivered_and_existing_provision(client):
    planned = client.get(reverse("planned_and_delivered")).content.decode()
    existing = client.get(reverse("existing_provision")).content.decode()

    assert "Extra care at Hamelin Road (not going ahead)" in planned
    assert "mixed model" in planned
    assert "Units delivered since the strategy began (11 sites)" in planned
    assert "56 homes delivered and 22 firmly planned" in planned
    assert "632 units in 112 schemes" in existing
    assert "Supported living now" in existing


def test_the_current_position_as_json(client):
    response = client.get(reverse("current_position_json"))
    document = json.loads(response.content)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (document["version"], document["demand_total"], document["unmet_total"]) == (
        "2025-refresh",
        551,
        473,
    )
    assert (document["delivered"], document["firm_pipeline"], document["unattributed_supply"]) == (
        56,
        22,
        78,
    )
    assert len(document["lines"]) == 12
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", document["on"])


def test_the_current_position_as_csv(client):
    response = client.get(reverse("current_position_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == [
        "version",
        "on",
        "cohort",
        "net",
        "delivered",
        "firm_pipeline",
        "accepted_offers",
        "unmet",
        "public_name",  # added last: readers of the earlier columns keep working
    ]
    assert len(rows) == 1 + 12 + 1
    assert rows[-1][2:] == ["Total", "551", "56", "22", "0", "473", "Total"]
    assert {row[0] for row in rows[1:]} == {"2025-refresh"}
