"""Wording of dates and figures, the same on every page, PDF and email."""

from __future__ import annotations

import datetime
from decimal import Decimal

NOT_GIVEN = "Not given"

_PER = {"": "", "week": " a week", "hour": " an hour"}


def given(value: object) -> bool:
    """False for an answer that is not there: ``None``, blank, an empty list."""
    return value not in (None, "", [], ()) and not (isinstance(value, str) and not value.strip())


def day(value: datetime.date | None) -> str:
    """``date(2027, 6, 30)`` gives ``"30 June 2027"``."""
    return NOT_GIVEN if value is None else f"{value.day} {value:%B %Y}"


def month(value: datetime.date | None) -> str:
    """``date(2027, 6, 1)`` gives ``"June 2027"``."""
    return NOT_GIVEN if value is None else f"{value:%B %Y}"


def pounds(value: object, *, per: str = "") -> str:
    """``Decimal("2400000")`` gives ``"£2,400,000.00"``; ``per="week"`` adds
    ``" a week"`` and ``per="hour"`` ``" an hour"``."""
    if not given(value):
        return NOT_GIVEN
    return f"£{Decimal(str(value)):,.2f}{_PER[per]}"


def number(value: object) -> str:
    """``Decimal("10.00")`` gives ``"10"``, ``Decimal("7.50")`` ``"7.5"``,
    ``1250`` ``"1,250"``."""
    if not given(value):
        return NOT_GIVEN
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():f}"


def quantity(value: object, unit: str, *, per: str = "") -> str:
    """``quantity(Decimal("0.6"), "hectare")`` gives ``"0.6 hectares"``;
    ``quantity(1, "hour", per="week")`` gives ``"1 hour a week"``."""
    if not given(value):
        return NOT_GIVEN
    plural = "" if Decimal(str(value)) == 1 else "s"
    return f"{number(value)} {unit}{plural}{_PER[per]}"


def yes_no(value: bool | None) -> str:
    return NOT_GIVEN if value is None else ("Yes" if value else "No")


def label(choices, code: object) -> str:
    """The label of a code of a ``LabelledChoices``; a code no longer among
    them reads as stored."""
    if not given(code):
        return NOT_GIVEN
    try:
        return choices(code).label
    except ValueError:
        return str(code)


def labels(choices, codes) -> list[str]:
    """Labels of a list of codes, one a line (``[NOT_GIVEN]`` for none)."""
    return [label(choices, code) for code in codes] if given(codes) else [NOT_GIVEN]
