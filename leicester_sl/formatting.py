"""Wording of dates and figures, the same on every page, PDF and email."""

from __future__ import annotations

import datetime

NOT_GIVEN = "Not given"


def day(value: datetime.date | None) -> str:
    """``date(2027, 6, 30)`` gives ``"30 June 2027"``."""
    return NOT_GIVEN if value is None else f"{value.day} {value:%B %Y}"
