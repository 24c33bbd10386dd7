"""No input makes screen_offer raise: every file is screened or refused with
exit status 2 and ``path: message`` lines (offer-format.md).

Documents go through what ``screen_offer`` runs on a file's text: the
command's own reading (``json_of``) and parsing (``parse_or_fail``), then
screening against the tests' default context (the command reads the same
rules' context from the database) and both of its outputs. Generated
documents: valid offers with up to three answers replaced by hostile values
(1e308, 10^26, 28- and 5,000-digit numbers, NaN and Infinity, huge strings,
NUL and unpaired surrogates, wrong types), keys added or removed, and texts
that are not JSON a Python value can be dumped as (deep nesting, a
5,000-digit integer). ``test_ten_thousand_documents`` runs 10,000 of them
from a seeded generator.
"""

from __future__ import annotations

import copy
import json
import random
import re
from typing import Any

from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eoi.offers.files import json_of, parse_or_fail
from eoi.screening import result_as_text, screen
from tests.eoi.offer_strategies import (
    HOSTILE_VALUES,
    HUGE_INTEGER,
    hostile_json_texts,
    hostile_values,
    offers,
)
from tests.eoi.test_screening import BASE_OFFER, SUPPORT, make_context
from tests.support.examples import example_files

CONTEXT = make_context()
WHERE = "offer.json"
SECTION = r"(organisation|contact|scheme|finance|support)"
KEY = r'([A-Za-z0-9_]+|"(?:[^"\\]|\\.)*")'
# "  scheme.units: must be …", "  scheme.client_groups[1]: …", "  offer: …",
# an unknown key plain or quoted: '  scheme."a\nb": unknown key'.
PATH_MESSAGE = re.compile(rf"^  (offer|({SECTION}\.)?{KEY}(\[\d+\])?): \S[^\n]*$")


def screen_offer(text: str) -> str:
    """What ``screen_offer`` does with a file's text: "screened" or
    "refused" (asserting the refusal's form); anything else raises."""
    try:
        offer = parse_or_fail(json_of(text, where=WHERE), where=WHERE)
    except CommandError as error:
        assert error.returncode == 2
        lines = str(error).split("\n")
        if lines[0] == f"{WHERE} is not a valid offer:":
            assert len(lines) > 1
            for line in lines[1:]:
                assert PATH_MESSAGE.match(line), line
        else:
            assert len(lines) == 1 and lines[0].startswith(f"{WHERE}: "), lines
        return "refused"
    result = screen(offer, CONTEXT)
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    result_as_text(result).encode("utf-8")
    return "screened"


def as_json_text(document: Any) -> str:
    """The document as JSON text; ``HUGE_INTEGER`` and deep nesting written
    in place of their markers (Python cannot dump either)."""
    text = json.dumps(document)
    text = text.replace('"<huge integer>"', HUGE_INTEGER)
    return text.replace('"<deep>"', "[" * 20_000 + "]" * 20_000)


def paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            found.append((*prefix, key))
            found += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found.append((*prefix, index))
            found += paths(value, (*prefix, index))
    return found


def mutate(document: dict, choose, value_for) -> dict:
    """Replace, remove or add one value somewhere in the document."""
    document = copy.deepcopy(document)
    path = choose(paths(document))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    action = choose(["replace", "replace", "replace", "remove", "add"])
    if action == "replace":
        parent[path[-1]] = value_for()
    elif action == "remove":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        key = choose(["extra", "", "a\nb", "\x00", "x" * 300, f"{path[-1]}_"])
        parent[key] = value_for()
    return document


MARKERS = ["<huge integer>", "<deep>"]


@st.composite
def documents(draw) -> str:
    document = draw(offers())
    for _ in range(draw(st.integers(0, 3))):
        document = mutate(
            document,
            lambda items: draw(st.sampled_from(items)),
            lambda: draw(st.one_of(hostile_values(), st.sampled_from(MARKERS))),
        )
    return as_json_text(document)


RUN = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@RUN
@given(st.one_of(documents(), hostile_json_texts()))
def test_no_document_makes_screen_offer_raise(text):
    screen_offer(text)


@RUN
@given(hostile_values())
def test_no_json_value_makes_screen_offer_raise(value):
    screen_offer(json.dumps(value))


def test_ten_thousand_documents():
    """10,000 documents from a seeded generator: the examples and generated
    offers, mutated; every one screened or refused with path: message."""
    generator = random.Random(23)
    bases = [json.loads(path.read_text())["offer"] for path in example_files()]
    bases += [
        {**BASE_OFFER, "offer_type": "accommodation_and_support", "support": SUPPORT},
        {**BASE_OFFER, "offer_type": "care_and_support", "support": SUPPORT},
    ]
    usual = [None, 0, 12, 500, "12.50", "30.00", "waking", "shared_house", True, False]
    counts = {"screened": 0, "refused": 0}
    for _number in range(10_000):
        roll = generator.random()
        if roll < 0.02:
            deep = "[" * 50_000 + "]" * 50_000
            text = generator.choice([deep, HUGE_INTEGER, "NaN", "", "{", "[]", "null"])
        else:
            document = copy.deepcopy(generator.choice(bases))
            for _ in range(generator.choice([0, 0, 1, 1, 2, 3])):
                document = mutate(
                    document,
                    generator.choice,
                    lambda: generator.choice(HOSTILE_VALUES + MARKERS + usual),
                )
            text = as_json_text(document)
        counts[screen_offer(text)] += 1
    assert counts["screened"] > 1000 and counts["refused"] > 1000, counts
