"""screen_offer and import_offers on unusual files: every one is screened
(or imported), or refused with exit status 2 and ``path: message`` lines on
stderr, never a traceback (offer-format.md, "Commands that read it").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings

from eoi.models import Offer
from eoi.offers.document.sections import QUESTIONS
from eoi.offers.document import parse_offer
from eoi.offers.services import offer_document_from_model
from tests.eoi.offer_strategies import offers
from tests.support.examples import example_offer

ROOT = Path(__file__).resolve().parents[2]
DEEP = "[" * 100_000 + "]" * 100_000
HUGE_INTEGER = "1" + "0" * 4999  # 5,000 digits: Python refuses to convert it


def refusal(command: str, path: Path) -> str:
    with pytest.raises(CommandError) as raised:
        call_command(command, str(path), stdout=StringIO())
    assert raised.value.returncode == 2
    return str(raised.value)


def write(tmp_path: Path, text: str, name: str = "offer.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_answers(**answers) -> str:
    """Example 01 with ``section__field`` answers replaced, as JSON text."""
    document = example_offer()
    for key, value in answers.items():
        section, name = key.split("__")
        document.setdefault(section, {})[name] = value
    return json.dumps(document)


UNUSUAL = [
    pytest.param(DEEP, "not valid JSON: nested too deeply", id="deep-list"),
    pytest.param(
        '{"notes": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "not valid JSON: nested too deeply",
        id="deep-in-an-object",
    ),
    pytest.param(
        '{"scheme": {"units": ' + HUGE_INTEGER + "}}",
        "not valid JSON: a number has more digits than can be read",
        id="5000-digit-integer",
    ),
    pytest.param(
        with_answers(support__individual_hours_per_person_per_week=1e308),
        "support.individual_hours_per_person_per_week: is too large",
        id="hours-1e308",
    ),
    pytest.param(
        with_answers(finance__weekly_core_rent="1" * 28),
        "finance.weekly_core_rent: is too large",
        id="28-digit-rent",
    ),
    pytest.param(
        with_answers(scheme__name="x" * 5000),
        "scheme.name: must be 200 characters or fewer",
        id="5000-character-name",
    ),
    pytest.param(
        with_answers(scheme__postcode="LE2\x001A"),
        "scheme.postcode: must not contain the character U+0000",
        id="nul-character",
    ),
    pytest.param(
        with_answers(scheme__ward="Castle\ud800"),
        "scheme.ward: must not contain the character U+D800",
        id="lone-surrogate",
    ),
    pytest.param("NaN", "offer: must be a JSON object", id="nan"),
    pytest.param("", "not valid JSON", id="empty"),
]


@pytest.mark.parametrize("text, message", UNUSUAL)
@pytest.mark.parametrize("command", ["screen_offer", "import_offers"])
def test_an_unusual_file_is_refused_with_path_and_message(tmp_path, command, text, message):
    error = refusal(command, write(tmp_path, text))
    assert message in error
    assert "Traceback" not in error


@pytest.mark.django_db
def test_import_offers_saves_nothing_from_a_list_with_an_unusual_offer(tmp_path):
    good = example_offer()
    bad = json.loads(with_answers(finance__weekly_core_rent="9" * 30))
    error = refusal("import_offers", write(tmp_path, json.dumps([good, bad])))
    assert "offer 2" in error and "finance.weekly_core_rent: is too large" in error
    assert Offer.objects.count() == 0


def test_a_directory_is_refused(tmp_path):
    assert "cannot be read" in refusal("screen_offer", tmp_path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "offer.json"
    path.write_bytes(b'{"notes": "\xff\xfe"}')
    assert "not valid JSON" in refusal("screen_offer", path)


@pytest.mark.parametrize(
    "text",
    [pytest.param(DEEP, id="deep"), pytest.param(HUGE_INTEGER, id="5000-digits")],
)
def test_the_command_line_exits_2_with_a_message_and_no_traceback(tmp_path, text):
    path = write(tmp_path, text)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "leicester_sl.settings.test"}
    finished = subprocess.run(
        [sys.executable, "manage.py", "screen_offer", str(path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 2, finished.stderr
    assert "Traceback" not in finished.stderr
    assert f"{path}: not valid JSON" in finished.stderr
    assert finished.stdout == ""


@pytest.mark.django_db
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(offers())
def test_what_the_parser_takes_import_offers_saves_and_reads_back(document):
    """The parser's limits are the columns': any offer it takes is saved
    whole, the largest numbers and longest texts included."""
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), json.dumps(document))
        out = StringIO()
        call_command("import_offers", str(path), stdout=out)
    offer = Offer.objects.get(reference=out.getvalue().strip())
    assert answers(offer_document_from_model(offer)) == answers(parse_offer(document))


def answers(offer) -> dict:
    """Every question's answer (an omitted section's as not given)."""
    found = {}
    for question in QUESTIONS:
        part = getattr(offer, question.section) if question.section else offer
        found[question.path] = None if part is None else getattr(part, question.name)
    return {
        path: None if isinstance(value, (str, tuple)) and not value else value
        for path, value in found.items()
    }
