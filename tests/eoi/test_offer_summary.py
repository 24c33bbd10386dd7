"""The offer's PDF summary: its context (plain data), the PDF, the URL fetcher, the admin download."""

import copy
import http.server
import io
import json
import re
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from eoi.offers.summary import (
    answer_sections,
    offer_summary_context,
    render_offer_summary_pdf,
    screening_summary,
)
from leicester_sl.documents import pdf as documents
from leicester_sl.documents.formatting import NOT_GIVEN
from leicester_sl.documents.pdf import PdfResourceRefused, pdf_url_fetcher, render_html_pdf
from eoi.models import Attachment, Offer
from eoi.offers.document import parse_offer
from eoi.roles import COMMISSIONERS
from eoi.screening import FACTOR_LABELS
from eoi.offers.services import offer_fields_from_document, offer_submit
from tests.eoi.factories import STEP_DOWN, staff
from tests.support.examples import example_offer

CARE_ONLY = example_offer("03-care-only-not-on-framework.json")
ATTACHMENTS = [
    (Attachment.Kind.SITE_PLAN, "Example Court site plan.pdf", 184_320),
    (Attachment.Kind.FLOOR_PLAN, "floor-plans-ground-and-first.pdf", 1_572_864),
]


def unsaved_offer(data=STEP_DOWN) -> Offer:
    """An offer as its columns hold it, never saved: the pure parts need no database."""
    return Offer(reference="EOI-2026-0042", **offer_fields_from_document(parse_offer(data)))


def answers(offer) -> dict[str, dict[str, str]]:
    return {section["title"]: dict(section["rows"]) for section in answer_sections(offer)}


def squash(text: str) -> str:
    """Text without any white space: lines wrap differently in a PDF."""
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------
# The context: plain data, worded for a reader
# --------------------------------------------------------------------------


def test_sections_follow_the_form_and_leave_out_support_for_accommodation():
    titles = [section["title"] for section in answer_sections(unsaved_offer())]

    assert titles == [
        "Organisation",
        "Contact",
        "Offer type",
        "Scheme",
        "Configuration and units",
        "Client groups",
        "Rent and charges",
        "Funding and timescales",
        "Notes",
    ]


def test_answers_are_worded_with_labels_money_dates_and_not_given():
    sections = answers(unsaved_offer())

    organisation = sections["Organisation"]
    assert organisation["Type of organisation"] == (
        "Registered provider of social housing (housing association)"
    )
    assert organisation["Registered with the Care Quality Commission (CQC)"] == "No"
    assert organisation["Companies House number"] == NOT_GIVEN == "Not given"
    assert sections["Offer type"]["What is offered"] == "Accommodation only"
    assert sections["Scheme"]["Site area"] == "0.6 hectares"
    assert sections["Scheme"]["How far the development has got"] == "Planning permission granted"
    homes = sections["Configuration and units"]
    assert homes["How the homes are arranged"] == "Self-contained units in a core and cluster"
    assert homes["Number of units"] == "12"
    assert homes["Communal space for the tenants"] == "Yes"
    assert homes["If a shared house, bedrooms in the house"] == NOT_GIVEN
    assert sections["Client groups"]["Who the offer is for"] == "Mental health"
    rent = sections["Rent and charges"]
    assert rent["Core rent"] == "£150.00 a week"
    assert rent["Eligible service charge"] == "£35.00 a week"
    assert rent["Tenancy offered"] == "Assured tenancy"
    assert rent["Tenancy depends on getting support from a particular provider"] == "No"
    funding = sections["Funding and timescales"]
    assert funding["Expected to be available"] == "30 June 2027"
    assert funding["Total capital cost"] == "£2,400,000.00"
    assert funding["Right to Buy receipts asked of the council"] == "£0.00"
    assert funding["How the homes will be paid for"] == (
        "Homes England grant\nThe organisation's own resources"
    )
    assert sections["Notes"]["Anything else the provider told us"] == NOT_GIVEN


