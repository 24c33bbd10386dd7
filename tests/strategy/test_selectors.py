"""The strategy's totals are computed from its rows, never stored."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from strategy import selectors
from strategy.models import DemandLine, ExistingProvision, ForecastVersion, PipelineScheme

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def plan():
    return ForecastVersion.objects.get(slug="2021-plan")


def summary_of(version):
    """The summary with no offers in the database (the strategy's own rows)."""
    position = selectors.demand_balance_for(version=version, on=ON)
    return selectors.strategy_summary(version=version, position=position)


def unmet_by_line(version):
    position = selectors.demand_balance_for(version=version, on=ON)
    return {line.id: line.unmet for line in position.lines}


def test_summary_figures_match_the_strategy():
    summary = summary_of(plan()).to_dict()

    assert summary["demand_total"] == 396
    assert summary["adults_total"] == 373
    assert summary["young_people_total"] == 23
    assert summary["total_with_confirmed"] == 551
    assert summary["phase_units"] == {"1": 196, "2": 66, "3": 70}
    assert summary["proposed_excluding_confirmed"] == 177
    assert summary["shortfall"] == 219
    assert summary["existing_schemes"] == 112
    assert summary["existing_units"] == 632


def test_group_totals_match_the_strategy_table():
    version = plan()
    position = selectors.demand_balance_for(version=version, on=ON)
    groups = selectors.demand_group_list(version=version, position=position)
    totals = {g.name: g.net_units for g in groups}

    assert totals == {
        "Adult provision": 35,
        "New provision for statutory cases": 98,
        "New provision to delay entry into statutory care": 72,
        "Respite provision": 8,
        "Replacement of sub-standard existing provision for statutory care and "
        "sheltered housing": 160,
        "Young people provision": 23,
    }


def test_phase_figures_computed_from_schemes_agree_with_the_stated_figures():
    version = plan()
    for phase in selectors.phase_list(version=version):
        assert phase.units == phase.stated_units, phase


def test_editing_a_line_changes_the_totals():
    line = DemandLine.objects.get(cohort__startswith="Respite unit", group__version=plan())
    line.net_units = 10
    line.save()

    summary = summary_of(plan())

    assert summary.demand_total == 398
    assert summary.adults_total == 375
    assert summary.shortfall == 221


def test_firm_scheme_allocated_to_a_line_reduces_its_unmet_units():
    version = selectors.forecast_version_current()
    step_down = PipelineScheme.objects.get(
        name__startswith="Progress site option", phase__version=version
    )
    assert step_down.key == PipelineScheme.Key.NO_FIRM_DATE
    assert unmet_by_line(version)[step_down.demand_line_id] == 27

    step_down.key = PipelineScheme.Key.FIRM
    step_down.units = 20
    step_down.save()

    assert unmet_by_line(version)[step_down.demand_line_id] == 7
    assert summary_of(version).unmet_total == 551 - 56 - 22 - 20


def test_a_scheme_not_proceeding_drops_out_of_its_phase():
    PipelineScheme.objects.filter(name="Extra care at Hamelin Road", phase__version=plan()).update(
        status=PipelineScheme.Status.NOT_PROCEEDING
    )

    summary = summary_of(plan())

    assert summary.phase_units["1"] == 196 - 82
    assert summary.total_with_confirmed == 551 - 82


def test_ils_schemes_are_held_but_not_counted_as_appendix_a_supply():
    ils = ExistingProvision.objects.get(register=ExistingProvision.Register.ILS)
    assert (ils.schemes, ils.people) == (13, 82)
    assert summary_of(plan()).existing_schemes == 112


def test_strategy_summary_command_prints_one_json_object():
    out = StringIO()
    call_command("strategy_summary", format="json", version_slug="2021-plan", stdout=out)

    printed = json.loads(out.getvalue())

    assert [
        printed[key]
        for key in (
            "demand_total",
            "adults_total",
            "young_people_total",
            "total_with_confirmed",
            "proposed_excluding_confirmed",
            "shortfall",
            "existing_schemes",
            "existing_units",
        )
    ] == [396, 373, 23, 551, 177, 219, 112, 632]
    assert printed["phase_units"] == {"1": 196, "2": 66, "3": 70}


def test_strategy_summary_defaults_to_the_2025_refresh():
    """strategy-data.md §4a: demand 551; delivered 56; firm 22; still needed 473."""
    out = StringIO()
    call_command("strategy_summary", format="json", stdout=out)

    printed = json.loads(out.getvalue())

    assert printed["version"] == "2025 refresh"
    assert (printed["demand_total"], printed["delivered"], printed["firm_pipeline"]) == (
        551,
        56,
        22,
    )
    assert printed["accepted_offers"] == 0
    assert printed["unattributed_supply"] == 56 + 22
    assert printed["unmet_total"] == 473
    assert sum(line["net"] for line in printed["lines"]) == 551
    # Unattributed supply reduces the total, but no line.
    assert all(line["unmet"] == line["net"] for line in printed["lines"])
    assert set(printed["lines"][0]) == {
        "cohort",
        "public_name",
        "net",
        "delivered",
        "firm_pipeline",
        "accepted_offers",
        "unmet",
    }
    extra_care = next(
        line for line in printed["lines"] if line["cohort"].startswith("Extra care in place of")
    )
    assert extra_care["net"] == 155


def test_the_2025_refresh_holds_hamelin_and_tilling_as_not_proceeding_with_the_reason():
    refresh = selectors.forecast_version_current()
    schemes = PipelineScheme.objects.filter(
        phase__version=refresh,
        name__in=["Extra care at Hamelin Road", "Extra care at Tilling Road"],
    )
    assert {(s.units, s.status) for s in schemes} == {
        (82, PipelineScheme.Status.NOT_PROCEEDING),
        (73, PipelineScheme.Status.NOT_PROCEEDING),
    }
    assert all("mixed model" in s.note for s in schemes)
    line = DemandLine.objects.get(
        group__version=refresh, cohort="Extra care in place of Hamelin Road and Tilling Road"
    )
    assert (line.net_units, set(line.client_groups), set(line.configurations)) == (
        155,
        {"older_people", "dementia"},
        {"extra_care"},
    )
    assert "£5.9m" in line.rationale and "care leavers" in line.rationale
