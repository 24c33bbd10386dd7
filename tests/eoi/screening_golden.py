"""Every offer the screening tests screen, and its full result, kept on file.

The cases: each example offer (tests/data/examples) and each parametrised case
of ``tests/eoi/test_screening.py`` (the rule-table rows and the variants),
screened against the tests' default context (or the row's own context
arguments). ``tests/data/screening_golden.json`` holds ``screen(...).to_dict()``
and ``result_as_text(...)`` for each, so a refactor of the rules can show it
gives the same results.

Rewrite the file (only when a change of result is intended, and say which
entries changed and why in the commit)::

    .venv/bin/python -m tests.eoi.screening_golden
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import json
import sys
from decimal import Decimal
from pathlib import Path

from eoi.offers.document import OfferDocumentError, parse_offer
from eoi.screening import result_as_text, screen
from tests.eoi import test_screening
from tests.eoi.test_screening import make_context, make_offer
from tests.support.examples import example_files

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "screening_golden.json"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "strategy.json"
# The shipped reference values as of this commit's fixture, so that the golden
# results do not move when other records of the fixture change.
FIXTURE_ON = datetime.date(2026, 3, 2)


def _typed(kind: str, raw: str):
    raw = raw.strip()
    if kind in ("money", "number", "percent"):
        return Decimal(raw)
    if kind == "boolean":
        return raw.lower() == "true"
    if kind == "date":
        return datetime.date.fromisoformat(raw) if raw else None
    if kind == "list":
        return tuple(item.strip() for item in raw.split(",") if item.strip())
    return raw


def fixture_context():
    """The tests' default context with the reference values of the fixture."""
    context = make_context()
    rows = [
        record["fields"]
        for record in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if record["model"] == "strategy.referencevalue"
    ]
    in_force = {}
    for row in sorted(rows, key=lambda row: row["valid_from"]):
        if datetime.date.fromisoformat(row["valid_from"]) <= FIXTURE_ON:
            in_force[row["key"]] = row
    reference = dict(context.reference)
    for key, row in in_force.items():
        reference[key] = dataclasses.replace(
            reference.get(key) or next(iter(reference.values())),
            key=key,
            value=_typed(row["kind"], row["value"]),
            unit=row["unit"],
            source=row["source"],
            valid_from=datetime.date.fromisoformat(row["valid_from"]),
            is_council_default=row["is_council_default"],
        )
    return dataclasses.replace(context, reference=reference)


def _recorded_cases():
    """(id, offer, context) for each ``screen`` call of the plain tests."""
    calls = []

    def recording_screen(offer, context):
        calls.append((offer, context))
        return screen(offer, context)

    saved = test_screening.screen
    test_screening.screen = recording_screen
    try:
        for name, function in inspect.getmembers(test_screening, inspect.isfunction):
            if not name.startswith("test_") or hasattr(function, "pytestmark"):
                continue
            if inspect.signature(function).parameters:
                continue
            calls.clear()
            try:
                function()
            except Exception:  # a failing test still screened what it screened
                pass
            for number, (offer, context) in enumerate(list(calls)):
                yield f"{name}#{number}", offer, context
    finally:
        test_screening.screen = saved


def _parametrised_cases():
    """(id, changes, context_args) for every parametrised test of test_screening."""
    for name, function in inspect.getmembers(test_screening, inspect.isfunction):
        if not name.startswith("test_"):
            continue
        for mark in getattr(function, "pytestmark", ()):
            if mark.name != "parametrize":
                continue
            names = [part.strip() for part in mark.args[0].split(",")]
            if "changes" not in names:
                continue
            for param in mark.args[1]:
                values = dict(zip(names, param.values))
                yield (
                    f"{name}[{param.id}]",
                    values["changes"],
                    values.get("context_args") or {},
                )


def cases():
    """(id, offer document, context) for every case, in a stable order."""
    for path in example_files():
        document = json.loads(path.read_text(encoding="utf-8"))["offer"]
        try:
            offer = parse_offer(document)
        except OfferDocumentError:
            continue  # refused before screening (exit status 2)
        yield f"example[{path.stem}]", offer, make_context()
        yield f"example[{path.stem}]@fixture", offer, fixture_context()
    for case_id, changes, context_args in _parametrised_cases():
        yield case_id, make_offer(changes), make_context(**context_args)
    yield from _recorded_cases()


def results() -> dict[str, dict]:
    out = {}
    for case_id, offer, context in cases():
        result = screen(offer, context)
        out[case_id] = {"result": result.to_dict(), "text": result_as_text(result)}
    return out


def write() -> int:
    data = results()
    GOLDEN.write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"{len(data)} results written to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(write())
