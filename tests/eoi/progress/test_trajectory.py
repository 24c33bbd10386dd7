"""The trajectory (issue 24): homes delivered and forecast by financial year
against the phases' targets, on the dashboard, in its exports and the report."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from eoi import roles
from eoi.models import Milestone
from eoi.progress import exports
from eoi.progress import report as dashboard
from eoi.progress.trajectory import financial_year, trajectory, year_label
from eoi.triage import milestones
from eoi.triage import services as triage
from strategy import selectors
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
K = Milestone.Kind


def by_year(rows):
    return {row.year: row for row in rows}


def test_financial_years_run_from_april():
    assert financial_year(datetime.date(2026, 3, 31)) == 2025
    assert financial_year(datetime.date(2026, 4, 1)) == 2026
    assert year_label(2025) == "2025/26" and year_label(2099) == "2099/00"


def test_an_accepted_offer_moves_from_forecast_to_delivered_by_year(strategy_data):
    today = timezone.localdate()
    this_year = financial_year(today)
    version = selectors.forecast_version_current()
    versions = selectors.forecast_version_list()
    _ordered, before = trajectory(version=version, as_of=today, versions=versions)
    before = by_year(before)
    # The 2025 refresh: 56 delivered (dated at the review), 22 firm; the phases'
    # stated targets 155, 66 and 289 (510 by the last phase's end).
    assert sum(row.delivered for row in before.values()) == 56
    assert sum(row.forecast for row in before.values()) == 22
    assert max(row.targets[0] for row in before.values()) == 155 + 66 + 289
    assert max(row.targets[1] for row in before.values()) == 196 + 66 + 70

    chris = staff("chris", roles.COMMISSIONERS)
    offer = submitted_offer()
    line = DemandLine.objects.get(group__version=version, cohort__startswith="Mental health")
    triage.offer_accept(offer=offer, actor=chris, allocations=[(line, 12)])
    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    expected_year = financial_year(completion.current_forecast)  # June 2027: 2027/28
    rows = by_year(trajectory(version=version, as_of=today, versions=versions)[1])
    assert rows[expected_year].forecast == before[expected_year].forecast + 12

    tranche = milestones.tranche_report(milestone=completion, units=5, actual_on=today)
    milestones.tranche_confirm(tranche=tranche, actor=chris)
    rows = by_year(trajectory(version=version, as_of=today, versions=versions)[1])
    assert rows[this_year].delivered == before[this_year].delivered + 5
    assert rows[expected_year].forecast == before[expected_year].forecast + 7
    last = max(rows)
    assert rows[last].cumulative == before[last].cumulative + 12


def test_the_dashboard_its_exports_and_the_report_show_the_trajectory(client, strategy_data):
    client.force_login(staff("chris", roles.COMMISSIONERS))
    response = client.get("/staff/dashboard/")
    report = response.context["report"]
    table = report.tables["trajectory"]
    page = response.content.decode()
    assert table.caption in page and report.charts["trajectory"].title in page
    assert table.caption in client.get("/staff/dashboard.csv").content.decode()
    book = openpyxl.load_workbook(io.BytesIO(client.get("/staff/dashboard.xlsx").content))
    assert [table.caption] in [
        [c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)
    ]
    pdf = exports.report_pdf_context(dashboard.progress_report())["report"]
    assert pdf.tables["trajectory"].rows == table.rows


def test_the_open_data_gives_the_trajectory_as_json_and_csv(client, strategy_data):
    """A confirmed tranche shows as delivered in its financial year, in the
    JSON's ``trajectory`` and in the trajectory CSV alike, with every
    published version's targets beside it."""
    import csv
    import json

    today = timezone.localdate()
    this_year = year_label(financial_year(today))
    version = selectors.forecast_version_current()
    published = [each.slug for each in selectors.forecast_version_list(published_only=True)]

    def delivered_this_year():
        document = json.loads(client.get("/what-the-city-needs/current-position.json").content)
        rows = {row["year"]: row for row in document["trajectory"]}
        table = list(
            csv.DictReader(io.StringIO(client.get("/what-the-city-needs/trajectory.csv").text))
        )
        by_year_csv = {row["year"]: row for row in table}
        assert set(rows[this_year]["targets"]) == set(published)
        assert int(by_year_csv[this_year]["delivered"]) == rows[this_year]["delivered"]
        assert int(by_year_csv[this_year]["cumulative"]) == rows[this_year]["cumulative"]
        for slug in published:
            written = by_year_csv[this_year][f"target_{slug}"]
            assert int(written) == rows[this_year]["targets"][slug]
        return rows[this_year]["delivered"]

    before = delivered_this_year()
    chris = staff("chris", roles.COMMISSIONERS)
    offer = submitted_offer()
    line = DemandLine.objects.get(group__version=version, cohort__startswith="Mental health")
    triage.offer_accept(offer=offer, actor=chris, allocations=[(line, 12)])
    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    tranche = milestones.tranche_report(milestone=completion, units=5, actual_on=today)
    assert delivered_this_year() == before  # reported, not yet confirmed
    milestones.tranche_confirm(tranche=tranche, actor=chris)
    assert delivered_this_year() == before + 5
