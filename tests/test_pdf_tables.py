"""PDF table headers a screen reader can associate: ``/Scope`` on every
``TH`` and an ``/IDTree`` in which every data cell's ``/Headers`` resolve
(leicester_sl.documents.pdf.table_headers_associate), with the PDF/UA-1 markers kept."""

import io

import pytest
from pypdf import PdfReader

from eoi.offers.summary import render_offer_summary_pdf
from eoi.models import Offer
from eoi.offers.document import parse_offer
from eoi.offers.services import offer_submit
from leicester_sl.documents.pdf import render_html_pdf
from tests.support.examples import example_offer

TABLE = """<!DOCTYPE html><html lang="en-GB"><head><title>Units</title></head><body>
<h1>Units</h1>
<table><caption>Units by ward</caption>
<thead><tr><th scope="col">Ward</th><th scope="col">Units</th><th scope="col">Needed</th></tr></thead>
<tbody>
<tr><th scope="row">Abbey</th><td>4</td><td>6</td></tr>
<tr><th scope="row">Belgrave</th><td>0</td><td>2</td></tr>
</tbody></table></body></html>"""


def elements(node, found=None):
    """(element, type) for every structure element, in reading order."""
    found = [] if found is None else found
    node = node.get_object()
    if "/S" in node:
        found.append(node)
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type") != "/OBJR":
            elements(kid, found)
    return found


def tree(pdf: bytes):
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    return catalog, catalog["/StructTreeRoot"].get_object()


def id_tree(root) -> dict:
    names = root["/IDTree"]["/Names"]
    return {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}


def test_header_cells_have_a_scope_and_data_cells_find_their_headers():
    _catalog, root = tree(render_html_pdf(TABLE))
    found = elements(root)
    headers = [e for e in found if e["/S"] == "/TH"]
    assert [str(h["/A"]["/Scope"]) for h in headers] == ["/Column"] * 3 + ["/Row"] * 2
    assert all(h["/A"]["/O"] == "/Table" for h in headers)

    by_id = id_tree(root)
    cells = [e for e in found if e["/S"] == "/TD"]
    assert len(cells) == 4
    for cell in cells:
        targets = [by_id[str(header_id)] for header_id in cell["/A"]["/Headers"]]
        # Each data cell: its row's header and its column's.
        assert sorted(str(t["/A"]["/Scope"]) for t in targets) == ["/Column", "/Row"]
    # "4" (Abbey, Units): the first row header and the second column header.
    first = [by_id[str(i)] for i in cells[0]["/A"]["/Headers"]]
    assert {headers.index(t) for t in first} == {3, 1}


def test_the_pdf_ua_markers_are_kept():
    catalog, root = tree(render_html_pdf(TABLE))
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    metadata = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata
    assert "/ParentTree" in root


@pytest.mark.django_db
def test_every_header_reference_in_the_offer_summary_resolves():
    offer = offer_submit(document=parse_offer(example_offer()), source=Offer.Source.IMPORT)
    _catalog, root = tree(render_offer_summary_pdf(offer))
    found = elements(root)
    by_id = id_tree(root)
    headers = [e for e in found if e["/S"] == "/TH"]
    assert len(headers) >= 10
    assert all(str(h["/A"]["/Scope"]) in ("/Row", "/Column") for h in headers)
    references = [i for e in found if e["/S"] == "/TD" for i in e.get("/A", {}).get("/Headers", [])]
    assert references and all(by_id[str(i)]["/S"] == "/TH" for i in references)
