"""Staff copy a forecast version and choose the current one from the admin."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from eoi import roles
from strategy.models import DemandLine, ForecastVersion
from tests.eoi.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("strategy_data")]
CHANGELIST = reverse("admin:strategy_forecastversion_changelist")


@pytest.fixture
def commissioner_client(client, strategy_data):
    client.force_login(staff("chris", roles.COMMISSIONERS))
    return client


def version(slug):
    return ForecastVersion.objects.get(slug=slug)


def test_copy_asks_for_the_name_then_makes_the_new_version(commissioner_client):
    chosen = {
        "action": "copy_version",
        ACTION_CHECKBOX_NAME: [version("2025-refresh").pk],
    }

    form = commissioner_client.post(CHANGELIST, chosen)
    assert form.status_code == 200
    assert "Copy 2025 refresh as a new version" in form.content.decode()
    assert ForecastVersion.objects.count() == 2

    done = commissioner_client.post(
        CHANGELIST,
        {
            **chosen,
            "apply": "1",
            "name": "2026 refresh",
            "slug": "2026-refresh",
            "published_on": "2026-11-23",
        },
    )

    copy = version("2026-refresh")
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:strategy_forecastversion_change", args=[copy.pk])
    assert copy.based_on == version("2025-refresh")
    assert DemandLine.objects.filter(group__version=copy).count() == 12


def test_copy_shows_the_form_again_with_errors(commissioner_client):
    chosen = {"action": "copy_version", ACTION_CHECKBOX_NAME: [version("2021-plan").pk]}

    response = commissioner_client.post(
        CHANGELIST,
        {
            **chosen,
            "apply": "1",
            "name": "Again",
            "slug": "2021-plan",
            "published_on": "soon",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "A version already has this short name." in page
    assert "Enter a valid date." in page
    assert ForecastVersion.objects.count() == 2


def test_make_current_swaps_the_current_version(commissioner_client):
    chosen = {
        "action": "copy_version",
        ACTION_CHECKBOX_NAME: [version("2025-refresh").pk],
    }
    commissioner_client.post(
        CHANGELIST,
        {
            **chosen,
            "apply": "1",
            "name": "2026 refresh",
            "slug": "2026-refresh",
            "published_on": "2026-11-23",
        },
    )
    # A copy starts unpublished, and the current version must be published.
    commissioner_client.post(
        CHANGELIST,
        {
            "action": "publish_version",
            ACTION_CHECKBOX_NAME: [version("2026-refresh").pk],
            "confirm": "1",
        },
    )

    response = commissioner_client.post(
        CHANGELIST,
        {"action": "make_current", ACTION_CHECKBOX_NAME: [version("2026-refresh").pk]},
        follow=True,
    )

    assert "2026 refresh is now the current version" in response.content.decode()
    assert list(ForecastVersion.objects.filter(is_current=True).values_list("slug", flat=True)) == [
        "2026-refresh"
    ]


def test_make_current_refuses_a_version_without_its_own_lines(commissioner_client):
    bare = ForecastVersion.objects.create(
        name="Bare", slug="bare", published_on="2026-11-23", source="Test"
    )
    response = commissioner_client.post(
        CHANGELIST,
        {"action": "make_current", ACTION_CHECKBOX_NAME: [bare.pk]},
        follow=True,
    )

    assert "has no demand lines of its own" in response.content.decode()
    assert version("2025-refresh").is_current


def test_the_actions_take_one_version_at_a_time(commissioner_client):
    response = commissioner_client.post(
        CHANGELIST,
        {
            "action": "make_current",
            ACTION_CHECKBOX_NAME: list(ForecastVersion.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert "Choose exactly one version." in response.content.decode()
    assert version("2025-refresh").is_current


def test_the_placement_team_reads_but_cannot_copy_or_switch(client):
    client.force_login(staff("pat", roles.PLACEMENT_TEAM))

    page = client.get(CHANGELIST).content.decode()

    assert "copy_version" not in page and "make_current" not in page
