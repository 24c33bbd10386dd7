"""Exports never begin a cell with a formula character (finding 2): the
queue's CSV and Excel downloads, and the escaping module they share."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from eoi.models import Offer
from eoi.roles import COMMISSIONERS
from leicester_sl.documents.spreadsheets import cell_safe, csv_response, xlsx_bytes
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

# What providers could type, each a formula to a spreadsheet (OWASP).
HOSTILE = {
    "organisation_name": '=HYPERLINK("http://evil/","x")',
    "scheme_name": "=1+1",
    "scheme_postcode": "+44 1+1",
    "scheme_ward": "-2+3",
    "scheme_configuration": "@SUM(1,1)",
    "reference": "\t=1+1",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_offer(strategy_data):
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(**HOSTILE)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def commissioner(client):
    client.force_login(staff("chris", COMMISSIONERS))
    return client


def test_the_queue_csv_begins_no_cell_with_a_formula(commissioner, hostile_offer):
    response = commissioner.get(reverse("admin:eoi_offer_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))

    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'" + HOSTILE["organisation_name"] in rows[1]  # kept, shown as text
    assert "'=1+1" in rows[1]


def test_the_queue_excel_download_begins_no_cell_with_a_formula(commissioner, hostile_offer):
    response = commissioner.get(reverse("admin:eoi_offer_export_xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=1) for cell in row if cell.value is not None]
    assert [cell.value for cell in cells[:2]] == ["reference", "organisation"]
    assert not [
        c.value for c in cells if c.data_type == "f" or str(c.value).startswith(FORMULA_STARTS)
    ]
    row = [cell.value for cell in sheet[2]]
    assert "'" + HOSTILE["organisation_name"] in row
    assert hostile_offer.scheme_units in row  # numbers stay numbers


def test_the_queue_excel_download_needs_the_right_to_view_offers(client, hostile_offer):
    client.force_login(get_user_model().objects.create_user("no-role", is_staff=True))

    assert client.get(reverse("admin:eoi_offer_export_xlsx")).status_code == 403


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=1", "a=1"),
        (-3, -3),  # a negative number is a number, not text
        (None, ""),
    ],
)
def test_cells_that_would_be_formulae_are_quoted(value, expected):
    assert cell_safe(value) == expected


def test_csv_and_excel_escape_the_same_cells():
    rows = [["=1+1", "+2", "-3", "@4", "\t5", "\r6", 7]]
    text = b"".join(csv_response(["h"] * 7, rows, filename="x").streaming_content).decode()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["h"] * 7, rows, title="x"))).active

    from_csv = list(csv.reader(io.StringIO(text, newline="")))[1]
    from_xlsx = [cell.value for cell in sheet[2]]
    assert from_csv == ["'=1+1", "'+2", "'-3", "'@4", "'\t5", "'\r6", "7"]
    # (XML, inside .xlsx, reads a carriage return back as a line feed.)
    assert from_xlsx == ["'=1+1", "'+2", "'-3", "'@4", "'\t5", "'\n6", 7]


def test_the_drop_in_csv_writer_escapes_as_the_downloads_do():
    from leicester_sl.documents.spreadsheets import csv_writer

    buffer = io.StringIO(newline="")
    csv_writer(buffer).writerows([["=1+1", "@x", 3, "fine"]])

    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [
        ["'=1+1", "'@x", "3", "fine"]
    ]
