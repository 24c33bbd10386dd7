"""Wording of dates and figures, the same on every page, PDF and email."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

NOT_GIVEN = "Not given"

# The council's clock: GMT in winter, BST in summer. Plain Python, as this
# module is (the offer document uses it): settings.TIME_ZONE is the same zone
# (tests/test_time_words.py).
LONDON = ZoneInfo("Europe/London")

_PER = {"": "", "week": " a week", "hour": " an hour"}


def given(value: object) -> bool:
    """False for an answer that is not there: ``None``, blank, an empty list."""
    return value not in (None, "", [], ()) and not (isinstance(value, str) and not value.strip())


def day(value: datetime.date | None) -> str:
    """``date(2027, 6, 30)`` gives ``"30 June 2027"``."""
    return NOT_GIVEN if value is None else f"{value.day} {value:%B %Y}"


def weekday_day(value: datetime.date | None) -> str:
    """``date(2027, 1, 15)`` gives ``"Friday 15 January 2027"``."""
    return NOT_GIVEN if value is None else f"{value:%A} {day(value)}"


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in the council's time zone (Europe/London: GMT in
    winter, BST in summer); a naive one is taken as already local."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(LONDON)
    return value


def local_date(value: datetime.datetime) -> datetime.date:
    """The day an aware datetime falls on in Europe/London."""
    return _local(value).date()


def time_of_day(value: datetime.time | datetime.datetime | None) -> str:
    """GOV.UK style: ``"9am"``, ``"9:42pm"``, ``"midday"``, ``"midnight"``
    (never "21:42", "9:42 p.m." or "12pm"). An aware datetime is read in
    Europe/London."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def day_and_time(value: datetime.datetime | None) -> str:
    """``"6 December 2026 at 9:42pm"``, in Europe/London."""
    if value is None:
        return NOT_GIVEN
    local = _local(value)
    return f"{day(local.date())} at {time_of_day(local.time())}"


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
