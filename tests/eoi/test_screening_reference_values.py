"""The screening rules' reference values: the registry, the fixture, the
migration and the start-up check agree, and a gap is found at start-up."""

import datetime
import importlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from eoi.checks import MISSING_ID, UNUSABLE_ID, check_screening_reference_values
from eoi.screening import REFERENCE_KEYS, ReferenceValuesInvalid
from strategy.models import ReferenceValue
from tests.eoi.test_screening import make_context

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "strategy.json"
migration = importlib.import_module("strategy.migrations.0002_screening_reference_values")


def _fixture_values() -> dict[str, dict]:
    return {
        record["fields"]["key"]: {"pk": record["pk"], **record["fields"]}
        for record in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if record["model"] == "strategy.referencevalue"
    }


def test_the_fixture_holds_every_key_the_rules_read_with_its_kind():
    shipped = _fixture_values()
    for key, declared in REFERENCE_KEYS.items():
        assert key in shipped, key
        assert shipped[key]["kind"] == declared.kind, key
        assert shipped[key]["source"] and shipped[key]["valid_from"], key


def test_the_migration_adds_the_same_records_as_the_fixture():
    shipped = _fixture_values()
    for pk, *values in migration.VALUES:
        fields = dict(zip(migration.FIELDS, values))
        assert {**fields, "pk": pk, "note": ""} == shipped[fields["key"]]


def test_the_rule_table_figures_are_the_shipped_defaults():
    """screening-rules.md: LHA rates to 4 bedrooms; RTB up to 30% of capital
    cost; priority +40 demand, +10 less well served, +15 preferred model,
    stage 20/20/20/15/12/6/2, +5 within two years, +10 ✿ line, −10 a concern."""
    shipped = {
        key: Decimal(row["value"])
        for key, row in _fixture_values().items()
        if row["kind"] in ("number", "percent")
    }
    expected = {
        "lha_max_bedrooms": 4,
        "right_to_buy_cap_percent": 30,
        "priority_demand_points": 40,
        "priority_less_well_served_points": 10,
        "priority_preferred_model_points": 15,
        "priority_available_soon_points": 5,
        "priority_available_soon_days": 730,
        "priority_site_line_points": 10,
        "priority_concern_penalty_points": 10,
        "priority_stage_points_existing_building": 20,
        "priority_stage_points_under_construction": 20,
        "priority_stage_points_planning_granted": 20,
        "priority_stage_points_open_market_purchase": 15,
        "priority_stage_points_planning_submitted": 12,
        "priority_stage_points_site_identified": 6,
        "priority_stage_points_concept": 2,
        "exempt_restriction_percent": 125,
        "tenant_charges_share_percent": 25,
        "site_required_min_hectares": Decimal("0.5"),
        "waking_night_hours_weekly": 70,
    }
    assert {key: shipped[key] for key in expected} == expected


def test_a_context_without_a_key_fails_clearly():
    context = make_context()
    reference = dict(context.reference)
    del reference["priority_demand_points"]
    with pytest.raises(ReferenceValuesInvalid, match="priority_demand_points: missing"):
        type(context)(**{**context.__dict__, "reference": reference})


def test_a_context_with_a_mistyped_key_fails_clearly():
    with pytest.raises(ReferenceValuesInvalid, match="lha_max_bedrooms"):
        make_context(lha_max_bedrooms="four")


@pytest.mark.django_db(databases=["default"])
def test_check_passes_with_the_shipped_data(strategy_data):
    assert check_screening_reference_values(databases=["default"]) == []


@pytest.mark.django_db(databases=["default"])
def test_check_finds_a_missing_key(strategy_data):
    ReferenceValue.objects.filter(key="right_to_buy_cap_percent").delete()
    errors = check_screening_reference_values(databases=["default"])
    assert [(error.id, "right_to_buy_cap_percent" in error.msg) for error in errors] == [
        (MISSING_ID, True)
    ]


@pytest.mark.django_db(databases=["default"])
def test_check_finds_a_key_not_yet_in_force(strategy_data):
    ReferenceValue.objects.filter(key="lha_max_bedrooms").update(
        valid_from=datetime.date.today() + datetime.timedelta(days=30)
    )
    errors = check_screening_reference_values(databases=["default"])
    assert [error.id for error in errors] == [MISSING_ID]


@pytest.mark.django_db(databases=["default"])
def test_check_finds_a_mistyped_key(strategy_data):
    ReferenceValue.objects.filter(key="priority_demand_points").update(kind="text")
    ReferenceValue.objects.filter(key="sleep_in_nightly_rate").update(value="ninety")
    errors = check_screening_reference_values(databases=["default"])
    assert sorted(error.id for error in errors) == [UNUSABLE_ID, UNUSABLE_ID]
    assert "priority_demand_points" in errors[0].msg + errors[1].msg
    assert "sleep_in_nightly_rate" in errors[0].msg + errors[1].msg


@pytest.mark.django_db(databases=["default"])
def test_manage_py_check_database_refuses_to_start(strategy_data):
    ReferenceValue.objects.filter(key="priority_concern_penalty_points").delete()
    call_command("check")  # without --database the check does not touch the database
    with pytest.raises(SystemCheckError, match="priority_concern_penalty_points"):
        call_command("check", databases=["default"])


@pytest.mark.django_db(databases=["default"])
def test_the_migration_adds_only_missing_keys_and_its_reverse_only_what_it_added(strategy_data):
    from django.apps import apps

    ReferenceValue.objects.filter(key="priority_site_line_points").delete()
    ReferenceValue.objects.filter(key="priority_demand_points").update(value="55")
    before = ReferenceValue.objects.count()

    migration.add_missing(apps, None)

    assert ReferenceValue.objects.count() == before + 1
    added = ReferenceValue.objects.get(key="priority_site_line_points")
    assert (added.value, added.note) == ("10", migration.ADDED_NOTE)
    assert added.history.filter(history_type="+").exists()
    assert ReferenceValue.objects.get(key="priority_demand_points").value == "55"

    migration.add_missing(apps, None)  # twice: nothing more
    assert ReferenceValue.objects.count() == before + 1

    migration.remove_added(apps, None)
    assert ReferenceValue.objects.count() == before
    assert not ReferenceValue.objects.filter(key="priority_site_line_points").exists()
    assert ReferenceValue.objects.get(key="priority_demand_points").value == "55"


def test_a_larger_lha_size_needs_its_own_rate():
    with pytest.raises(ReferenceValuesInvalid, match="lha_5_bed_weekly: missing"):
        make_context(lha_max_bedrooms=Decimal("5"))


@pytest.mark.django_db(databases=["default"])
def test_check_finds_a_larger_lha_size_without_its_rate(strategy_data):
    ReferenceValue.objects.filter(key="lha_max_bedrooms").update(value="5")
    errors = check_screening_reference_values(databases=["default"])
    assert [error.id for error in errors] == [MISSING_ID]
    assert "lha_5_bed_weekly" in errors[0].msg
