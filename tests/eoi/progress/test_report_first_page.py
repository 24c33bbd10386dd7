"""The scrutiny report's first page is filled: the forecast versions table,
nearly a page long, starts there and runs on (report.css, ``.runs-on``)
instead of moving whole to page 2 and leaving page 1 more than half blank."""

import io

import pytest
from pypdf import PdfReader

from eoi.progress import exports
from eoi.progress.report import progress_report

pytestmark = pytest.mark.django_db
FOOTER_BAND = 25 * 72 / 25.4  # the bottom 25 mm: page number and strategy name


def lowest_body_text(page) -> float:
    """How far above the bottom edge the page's lowest body text sits, as a
    fraction of the page's height (0 at the bottom)."""
    heights = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5] if cm else tm[5]
        if text.strip() and y > FOOTER_BAND:
            heights.append(y)

    page.extract_text(visitor_text=visit)
    return min(heights) / float(page.mediabox.height)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        pdf = exports.render_report_pdf(progress_report())
    return PdfReader(io.BytesIO(pdf)).pages


def test_page_one_is_filled(pages):
    first = pages[0].extract_text()
    assert "Headline figures" in first
    assert "Forecast versions side by side" in first
    # Body text to within a fifth of the page's foot (before: 55% blank).
    assert lowest_body_text(pages[0]) < 0.2


def test_the_versions_table_runs_on_with_its_header_row(pages):
    second = pages[1].extract_text()
    assert "Still to find" in second
    # The header row again at the top of the continued table.
    assert second.index("Figure") < second.index("Still to find")
