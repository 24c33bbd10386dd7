"""Tables for spreadsheets: CSV and Excel (.xlsx), with formulae defused.

Every export of the portal goes through here, because its cells hold what
providers typed: a cell starting with ``= + - @``, a tab or a carriage return
is read by Excel and LibreOffice as a formula (``=HYPERLINK("http://evil/")``).
Following OWASP's "CSV Injection" guidance, such a cell is written with a
single quote in front, which the spreadsheet shows as text. Numbers are
written as numbers, so a negative figure stays a number.

Code that writes its own CSV swaps ``csv.writer(buffer)`` for
``csv_writer(buffer)``. One row source serves both formats::

    csv_response(header, rows, filename="offers-2026-12-01")
    xlsx_response(header, rows, filename="offers-2026-12-01", title="Offers")
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBERS = (int, float, Decimal)


def cell_safe(value):
    """The value as a spreadsheet should get it: text that would start a
    formula gets a leading quote; numbers, dates and None pass through."""
    if value is None or isinstance(value, bool):
        return "" if value is None else value
    if isinstance(value, (*_NUMBERS, datetime.date)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def rows_safe(rows: Iterable[Sequence]) -> Iterable[list]:
    for row in rows:
        yield [cell_safe(value) for value in row]


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([cell_safe(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options):
    """``csv.writer(file)`` whose rows are made safe first: a drop-in for
    code that writes its CSV itself (``writer = csv_writer(buffer)``)."""
    return _SafeWriter(csv.writer(file, **options))


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str):
    """A streamed CSV download of ``header`` and ``rows`` (``filename.csv``)."""

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def lines():
        yield writer.writerow(list(rows_safe([header]))[0])
        for row in rows_safe(rows):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{filename}.csv")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    """An Excel workbook of one sheet, every text cell stored as text."""
    # The rows first: an error while reading them (a refused permission)
    # then leaves no half-written workbook behind.
    table = [[_naive(value) for value in row] for row in rows_safe(_chain(header, rows))]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _chain(header, rows):
    yield header
    yield from rows


def _naive(value):
    # Excel has no time zones: local wall-clock time, as on screen.
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_response(header: Sequence[str], rows: Iterable[Sequence], *, filename: str, title: str):
    """An Excel (.xlsx) download of ``header`` and ``rows``."""
    response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, f"{filename}.xlsx")
