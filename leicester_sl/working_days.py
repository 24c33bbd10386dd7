"""Working days: Monday to Friday, except bank holidays.

The counting is pure: callers pass the holidays (any container of dates).
``england_and_wales_bank_holidays`` gives the ones this service uses, from
the ``holidays`` library (GB, subdivision ENG: England and Wales share their
bank holidays), with substitute days when a holiday falls at a weekend.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Container, Iterable

import holidays as holiday_calendars

ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day: datetime.date, *, holidays: Container[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime.date, n: int, *, holidays: Container[datetime.date]
) -> datetime.date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted).

    ``n`` of 0 gives ``start`` if it is a working day, else the next one.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    if n == 0:
        while not is_working_day(day, holidays=holidays):
            day += ONE_DAY
        return day
    while n:
        day += ONE_DAY
        if is_working_day(day, holidays=holidays):
            n -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, holidays: Container[datetime.date]
) -> int:
    """Working days after ``start`` up to and including ``end``; negative when
    ``end`` is before ``start`` (so ``add_working_days(start, n)`` is ``n`` after)."""
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day, holidays=holidays)
    return count


def england_and_wales_bank_holidays(years: Iterable[int]) -> Container[datetime.date]:
    return _bank_holidays(tuple(years))


@functools.lru_cache(maxsize=16)
def _bank_holidays(years: tuple[int, ...]) -> Container[datetime.date]:
    # Built once per set of years (a few ms each time otherwise: every
    # submission works out a due date). Shared: a look-up outside the years
    # only adds the year it falls in, as the library does.
    return holiday_calendars.country_holidays("GB", subdiv="ENG", years=list(years))
