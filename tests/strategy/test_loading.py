"""Loading never overwrites: the shipped data goes into an empty database only,
and changes to it reach existing databases through migrations that leave
staff's edits alone and are recorded in the history."""

import datetime
import importlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from strategy import selectors
from strategy.models import (
    Decision,
    DemandGroup,
    DemandLine,
    ForecastVersion,
    PipelineScheme,
    ReferenceValue,
)

refresh_migration = importlib.import_module("strategy.migrations.0004_refresh_2025_current")
ON = datetime.date(2026, 12, 1)


def run_migration():
    """The migration's function with the models as the migration sees them
    (historical models: no django-simple-history signals of their own)."""
    state = MigrationExecutor(connection).loader.project_state(
        [("strategy", "0003_supply_allocation"), ("eoi", "0006_remove_acceptance_pipeline_scheme")]
    )
    refresh_migration.forwards(state.apps, None)


def start_up():
    """What scripts/start and the docker-compose migrate service run."""
    call_command("migrate", verbosity=0, interactive=False)
    out = StringIO()
    call_command("strategy_load", stdout=out)
    return out.getvalue()


def test_loads_into_an_empty_database_then_never_again(empty_database):
    assert not ForecastVersion.objects.exists()

    assert "Loaded" in start_up()
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health"
    )
    line.net_units = 99
    line.save()

    for _ in range(2):
        assert "nothing loaded" in start_up()

    line.refresh_from_db()
    assert line.net_units == 99
    assert line.history.count() == 1  # only the edit: nothing was written over it


def test_the_scripts_never_run_a_bare_loaddata():
    from django.conf import settings

    for name in ("scripts/start", "docker-compose.yml"):
        text = (settings.BASE_DIR / name).read_text()
        assert "loaddata strategy" not in text, name
        assert "strategy_load" in text, name


# --------------------------------------------------------------------------
# The data migration: a database loaded before the 2025 refresh was current
# --------------------------------------------------------------------------

OLD_NOTE = "Procurement unsuccessful (2025 scrutiny review)."


def as_before_the_refresh():
    """Turn the shipped data back into what the earlier fixture held."""
    refresh = ForecastVersion.objects.get(slug="2025-refresh")
    plan = ForecastVersion.objects.get(slug="2021-plan")
    PipelineScheme.objects.filter(
        phase__version=refresh, key__in=["no_firm_date", "site_required", ""]
    ).delete()
    PipelineScheme.objects.filter(phase__version=refresh, status="not_proceeding").update(
        note=OLD_NOTE, outside_forecast=True
    )
    DemandLine.objects.filter(group__version=refresh).delete()
    DemandGroup.objects.filter(version=refresh).delete()
    ForecastVersion.objects.filter(pk=refresh.pk).update(
        is_current=False, notes=refresh_migration.VERSION_NOTES_BEFORE
    )
    ForecastVersion.objects.filter(pk=plan.pk).update(is_current=True)
    ils = Decision.objects.get(decided_on=datetime.date(2019, 3, 8))
    ils.summary = (
        ils.summary.removesuffix(refresh_migration.ILS_SUMMARY_END)
        + refresh_migration.ILS_SUMMARY_BEFORE_END
    )
    ils.save()
    ReferenceValue.objects.filter(
        key="uc_standard_allowance_monthly", valid_from=datetime.date(2026, 4, 6)
    ).delete()


def figures():
    version = selectors.forecast_version_current()
    position = selectors.demand_balance_for(version=version, on=ON)
    return (
        version.slug,
        [(line.cohort, line.net, line.unmet) for line in position.lines],
        (position.demand_total, position.delivered, position.firm_pipeline, position.unmet_total),
        sorted(
            PipelineScheme.objects.filter(phase__version=version).values_list(
                "phase__number", "name", "units", "key", "status", "note", "outside_forecast"
            ),
            key=repr,
        ),
    )


@pytest.mark.django_db
def test_the_migration_brings_an_old_database_to_the_shipped_state(strategy_data):
    shipped = figures()
    as_before_the_refresh()
    assert selectors.forecast_version_current().slug == "2021-plan"

    run_migration()

    assert figures() == shipped
    assert shipped[2] == (551, 56, 22, 473)
    assert "was kept" in Decision.objects.get(decided_on=datetime.date(2019, 3, 8)).summary
    allowance = ReferenceValue.objects.get(
        key="uc_standard_allowance_monthly", valid_from=datetime.date(2026, 4, 6)
    )
    assert allowance.typed_value() == Decimal("424.90")
    assert "2026 to 2027" in allowance.source
    assert ReferenceValue.objects.filter(key="uc_standard_allowance_monthly").count() == 2
    refresh = ForecastVersion.objects.get(slug="2025-refresh")
    assert refresh.history.latest().history_change_reason == refresh_migration.REASON


