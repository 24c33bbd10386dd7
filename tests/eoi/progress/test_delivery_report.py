"""The scrutiny report's "Delivery against the strategy" (issue 24): computed
from the portal's records, beside the 2025 review's stated figures, and the
same as the dashboard's for the same date."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from eoi import roles
from eoi.models import Milestone
from eoi.progress import exports
from eoi.progress import report as dashboard
from eoi.triage import milestones
from eoi.triage import services as triage
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
K = Milestone.Kind


def test_the_delivery_table_matches_the_dashboard_and_keeps_the_stated_figures(
    client, strategy_data
):
    chris = staff("chris", roles.COMMISSIONERS)
    client.force_login(chris)
    offer = submitted_offer()
    line = DemandLine.objects.get(group__version__is_current=True, cohort__startswith="Mental")
    triage.offer_accept(offer=offer, actor=chris, allocations=[(line, 12)])
    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    tranche = milestones.tranche_report(
        milestone=completion, units=5, actual_on=timezone.localdate()
    )
    milestones.tranche_confirm(tranche=tranche, actor=chris)

    shown = client.get("/staff/dashboard/").context["report"]
    headline = {h.key: h.value for h in shown.headline}
    printed = exports.report_pdf_context(dashboard.progress_report(as_of=shown.as_of))["report"]
    delivery = printed.tables["delivery"]
    # Whole strategy: target, delivered, confirmed, accepted, still to find.
    assert delivery.foot[1:] == (
        headline["target"],
        headline["delivered"],
        headline["firm"],
        headline["accepted"],
        headline["shortfall"],
    )
    assert delivery.foot[2] == 56 + 5 and delivery.foot[3] == 22 + 7
    assert delivery.rows == shown.tables["delivery"].rows
    stated = {row[0]: row[1:3] for row in printed.tables["delivery_stated"].rows}
    assert stated["Units delivered"] == (56, 61)
    assert stated["Sites delivered"] == (11, 12)
    assert stated["Units confirmed for delivery (2025/26 in the review)"] == (22, 29)

    pdf = client.get("/staff/dashboard/report.pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Delivery against the strategy" in text
    assert "Homes delivered and forecast by financial year" in text


def test_the_stated_figures_are_the_versions_data_with_their_source(client, strategy_data):
    """The review's figures are data of the 2025 refresh (VersionFigure rows,
    editable in the admin), not constants: a corrected figure shows."""
    from strategy.models import VersionFigure

    client.force_login(staff("chris", roles.COMMISSIONERS))
    VersionFigure.objects.filter(key="review-units-delivered").update(
        value=57, source="A corrected count"
    )

    table = client.get("/staff/dashboard/").context["report"].tables["delivery_stated"]

    stated = {row[0]: row[1] for row in table.rows}
    assert stated["Units delivered"] == 57
    assert "A corrected count" in table.note
