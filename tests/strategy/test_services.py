"""New forecast versions by copying, and the choice of the current one."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eoi import roles
from eoi.progress import inputs
from eoi.progress import tally as progress
from strategy import selectors, services
from strategy.models import DemandLine, ForecastVersion, PipelineScheme, SupplyAllocation
from tests.eoi.factories import staff

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


@pytest.fixture
def chris(db):
    return staff("chris", roles.COMMISSIONERS)


def version(slug):
    return ForecastVersion.objects.get(slug=slug)


def totals(of):
    position = selectors.demand_balance_for(version=of, on=AS_OF)
    phases = progress.progress(inputs.progress_inputs(version=of), as_of=AS_OF).phases
    return (
        [line.to_dict() for line in position.lines],
        position.unattributed,
        [phase.figures for phase in phases],
    )


def copy_of(slug, actor, new_slug="2026-refresh"):
    return services.forecast_version_copy(
        version=version(slug),
        name="2026 refresh",
        slug=new_slug,
        published_on=datetime.date(2026, 11, 23),
        actor=actor,
    )


def test_a_copy_holds_everything_of_the_original_and_counts_the_same(chris):
    original = version("2021-plan")

    copy = copy_of("2021-plan", chris)

    assert (copy.is_current, copy.based_on) == (False, original)
    assert DemandLine.objects.filter(group__version=copy).count() == 11
    assert copy.phases.count() == 3
    assert PipelineScheme.objects.filter(phase__version=copy).count() == 10
    assert copy.figures.count() == original.figures.count()
    assert totals(copy) == totals(original)
    # Each scheme is allocated to the copy's own line, never the original's.
    allocated = PipelineScheme.objects.filter(phase__version=copy, demand_line__isnull=False)
    assert allocated.count() == 4
    assert set(allocated.values_list("demand_line__group__version", flat=True)) == {copy.pk}
    assert selectors.demand_line_source(copy) == copy


def test_copying_the_2025_refresh_gives_it_the_lines_it_stands_on(chris):
    copy = copy_of("2025-refresh", chris)

    assert DemandLine.objects.filter(group__version=copy).count() == 12
    assert copy.deliveries.get().units == 56
    assert totals(copy) == totals(version("2025-refresh"))
    assert copy.figures.get(key="supply-now").value == 698


def test_the_copy_records_who_made_it(chris):
    copy = copy_of("2021-plan", chris)

    assert copy.history.first().history_user == chris
    assert copy.phases.first().history.first().history_user == chris


def test_a_short_name_already_used_is_refused(chris):
    with pytest.raises(ValidationError) as error:
        copy_of("2021-plan", chris, new_slug="2025-refresh")

    assert "slug" in error.value.message_dict
    assert ForecastVersion.objects.count() == 2


def test_making_a_version_current_unsets_the_old_one(chris):
    copy = copy_of("2025-refresh", chris)
    services.forecast_version_publish(version=copy, actor=chris)

    services.forecast_version_make_current(version=copy, actor=chris)

    assert list(ForecastVersion.objects.filter(is_current=True)) == [copy]
    assert selectors.forecast_version_current() == copy
    assert selectors.demand_balance_for(version=copy, on=AS_OF).demand_total == 551


def test_a_version_without_its_own_lines_cannot_be_made_current(chris):
    bare = ForecastVersion.objects.create(
        name="Bare",
        slug="bare",
        published_on=AS_OF,
        source="Test",
        based_on=version("2025-refresh"),
    )
    with pytest.raises(ValidationError) as error:
        services.forecast_version_make_current(version=bare, actor=chris)

    assert error.value.code == "no_demand_lines"
    assert selectors.forecast_version_current() == version("2025-refresh")


def test_a_copy_keeps_the_attributions_of_supply_to_lines(chris):
    refresh = version("2025-refresh")
    line = DemandLine.objects.get(group__version=refresh, cohort__startswith="Mental health")
    SupplyAllocation.objects.create(delivery=refresh.deliveries.get(), demand_line=line, units=10)

    copy = copy_of("2025-refresh", chris)

    allocation = SupplyAllocation.objects.get(delivery__version=copy)
    assert (allocation.units, allocation.demand_line.group.version) == (10, copy)
    assert totals(copy) == totals(refresh)
