"""Screening gives the results on file for every example and test offer.

When a result changes on purpose, rewrite the file with
``python -m tests.eoi.screening_golden`` and say in the commit which entries
changed and why.
"""

import json

import pytest

from tests.eoi.screening_golden import GOLDEN, results

EXPECTED = json.loads(GOLDEN.read_text(encoding="utf-8"))
ACTUAL = results()


def test_every_case_is_on_file():
    assert sorted(ACTUAL) == sorted(EXPECTED)


@pytest.mark.parametrize("case_id", sorted(EXPECTED))
def test_same_result_as_on_file(case_id):
    assert ACTUAL.get(case_id) == EXPECTED[case_id]
