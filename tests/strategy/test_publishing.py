"""A forecast version is public only once staff publish it (issue 23): copies
start unpublished, the current version is always published, and publishing
is recorded in the history with who did it."""

import datetime
import importlib

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from eoi import roles
from strategy import selectors, services
from strategy.models import ForecastVersion
from tests.eoi.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("strategy_data")]
CHANGELIST = reverse("admin:strategy_forecastversion_changelist")
publish_migration = importlib.import_module("strategy.migrations.0005_forecastversion_is_published")


@pytest.fixture
def chris(strategy_data):
    return staff("chris", roles.COMMISSIONERS)


@pytest.fixture
def commissioner_client(client, chris):
    client.force_login(chris)
    return client


def version(slug):
    return ForecastVersion.objects.get(slug=slug)


def copy_of(slug, actor, new_slug="2026-refresh"):
    return services.forecast_version_copy(
        version=version(slug),
        name="2026 refresh",
        slug=new_slug,
        published_on=datetime.date(2026, 11, 23),
        actor=actor,
    )


def action(client, name, target, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, ACTION_CHECKBOX_NAME: [target.pk], **extra},
        follow=True,
    )


# --------------------------------------------------------------------------
# The shipped data and the migration
# --------------------------------------------------------------------------


def test_the_shipped_versions_are_published():
    assert set(
        ForecastVersion.objects.filter(is_published=True).values_list("slug", flat=True)
    ) == {"2021-plan", "2025-refresh"}


def run_migration():
    """The migration's data step, with the models as the migration sees them."""
    state = MigrationExecutor(connection).loader.project_state(
        [("strategy", "0005_forecastversion_is_published")]
    )
    publish_migration.publish_shipped_versions(state.apps, None)


def test_the_migration_publishes_the_seeded_versions_and_no_copy(chris):
    draft = copy_of("2025-refresh", chris)
    # No version current for a moment: the current one is always published.
    ForecastVersion.objects.update(is_current=False, is_published=False)

    run_migration()
    run_migration()

    assert version("2021-plan").is_published
    assert version("2025-refresh").is_published
    assert not ForecastVersion.objects.get(pk=draft.pk).is_published
    latest = version("2025-refresh").history.latest()
    assert latest.is_published
    assert latest.history_change_reason == publish_migration.REASON
    # Run twice, recorded once.
    assert (
        version("2021-plan").history.filter(history_change_reason=publish_migration.REASON).count()
        == 1
    )


# --------------------------------------------------------------------------
# The services
# --------------------------------------------------------------------------


def test_a_copy_starts_unpublished(chris):
    assert copy_of("2025-refresh", chris).is_published is False


def test_publishing_is_recorded_with_who_and_when(chris):
    copy = copy_of("2025-refresh", chris)

    services.forecast_version_publish(version=copy, actor=chris)

    copy.refresh_from_db()
    assert copy.is_published is True
    latest = copy.history.latest()
    assert (latest.is_published, latest.history_user) == (True, chris)
    assert latest.history_change_reason == "Published"

    services.forecast_version_unpublish(version=copy, actor=chris)

    copy.refresh_from_db()
    assert copy.is_published is False
    latest = copy.history.latest()
    assert (latest.is_published, latest.history_user) == (False, chris)
    assert latest.history_change_reason == "Unpublished"


def test_publishing_twice_records_it_once(chris):
    copy = copy_of("2025-refresh", chris)

    services.forecast_version_publish(version=copy, actor=chris)
    services.forecast_version_publish(version=copy, actor=chris)

    assert copy.history.filter(history_change_reason="Published").count() == 1


def test_an_unpublished_version_cannot_be_made_current(chris):
    copy = copy_of("2025-refresh", chris)

    with pytest.raises(ValidationError) as error:
        services.forecast_version_make_current(version=copy, actor=chris)

    assert error.value.code == "not_published"
    assert selectors.forecast_version_current() == version("2025-refresh")


def test_the_current_version_cannot_be_unpublished(chris):
    with pytest.raises(ValidationError) as error:
        services.forecast_version_unpublish(version=version("2025-refresh"), actor=chris)

    assert error.value.code == "current"
    assert version("2025-refresh").is_published


