"""screen_offer and import_offers, exactly as offer-format.md describes them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from eoi.models import Offer, Screening
from tests.support.examples import EXAMPLES_DIR, example_files

EXAMPLE_FILES = example_files()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def screen_json(path) -> dict:
    out = StringIO()
    call_command("screen_offer", str(path), format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_examples_are_there():
    assert len(EXAMPLE_FILES) >= 5, EXAMPLES_DIR


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_get_the_outcomes_they_state(path):
    expect = json.loads(path.read_text())["expect"]

    if expect.get("exit_status") == 2:
        with pytest.raises(CommandError) as error:
            screen_json(path)
        assert error.value.returncode == 2
        return

    printed = screen_json(path)
    assert printed["overall"] == expect["overall"]
    for factor, outcome in expect["factors"].items():
        assert printed["factors"][factor]["outcome"] == outcome, printed["factors"][factor]


def test_screen_offer_prints_the_documented_shape(tmp_path):
    printed = screen_json(EXAMPLE_FILES[0])

    assert set(printed) >= {"overall", "priority", "factors", "matched_demand", "figures"}
    assert list(printed["factors"]) == [
        "procurement",
        "strategic_fit",
        "rent_level",
        "support_costs",
        "tenant_affordability",
        "location",
        "quality",
    ]
    assert printed["figures"]["gross_eligible_rent"] == "185.00"
    assert printed["figures"]["benefit_route"] == "housing_benefit_exempt"
    assert {
        "cohort": "Mental health inpatient discharges from the Bradgate Unit",
        "public_name": "Step-down homes for people leaving mental health hospital",
        "unmet_units": 27,
    } in printed["matched_demand"]


def test_screen_offer_text_format_names_each_factor():
    out = StringIO()
    call_command("screen_offer", str(EXAMPLE_FILES[0]), format="text", stdout=out)

    assert "Procurement" in out.getvalue()
    assert "185.00" in out.getvalue()


def test_screen_offer_saves_nothing():
    screen_json(EXAMPLE_FILES[0])

    assert Offer.objects.count() == 0


def test_invalid_offer_names_the_field_and_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"offer_type": "castle"}))

    with pytest.raises(CommandError) as error:
        screen_json(bad)

    assert error.value.returncode == 2
    assert "offer_type" in str(error.value)
    assert "organisation" in str(error.value)


@pytest.mark.parametrize("content", ["{not json", ""])
def test_a_file_that_is_not_json_exits_2(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content)

    with pytest.raises(CommandError) as error:
        screen_json(bad)

    assert error.value.returncode == 2


def test_import_offers_saves_screened_offers_and_prints_references(tmp_path):
    offers = [json.loads(p.read_text())["offer"] for p in EXAMPLE_FILES[:3]]
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(offers))
    out = StringIO()

    call_command("import_offers", str(batch), stdout=out)

    references = out.getvalue().split()
    assert len(references) == 3
    assert all(ref.startswith("EOI-") for ref in references)
    assert Offer.objects.count() == 3
    assert Screening.objects.filter(trigger=Screening.Trigger.SUBMISSION).count() == 3
    first = Offer.objects.get(reference=references[0])
    assert first.recommendation == screen_json(EXAMPLE_FILES[0])["overall"]


def test_import_offers_validates_all_before_saving_any(tmp_path):
    good = json.loads(EXAMPLE_FILES[0].read_text())["offer"]
    bad = json.loads(EXAMPLE_FILES[-1].read_text())["offer"]  # the unknown key
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([good, bad]))

    with pytest.raises(CommandError) as error:
        call_command("import_offers", str(batch), stdout=StringIO())

    assert error.value.returncode == 2
    assert "offer 2" in str(error.value)
    assert "scheme.number_of_flats" in str(error.value)
    assert Offer.objects.count() == 0
