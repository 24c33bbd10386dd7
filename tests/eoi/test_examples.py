"""Every example offer in tests/data/examples screens as it expects.

Each file is ``{"offer": ..., "expect": ...}``. The folder is
``$LEICESTER_SL_EXAMPLES_DIR`` or, by default, ``tests/data/examples``.
An ``expect.exit_status`` of 2 means the document is not a valid offer: it
must be refused with the offending unknown key named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eoi.offers.document import OfferDocumentError, parse_offer
from eoi.screening import screen
from tests.eoi.test_screening import make_context
from tests.support.examples import EXAMPLES_DIR, example_files

EXAMPLES = example_files()


def _load(path: Path) -> tuple[dict, dict]:
    with path.open(encoding="utf-8") as handle:
        example = json.load(handle)
    return example["offer"], example["expect"]


def _at(document: object, path: str) -> object:
    """The parent of ``path`` in ``document`` ("scheme.x" gives scheme)."""
    for part in path.split(".")[:-1]:
        document = document[part]
    return document


def test_the_examples_folder_has_examples():
    assert EXAMPLES, f"no examples found in {EXAMPLES_DIR}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example(path: Path):
    offer, expect = _load(path)
    if expect.get("exit_status") == 2:
        with pytest.raises(OfferDocumentError) as raised:
            parse_offer(offer)
        unknown = [where for where, message in raised.value.errors if message == "unknown key"]
        assert unknown, raised.value.errors
        for where in unknown:
            assert where.split(".")[-1] in _at(offer, where)
            assert where in str(raised.value)
        return

    result = screen(parse_offer(offer), make_context())
    outcomes = {name: factor.outcome.value for name, factor in result.factors.items()}
    if "overall" in expect:
        assert result.overall.value == expect["overall"], outcomes
    for name, outcome in expect.get("factors", {}).items():
        assert outcomes[name] == outcome, result.factors[name].reason