def test_a_care_only_offer_has_no_scheme_rent_or_funding_sections():
    sections = answers(unsaved_offer(CARE_ONLY))

    assert list(sections) == [
        "Organisation",
        "Contact",
        "Offer type",
        "Client groups",
        "Support",
        "Notes",
    ]
    support = sections["Support"]
    assert support["Provider on Leicester’s Supported Living framework"] == "No"
    assert support["If on the framework, its lots"] == NOT_GIVEN
    assert support["Individual support hours for each person"] == "12 hours a week"
    assert support["Shared core support hours for the scheme"] == "0 hours a week"
    assert support["Night cover"] == "No night cover"
    assert support["Hourly rate for care and support"] == "£22.00 an hour"
    assert sections["Client groups"]["Who the offer is for"] == "Learning disability and autism"


def test_a_section_outside_the_offer_type_still_shows_when_it_holds_answers():
    data = copy.deepcopy(STEP_DOWN)
    data["support"] = {"hourly_rate": "24.10"}

    sections = answers(unsaved_offer(data))

    assert sections["Support"]["Hourly rate for care and support"] == "£24.10 an hour"


def test_a_code_no_longer_in_the_vocabulary_shows_as_stored_and_blanks_as_not_given():
    offer = unsaved_offer()
    offer.scheme_configuration = "tiny_homes"
    offer.contact_name = ""  # blanked by the retention job
    offer.scheme_units = None

    sections = answers(offer)

    assert sections["Configuration and units"]["How the homes are arranged"] == "tiny_homes"
    assert sections["Configuration and units"]["Number of units"] == NOT_GIVEN
    assert sections["Contact"]["Full name"] == NOT_GIVEN


def test_screening_summary_words_the_stored_result():
    result = {
        "overall": "review",
        "priority": 55,
        "priority_explanation": ["+40: all 12 units meet unmet demand", "= 55 out of 100"],
        "factors": {
            "procurement": {"outcome": "meets", "reason": "On the framework.", "rows": []},
            "rent_level": {"outcome": "concern", "reason": "Rent is high.", "rows": []},
        },
        "matched_demand": [{"cohort": "Mental health step-down", "unmet_units": 27}],
        "figures": {
            "gross_eligible_rent": "185.00",
            "benefit_route": "housing_benefit_exempt",
            "support_cost_per_person_per_week": None,
            "tenant_weekly_shortfall": "1234.5",
        },
        "screened_on": "2026-03-02",
    }

    summary = screening_summary(result)

    assert summary["screened_on"] == "2 March 2026"
    assert summary["overall"] == "Review: a commissioner should look at the concerns"
    assert summary["priority"] == 55
    assert summary["factors"] == [
        {
            "label": FACTOR_LABELS["procurement"],
            "outcome": "Meets",
            "outcome_code": "meets",
            "reason": "On the framework.",
        },
        {
            "label": "Rent level and housing benefit",
            "outcome": "Concern",
            "outcome_code": "concern",
            "reason": "Rent is high.",
        },
    ]
    # Stored before lines had a public name: the cohort names the line.
    assert summary["matched_demand"] == [{"name": "Mental health step-down", "unmet_units": 27}]
    assert dict(summary["figures"]) == {
        "Gross eligible rent": "£185.00 a week",
        "Benefit route": "Housing Benefit (exempt accommodation)",
        "Support cost per person": "Not worked out",
        "Rent above what benefit meets": "£1,234.50 a week",
    }
    assert screening_summary(None) is None


# --------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------