@pytest.mark.django_db
def test_the_migration_leaves_staff_edits_alone_and_runs_once(strategy_data):
    as_before_the_refresh()
    plan = ForecastVersion.objects.get(slug="2021-plan")
    tilling = PipelineScheme.objects.get(
        phase__version__slug="2025-refresh", name="Extra care at Tilling Road"
    )
    tilling.note = "Staff: talks with a provider resumed."
    tilling.save()
    ils = Decision.objects.get(decided_on=datetime.date(2019, 3, 8))
    ils.summary = "Staff's own wording."
    ils.save()
    step_down = DemandLine.objects.get(group__version=plan, cohort__startswith="Mental health")
    step_down.net_units = 30
    step_down.save()

    run_migration()
    run_migration()

    tilling.refresh_from_db()
    assert tilling.note == "Staff: talks with a provider resumed."
    assert Decision.objects.get(pk=ils.pk).summary == "Staff's own wording."
    refresh = ForecastVersion.objects.get(slug="2025-refresh")
    assert refresh.is_current
    # The 2021 lines are carried forward as they stand, staff's edit included, once.
    carried = DemandLine.objects.filter(group__version=refresh)
    assert carried.count() == 12
    assert carried.get(cohort__startswith="Mental health").net_units == 30
    assert step_down.history.count() == 1
    assert DemandLine.objects.filter(group__version=plan).count() == 11


@pytest.mark.django_db
def test_the_migration_keeps_another_current_version_current(strategy_data):
    as_before_the_refresh()
    plan = ForecastVersion.objects.get(slug="2021-plan")
    ForecastVersion.objects.filter(pk=plan.pk).update(is_current=False)
    # Published: the current version always is (a constraint since strategy 0005).
    own = ForecastVersion.objects.create(
        name="Staff's 2026",
        slug="staff-2026",
        published_on=ON,
        source="Staff",
        is_current=True,
        is_published=True,
    )

    run_migration()

    assert selectors.forecast_version_current() == own


def test_on_an_empty_database_the_migration_does_nothing(empty_database):
    run_migration()

    assert not ForecastVersion.objects.exists()
    assert not ReferenceValue.objects.exists()


# --------------------------------------------------------------------------
# Migration 0006: public names for a database loaded before lines had them
# --------------------------------------------------------------------------

public_names_migration = importlib.import_module("strategy.migrations.0006_demandline_public_name")


def run_public_names_migration():
    state = MigrationExecutor(connection).loader.project_state(
        [("strategy", "0006_demandline_public_name")]
    )
    public_names_migration.fill_public_names(state.apps, None)


def test_the_public_names_migration_fills_shipped_lines_from_the_fixture(strategy_data):
    shipped = dict(DemandLine.objects.values_list("pk", "public_name"))
    DemandLine.objects.update(public_name="", public_name_source="", public_name_dated=None)
    renamed = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Shared housing"
    )
    renamed.public_name = "Staff's own name"
    renamed.save()

    run_public_names_migration()
    run_public_names_migration()

    for pk, public_name in DemandLine.objects.values_list("pk", "public_name"):
        assert public_name == ("Staff's own name" if pk == renamed.pk else shipped[pk])
    filled = DemandLine.objects.exclude(pk=renamed.pk).first()
    assert filled.public_name_source and filled.public_name_dated
    assert filled.history.latest().history_change_reason == public_names_migration.REASON
    # Once for each line filled: a second run finds nothing to fill.
    assert filled.history.filter(history_change_reason=public_names_migration.REASON).count() == 1
    assert renamed.history.filter(history_change_reason=public_names_migration.REASON).count() == 0


def test_a_line_without_a_public_name_is_named_by_its_cohort(strategy_data):
    line = DemandLine.objects.filter(group__version__is_current=True).first()
    line.public_name = ""
    assert line.name_for_providers == line.cohort
    line.public_name = "  "
    assert line.name_for_providers == line.cohort


# --------------------------------------------------------------------------
# Migration 0007: the 2025 review's stated delivery figures, as data
# --------------------------------------------------------------------------

review_figures_migration = importlib.import_module(
    "strategy.migrations.0007_review_delivery_figures"
)


def run_review_figures_migration():
    state = MigrationExecutor(connection).loader.project_state(
        [("strategy", "0007_review_delivery_figures")]
    )
    review_figures_migration.figures_add(state.apps, None)


def test_the_review_figures_migration_adds_the_stated_figures_once_and_keeps_edits(
    strategy_data,
):
    from strategy.models import VersionFigure

    VersionFigure.objects.filter(key__in=review_figures_migration.KEYS).delete()
    refresh = ForecastVersion.objects.get(slug="2025-refresh")
    VersionFigure.objects.create(
        version=refresh,
        key="review-sites-delivered",
        label="Sites delivered",
        value=12,
        unit="sites",
        source="Staff's correction",
    )

    run_review_figures_migration()
    run_review_figures_migration()

    stated = {
        figure.key: figure.value
        for figure in VersionFigure.objects.filter(key__in=review_figures_migration.KEYS)
    }
    # The review: "56 units of accommodation had been successfully delivered
    # over 11 sites", "22 accommodation units had been" confirmed (docs/seeds/003).
    assert stated == {
        "review-units-delivered": 56,
        "review-sites-delivered": 12,
        "review-units-confirmed": 22,
    }
    assert VersionFigure.objects.filter(key__in=review_figures_migration.KEYS).count() == 3
    assert not VersionFigure.objects.filter(
        key__in=review_figures_migration.KEYS, version__slug="2021-plan"
    ).exists()
