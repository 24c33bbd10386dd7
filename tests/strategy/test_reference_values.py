from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from strategy.models import ReferenceValue


def value(kind, raw):
    return ReferenceValue(
        key="k", name="n", kind=kind, value=raw, source="s", valid_from=date(2025, 4, 1)
    )


@pytest.mark.parametrize(
    "kind, raw, expected",
    [
        ("money", "124.27", Decimal("124.27")),
        ("percent", "125", Decimal("125")),
        ("boolean", "false", False),
        ("boolean", "True", True),
        ("date", "2027-11-03", date(2027, 11, 3)),
        ("date", "", None),
        ("list", "LE1, LE2,LE3", ("LE1", "LE2", "LE3")),
        ("text", " x ", "x"),
    ],
)
def test_typed_value(kind, raw, expected):
    assert value(kind, raw).typed_value() == expected


@pytest.mark.parametrize("kind, raw", [("money", "£12"), ("boolean", "maybe"), ("date", "3 Nov")])
def test_bad_values_are_refused_with_a_message(kind, raw):
    with pytest.raises(ValidationError) as error:
        value(kind, raw).clean()
    assert "value" in error.value.message_dict