@pytest.fixture
def strategy(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


@pytest.fixture
def offer(strategy):
    offer = offer_submit(document=parse_offer(STEP_DOWN), source=Offer.Source.IMPORT)
    for kind, name, size in ATTACHMENTS:
        # A stored name only: the summary lists files, it never opens them.
        Attachment.objects.create(
            offer=offer,
            kind=kind,
            file=f"attachments/{name}",
            original_name=name,
            content_type="application/pdf",
            size=size,
        )
    return offer


@pytest.fixture
def pdf(offer, caplog) -> bytes:
    with caplog.at_level("WARNING", logger="weasyprint"):
        rendered = render_offer_summary_pdf(offer)
    # The stylesheet loaded, nothing was refused, no tag was missing.
    assert [
        record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")
    ] == []
    return rendered


def test_the_context_is_plain_data_about_the_offer(offer):
    context = offer_summary_context(offer)

    assert context["title"] == f"Offer {offer.reference}: summary"
    assert (context["author"], context["lang"]) == ("Leicester City Council", "en-GB")
    facts = dict(context["key_facts"])
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d at \d{1,2}:\d\d[ap]m", facts["Submitted"])
    assert facts["Contact"] == "A. Person, Development manager"
    assert facts["How it arrived"] == "Imported document"
    assert [factor["label"] for factor in context["screening"]["factors"]] == list(
        FACTOR_LABELS.values()
    )
    assert context["attachments"] == [
        {
            "kind": "Site plan",
            "name": "Example Court site plan.pdf",
            "content_type": "application/pdf",
            "size": "180 KB",
        },
        {
            "kind": "Floor plan",
            "name": "floor-plans-ground-and-first.pdf",
            "content_type": "application/pdf",
            "size": "1.5 MB",
        },
    ]
    json.dumps(context)  # plain data all through


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_summary_is_a_pdf_with_the_offer_its_screening_and_attachments(offer, pdf):
    assert pdf.startswith(b"%PDF-")
    text = "\n".join(pages_text(pdf))
    flat = squash(text)

    assert "Leicester City Council" in text
    assert offer.reference in text
    assert "Example Housing Association" in text
    assert squash("A. Person, Development manager") in flat
    assert "a.person@example.org" in text
    assert squash("£150.00 a week") in flat
    assert squash("30 June 2027") in flat
    result = offer.screenings.first().result
    for name, factor in result["factors"].items():
        assert squash(FACTOR_LABELS[name]) in flat
        assert squash(factor["reason"]) in flat, name
    assert squash("Progress: recommend a meeting") in flat
    assert squash(f"{result['priority']} out of 100") in flat
    for line in result["matched_demand"]:
        assert squash(line["public_name"]) in flat
    assert squash("£185.00 a week") in flat  # the gross eligible rent
    assert squash("Housing Benefit (exempt accommodation)") in flat
    for _kind, name, _size in ATTACHMENTS:
        assert squash(name) in flat
    assert squash("1.5 MB") in flat


def test_every_page_is_numbered_and_shows_the_reference(offer, pdf):
    pages = pages_text(pdf)

    # Example 01 with two attachments: four A4 pages today; a layout change
    # may move that by a page, not more.
    assert 3 <= len(pages) <= 5, len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Offer {offer.reference}" in text


def test_the_pdf_is_tagged_titled_in_british_english_with_embedded_fonts(offer, pdf):
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == f"Offer {offer.reference}: summary"
    assert reader.metadata.author == "Leicester City Council"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfuaid:part(>|=\")1", xmp), xmp  # PDF/UA-1
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts
    assert all("Liberation-Sans" in name for name in fonts), fonts


def structure_tags(element, found=None) -> list[str]:
    """The structure types of the tag tree, in reading order."""
    found = [] if found is None else found
    element = element.get_object()
    if "/S" in element:
        found.append(str(element["/S"]))
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type") != "/OBJR":
            structure_tags(kid, found)
    return found


def test_the_tag_tree_has_headings_in_order_and_tables_with_header_cells(pdf):
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    tags = structure_tags(catalog["/StructTreeRoot"])

    headings = [int(tag[2]) for tag in tags if re.fullmatch(r"/H[1-6]", tag)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert set(headings) == {1, 2, 3}
    assert all(later - earlier <= 1 for earlier, later in zip(headings, headings[1:]))
    assert tags.count("/Table") >= 10 and "/TH" in tags and "/TD" in tags
    # Every header cell in the template says what it heads.
    html = (settings.BASE_DIR / "templates" / "pdf" / "offer_summary.html").read_text()
    assert not re.search(r"<th(?=[\s>])(?![^>]*scope=\"(row|col)\")", html)


# --------------------------------------------------------------------------
# The URL fetcher: files in static/pdf/ and nothing else
# --------------------------------------------------------------------------


def test_the_fetcher_serves_the_print_stylesheet():
    css = documents.pdf_static_dir() / "print.css"

    response = pdf_url_fetcher(css.as_uri())

    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/print.css",
        "https://www.leicester.gov.uk/",
        "ftp://example.org/file",
        "data:text/css,body{color:red}",
        "file:///etc/passwd",
        "file://example.org/etc/passwd",
        "relative/print.css",
    ],
)
def test_the_fetcher_refuses_the_network_data_and_other_files(url):
    with pytest.raises(PdfResourceRefused):
        pdf_url_fetcher(url)


