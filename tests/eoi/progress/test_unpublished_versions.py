"""The public pages and the open data show published forecast versions only
(issue 23): a copy staff are still editing is "Page not found" and listed
nowhere; once published it is there. Staff pages still see it."""

import datetime

import pytest
from django.urls import reverse

from eoi import roles
from strategy import services
from strategy.models import ForecastVersion
from tests.eoi.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("strategy_data")]
TAKES_A_VERSION = [
    "city_needs",
    "planned_and_delivered",
    "current_position_json",
    "current_position_csv",
]
PUBLIC_PAGES = ["home", *TAKES_A_VERSION, "existing_provision"]


@pytest.fixture
def chris(strategy_data):
    return staff("chris", roles.COMMISSIONERS)


@pytest.fixture
def draft(chris):
    """A copy of the current version, as "Copy as a new version…" makes it."""
    return services.forecast_version_copy(
        version=ForecastVersion.objects.get(slug="2025-refresh"),
        name="2026 draft",
        slug="2026-draft",
        published_on=datetime.date(2026, 11, 23),
        actor=chris,
    )


@pytest.mark.parametrize("name", TAKES_A_VERSION)
def test_an_unpublished_version_is_not_found(client, draft, name):
    response = client.get(reverse(name), {"version": draft.slug})

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("name", TAKES_A_VERSION)
def test_once_published_it_is_served(client, draft, chris, name):
    services.forecast_version_publish(version=draft, actor=chris)

    response = client.get(reverse(name), {"version": draft.slug})

    body = response.content.decode()
    assert response.status_code == 200
    assert draft.slug in body or draft.name in body


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_no_public_page_names_an_unpublished_version(client, draft, name):
    page = client.get(reverse(name)).content.decode()

    assert draft.slug not in page
    assert draft.name not in page


def test_what_the_city_needs_lists_a_version_once_published(client, draft, chris):
    before = client.get(reverse("city_needs"))
    services.forecast_version_publish(version=draft, actor=chris)
    after = client.get(reverse("city_needs"))

    assert [v.slug for v in before.context["versions"]] == ["2021-plan", "2025-refresh"]
    assert draft in after.context["versions"]
    assert f"?version={draft.slug}" in after.content.decode()


def test_the_start_page_links_its_baseline_only_while_published(client, draft, chris):
    services.forecast_version_publish(version=draft, actor=chris)
    services.forecast_version_make_current(version=draft, actor=chris)
    linked = client.get(reverse("home")).content.decode()

    services.forecast_version_unpublish(
        version=ForecastVersion.objects.get(slug="2025-refresh"), actor=chris
    )
    page = client.get(reverse("home")).content.decode()

    assert "?version=2025-refresh" in linked
    assert "?version=2025-refresh" not in page
    assert client.get(reverse("city_needs"), {"version": "2025-refresh"}).status_code == 404


def test_the_staff_dashboard_still_sees_an_unpublished_version(client, draft, chris):
    client.force_login(chris)

    response = client.get(reverse("strategy:dashboard"), {"version": draft.slug})

    assert response.status_code == 200
    assert response.context["report"].version == draft
    assert "2026 draft (not published)" in response.content.decode()