def test_the_database_refuses_a_current_version_that_is_not_published():
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastVersion.objects.filter(slug="2025-refresh").update(is_published=False)


# --------------------------------------------------------------------------
# The admin
# --------------------------------------------------------------------------


def test_a_copy_made_in_the_admin_starts_unpublished(commissioner_client):
    commissioner_client.post(
        CHANGELIST,
        {
            "action": "copy_version",
            ACTION_CHECKBOX_NAME: [version("2025-refresh").pk],
            "apply": "1",
            "name": "2026 refresh",
            "slug": "2026-refresh",
            "published_on": "2026-11-23",
        },
    )

    assert version("2026-refresh").is_published is False


def test_publishing_in_the_admin_asks_first_then_records_who(commissioner_client, chris):
    copy = copy_of("2025-refresh", chris)

    asked = action(commissioner_client, "publish_version", copy)

    page = asked.content.decode()
    assert "Publish 2026 refresh" in page
    assert "?version=2026-refresh" in page
    assert version("2026-refresh").is_published is False

    done = action(commissioner_client, "publish_version", copy, confirm="1")

    assert "2026 refresh is published" in done.content.decode()
    copy.refresh_from_db()
    assert copy.is_published is True
    assert copy.history.latest().history_user == chris


def test_unpublishing_in_the_admin_asks_first(commissioner_client, chris):
    copy = copy_of("2025-refresh", chris)
    services.forecast_version_publish(version=copy, actor=chris)

    asked = action(commissioner_client, "unpublish_version", copy)

    assert "Unpublish 2026 refresh" in asked.content.decode()
    assert version("2026-refresh").is_published is True

    done = action(commissioner_client, "unpublish_version", copy, confirm="1")

    assert "2026 refresh is no longer published" in done.content.decode()
    assert version("2026-refresh").is_published is False


def test_the_admin_refuses_to_unpublish_the_current_version(commissioner_client):
    response = action(
        commissioner_client, "unpublish_version", version("2025-refresh"), confirm="1"
    )

    assert "is the current version" in response.content.decode()
    assert version("2025-refresh").is_published


def test_the_admin_refuses_to_make_an_unpublished_version_current(commissioner_client, chris):
    copy = copy_of("2025-refresh", chris)

    response = action(commissioner_client, "make_current", copy)

    assert "is not published" in response.content.decode()
    assert selectors.forecast_version_current() == version("2025-refresh")


def test_the_placement_team_cannot_publish(client, chris):
    copy = copy_of("2025-refresh", chris)
    client.force_login(staff("pat", roles.PLACEMENT_TEAM))

    page = client.get(CHANGELIST).content.decode()
    action(client, "publish_version", copy, confirm="1")

    assert "publish_version" not in page
    assert version("2026-refresh").is_published is False


def test_the_change_form_cannot_publish_or_make_current(commissioner_client, chris):
    copy = copy_of("2025-refresh", chris)
    url = reverse("admin:strategy_forecastversion_change", args=[copy.pk])
    assert commissioner_client.get(url).status_code == 200

    response = commissioner_client.post(
        url,
        {
            "name": "2026 refresh",
            "slug": "2026-refresh",
            "published_on": "2026-11-23",
            "source": copy.source,
            "based_on": copy.based_on_id,
            "notes": "Edited.",
            "is_published": "on",
            "is_current": "on",
        },
    )

    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.notes == "Edited."
    assert (copy.is_published, copy.is_current) == (False, False)


def test_reverting_to_an_older_state_leaves_publishing_alone(commissioner_client, chris):
    copy = copy_of("2025-refresh", chris)
    services.forecast_version_publish(version=copy, actor=chris)
    services.forecast_version_unpublish(version=copy, actor=chris)
    published_state = copy.history.get(history_change_reason="Published")
    url = reverse(
        "admin:strategy_forecastversion_simple_history",
        args=[copy.pk, published_state.history_id],
    )

    response = commissioner_client.post(
        url,
        {
            "name": "2026 refresh",
            "slug": "2026-refresh",
            "published_on": "2026-11-23",
            "source": copy.source,
            "based_on": copy.based_on_id,
            "notes": copy.notes,
        },
    )

    assert response.status_code == 302
    assert version("2026-refresh").is_published is False