def test_the_fetcher_refuses_a_way_out_of_static_pdf():
    escape = f"{documents.pdf_static_dir().as_uri()}/../../pyproject.toml"

    with pytest.raises(PdfResourceRefused):
        pdf_url_fetcher(escape)
    with pytest.raises(PdfResourceRefused):  # the folder itself is not a file
        pdf_url_fetcher(documents.pdf_static_dir().as_uri())


@pytest.fixture
def stylesheet_server():
    """A local web server that counts requests and would leak a marker if fetched."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            body = b'body::before { content: "FETCHED-OVER-HTTP"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_a_template_naming_other_urls_renders_without_them(
    tmp_path, monkeypatch, stylesheet_server
):
    # static/pdf/ is a temporary folder here, with a stylesheet inside it (the
    # control: its marker must show) and one beside it (refused: its marker must not).
    static_pdf = tmp_path / "pdf"
    static_pdf.mkdir()
    (static_pdf / "inside.css").write_text('body::after { content: "INSIDE-STATIC-PDF"; }')
    (tmp_path / "outside.css").write_text('p::before { content: "OUTSIDE-STATIC-PDF"; }')
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT")
    monkeypatch.setattr(documents, "pdf_static_dir", lambda: static_pdf)
    base, requests = stylesheet_server
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><title>Fetch test</title>
      <link rel="stylesheet" href="inside.css">
      <link rel="stylesheet" href="../outside.css">
      <link rel="stylesheet" href="{(tmp_path / "outside.css").as_uri()}">
      <link rel="stylesheet" href="{base}/leak.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      </head><body><p>Body text.</p>
      <img src="{secret.as_uri()}" alt="a file outside static/pdf">
      <img src="{base}/tracker.png" alt="a web image">
      <object data="{secret.as_uri()}" type="text/plain">No object.</object>
      </body></html>"""

    text = squash("\n".join(pages_text(render_html_pdf(html))))

    assert "INSIDE-STATIC-PDF" in text
    assert "Bodytext." in text
    assert "FETCHED-OVER-HTTP" not in text
    assert "OUTSIDE-STATIC-PDF" not in text
    assert "SECRET-FILE-CONTENT" not in text
    assert "root:x:0" not in text
    assert requests == []


# --------------------------------------------------------------------------
# The admin offer page
# --------------------------------------------------------------------------


def test_a_commissioner_downloads_the_summary_from_the_offer_page(client, offer):
    client.force_login(staff("chris", COMMISSIONERS))

    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk]))
    url = reverse("admin:eoi_offer_summary_pdf", args=[offer.pk])
    assert page.status_code == 200
    assert f'href="{url}"' in page.content.decode()
    assert "Download PDF summary" in page.content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="{offer.reference}-summary.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")
    assert offer.reference in pages_text(response.content)[0]


def test_staff_without_view_permission_cannot_download_it(client, offer):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user(
        "nobody", password="a-long-test-password", is_staff=True
    )
    client.force_login(nobody)

    response = client.get(reverse("admin:eoi_offer_summary_pdf", args=[offer.pk]))

    assert response.status_code == 403


def test_the_command_writes_the_summary_and_names_a_wrong_reference(offer, tmp_path):
    from django.core.management.base import CommandError

    out = tmp_path / "summary.pdf"
    call_command(
        "offer_summary_pdf", offer.reference.lower(), output=str(out), stdout=io.StringIO()
    )

    assert out.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="EOI-1999-0001"):
        call_command("offer_summary_pdf", "EOI-1999-0001", output=str(out))
