"""Tables and charts as plain data, for a web page, a CSV file and a PDF alike.

A ``Table`` keeps typed values (ints, dates, text, None): the templates show
them through ``Cell`` (1,234; 31 March 2026; – for nothing), the CSV writes
them raw through ``csv_value``. A ``Chart`` holds bars made of segments whose
widths are whole percentages, worked out here so that they never add up to
more than 100; it names the table that holds its figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from leicester_sl.documents.formatting import day


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    value: Any

    @property
    def nowrap(self) -> bool:
        """Dates and short labels (“2026 Q4”) stay on one line."""
        return isinstance(self.value, datetime.date) or len(self.text) <= 8


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def cell(value: Any) -> Cell:
    """A value as the page shows it: 1,234; 31 March 2026; – for nothing."""
    if isinstance(value, bool):
        return Cell("Yes" if value else "No", False, value)
    if _is_number(value):
        return Cell(f"{value:,}", True, value)
    if isinstance(value, datetime.date):
        return Cell(day(value), False, value)
    if value is None or value == "":
        return Cell("–", False, value)
    return Cell(str(value), False, value)


def csv_value(value: Any) -> Any:
    """A value as the CSV holds it: numbers bare, dates ISO, nothing empty."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple, ...]
    foot: tuple | None = None
    note: str = ""

    @property
    def caption_id(self) -> str:
        return "table-" + self.key.replace("_", "-")

    def _numeric_columns(self) -> list[bool]:
        rows = list(self.rows) + ([self.foot] if self.foot else [])
        return [
            index > 0 and any(_is_number(row[index]) for row in rows)
            for index in range(len(self.head))
        ]

    def _cells(self, row) -> list[Cell]:
        cells = [cell(value) for value in row]
        # A blank in a column of numbers lines up with the numbers.
        return [
            Cell(c.text, True, c.value) if c.value is None and numeric else c
            for c, numeric in zip(cells, self._numeric_columns())
        ]

    @property
    def body(self) -> list[list[Cell]]:
        return [self._cells(row) for row in self.rows]

    @property
    def foot_cells(self) -> list[Cell] | None:
        return None if self.foot is None else self._cells(self.foot)

    @property
    def head_cells(self) -> list[tuple[str, bool]]:
        """Headers, with whether the column holds only numbers (right-aligned)."""
        rows = list(self.rows) + ([self.foot] if self.foot else [])
        return [
            (
                text,
                numeric and all(row[index] is None or _is_number(row[index]) for row in rows),
            )
            for index, (text, numeric) in enumerate(zip(self.head, self._numeric_columns()))
        ]


@dataclass(frozen=True)
class Segment:
    kind: str
    label: str
    value: int
    percent: int


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    value: str

    @property
    def percent(self) -> int:
        """The whole bar's width: what includes/bar_chart.html draws."""
        return sum(segment.percent for segment in self.segments)


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    table: str
    legend: tuple[tuple[str, str], ...] = ()


def percents(values: list[int], scale: int) -> list[int]:
    """Whole percentages of ``scale`` that add up exactly (largest remainder),
    so stacked segments never overflow the track."""
    if scale <= 0:
        return [0 for _ in values]
    exact = [100 * max(value, 0) / scale for value in values]
    whole = [int(share) for share in exact]
    budget = min(round(sum(exact)), 100) - sum(whole)
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - whole[i], reverse=True)
    for index in by_remainder[: max(budget, 0)]:
        whole[index] += 1
    return whole


def stacked_bar(
    label: str, parts: list[tuple[tuple[str, str], int]], *, scale: int, value: str
) -> Bar:
    shares = percents([units for _kind, units in parts], max(scale, sum(u for _k, u in parts)))
    return Bar(
        label=label,
        segments=tuple(
            Segment(kind=kind, label=text, value=units, percent=share)
            for ((kind, text), units), share in zip(parts, shares)
        ),
        value=value,
    )
