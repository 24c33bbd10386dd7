"""The strategy's totals are computed from its rows, never stored."""
import json
from io import StringIO

import pytest
from django.core.management import call_command

from strategy import selectors
from strategy.models import DemandLine, ExistingProvision, PipelineScheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def test_summary_figures_match_the_strategy():
    summary = selectors.strategy_summary().to_dict()

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
    version = selectors.forecast_version_current()
    totals = {g.name: g.net_units for g in selectors.demand_group_list(version=version)}

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
    version = selectors.forecast_version_current()
    for phase in selectors.phase_list(version=version):
        assert phase.units == phase.stated_units, phase


def test_editing_a_line_changes_the_totals():
    line = DemandLine.objects.get(cohort__startswith="Respite unit")
    line.net_units = 10
    line.save()

    summary = selectors.strategy_summary()

    assert summary.demand_total == 398
    assert summary.adults_total == 375
    assert summary.shortfall == 221


def test_firm_scheme_allocated_to_a_line_reduces_its_unmet_units():
    step_down = PipelineScheme.objects.get(name__startswith="Progress site option")
    assert step_down.key == PipelineScheme.Key.NO_FIRM_DATE
    version = selectors.forecast_version_current()
    unmet = {
        line.pk: line.unmet_units for line in selectors.demand_line_list(version=version)
    }
    assert unmet[step_down.demand_line_id] == 27

    step_down.key = PipelineScheme.Key.FIRM
    step_down.units = 20
    step_down.save()

    lines = {line.pk: line for line in selectors.demand_line_list(version=version)}
    assert lines[step_down.demand_line_id].unmet_units == 7
    assert selectors.strategy_summary().unmet_total == 396 - 20


def test_a_scheme_not_proceeding_drops_out_of_its_phase():
    PipelineScheme.objects.filter(name="Extra care at Hamelin Road").update(
        status=PipelineScheme.Status.NOT_PROCEEDING
    )

    summary = selectors.strategy_summary()

    assert summary.phase_units["1"] == 196 - 82
    assert summary.total_with_confirmed == 551 - 82


def test_ils_schemes_are_held_but_not_counted_as_appendix_a_supply():
    ils = ExistingProvision.objects.get(register=ExistingProvision.Register.ILS)
    assert (ils.schemes, ils.people) == (13, 82)
    assert selectors.strategy_summary().existing_schemes == 112


def test_strategy_summary_command_prints_one_json_object():
    out = StringIO()
    call_command("strategy_summary", format="json", stdout=out)

    printed = json.loads(out.getvalue())

    assert printed["demand_total"] == 396
    assert printed["phase_units"] == {"1": 196, "2": 66, "3": 70}
    assert printed["shortfall"] == 219
