"""One balance: the home page, the dashboard, its CSV, the scrutiny report,
the screening context, strategy_summary and the open data all agree on what
each demand line still needs, before and after each of four changes."""

import csv
import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from eoi import roles
from eoi.triage import services as triage
from eoi.progress import exports
from eoi.progress import report as dashboard
from eoi.screening.selectors import screening_context_build
from strategy.models import (
    DeliveryRecord,
    DemandLine,
    ForecastVersion,
    Phase,
    PipelineScheme,
    SupplyAllocation,
)
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

STEP_DOWN = "Mental health inpatient discharges from the Bradgate Unit"
EXTRA_CARE = "Extra care in place of Hamelin Road and Tilling Road"


def csv_section(text: str, caption: str) -> list[list[str]]:
    rows, inside = [], False
    for row in csv.reader(io.StringIO(text)):
        if row == [caption]:
            inside = True
            continue
        if inside and not row:
            break
        if inside:
            rows.append(row)
    return rows


def every_reader(client) -> dict[str, tuple]:
    """(demand total, unmet total, {cohort: unmet}) as each reader gives it."""
    found = {}

    home = client.get("/")
    position = home.context["position"]
    page = home.content.decode()
    assert f"{position.unmet_total:,} homes</strong> are still to find" in page
    found["home"] = (
        position.demand_total,
        position.unmet_total,
        {line.cohort: line.unmet for line in position.lines},
    )

    needs = client.get("/what-the-city-needs/").context
    found["city needs page"] = (
        sum(group.net_units for group in needs["groups"]),
        needs["position"].unmet_total,
        {line.cohort: line.unmet_units for group in needs["groups"] for line in group.lines},
    )

    opened = json.loads(client.get("/what-the-city-needs/current-position.json").content)
    found["open data JSON"] = (
        opened["demand_total"],
        opened["unmet_total"],
        {line["cohort"]: line["unmet"] for line in opened["lines"]},
    )
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/what-the-city-needs/current-position.csv").content.decode())
        )
    )
    total = rows.pop()
    found["open data CSV"] = (
        int(total["net"]),
        int(total["unmet"]),
        {row["cohort"]: int(row["unmet"]) for row in rows},
    )

    report = client.get("/staff/dashboard/").context["report"]
    head = report.tables["lines"].head
    unmet_at = head.index("Still to find")
    lines = {
        row[0]: row[unmet_at] for row in report.tables["lines"].rows if row[unmet_at] is not None
    }
    headline = {h.key: h.value for h in report.headline}
    found["dashboard"] = (headline["target"], headline["shortfall"], lines)

    text = client.get("/staff/dashboard.csv").content.decode()
    section = csv_section(text, report.tables["lines"].caption)
    at = section[0].index("Still to find")
    found["dashboard CSV"] = (
        int(section[-1][1]),
        int(section[-1][at]),
        {row[0]: int(row[at]) for row in section[1:-1] if row[at] != ""},
    )

    context = exports.report_pdf_context(dashboard.progress_report())
    pdf_position = context["report"].position
    found["scrutiny report"] = (
        pdf_position.demand_total,
        context["report"].tables["lines"].foot[unmet_at],
        {
            row[0]: row[unmet_at]
            for row in context["report"].tables["lines"].rows
            if row[unmet_at] is not None
        },
    )

    screening = screening_context_build(on=timezone.localdate())
    found["screening"] = (
        sum(line.net_units for line in screening.demand_lines),
        None,
        {line.cohort: line.unmet_units for line in screening.demand_lines},
    )

    out = StringIO()
    call_command("strategy_summary", format="json", stdout=out)
    summary = json.loads(out.getvalue())
    found["strategy_summary"] = (
        summary["demand_total"],
        summary["unmet_total"],
        {line["cohort"]: line["unmet"] for line in summary["lines"]},
    )
    return found


def assert_all_agree(client, *, total, unmet_total, lines):
    for reader, (demand, unmet, by_line) in every_reader(client).items():
        assert demand == total, reader
        if unmet is not None:
            assert unmet == unmet_total, reader
        for cohort, expected in lines.items():
            assert by_line[cohort] == expected, (reader, cohort)


def test_every_reader_moves_together(client, strategy_data):
    chris = staff("chris", roles.COMMISSIONERS)
    client.force_login(chris)
    refresh = ForecastVersion.objects.get(slug="2025-refresh")
    step_down = DemandLine.objects.get(group__version=refresh, cohort=STEP_DOWN)
    extra_care = DemandLine.objects.get(group__version=refresh, cohort=EXTRA_CARE)
    # strategy-data.md §4a: 551 − 56 − 22 = 473; no supply is attributed yet.
    assert_all_agree(client, total=551, unmet_total=473, lines={STEP_DOWN: 27, EXTRA_CARE: 155})

    # 1. A delivery is recorded (attributed to no line): the total moves, no line does.
    delivery = DeliveryRecord.objects.create(
        version=refresh,
        description="Step-down flats",
        units=10,
        sites=1,
        delivered_on=timezone.localdate() - datetime.timedelta(days=1),
        source="Test",
    )
    assert_all_agree(client, total=551, unmet_total=463, lines={STEP_DOWN: 27, EXTRA_CARE: 155})

    # 2. Staff attribute it to the Bradgate line.
    SupplyAllocation.objects.create(delivery=delivery, demand_line=step_down, units=10)
    assert_all_agree(client, total=551, unmet_total=463, lines={STEP_DOWN: 17, EXTRA_CARE: 155})

    # 3. A firm (★) scheme is added for the extra care line.
    PipelineScheme.objects.create(
        phase=Phase.objects.get(version=refresh, number=3),
        name="Extra care at a new site",
        units=60,
        key=PipelineScheme.Key.FIRM,
        demand_line=extra_care,
    )
    assert_all_agree(client, total=551, unmet_total=403, lines={STEP_DOWN: 17, EXTRA_CARE: 95})

    # 4. An offer is accepted for the Bradgate line: an accepted offer, not a scheme.
    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="start_triage", actor=chris)
    schemes_before = PipelineScheme.objects.count()
    triage.offer_accept(offer=offer, actor=chris, allocations=[(step_down, 12)])
    assert PipelineScheme.objects.count() == schemes_before
    assert_all_agree(client, total=551, unmet_total=391, lines={STEP_DOWN: 5, EXTRA_CARE: 95})
    report = client.get("/staff/dashboard/").context["report"]
    assert report.position.accepted_offers == 12
    assert report.position.firm_pipeline == 22 + 60
