"""Every home counted once (issue 24): an accepted offer's homes move from
accepted offers to the firm pipeline when its start on site is confirmed, and
to delivered as its completion's tranches are confirmed; every reader moves
with them, and a delivery record linked to the acceptance adds nothing."""

import csv
import datetime
import io
import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from eoi import roles
from eoi.models import Milestone
from eoi.progress import exports
from eoi.progress import report as dashboard
from eoi.progress.position import position_for
from eoi.screening.selectors import screening_context_build
from eoi.triage import milestones
from eoi.triage import services as triage
from strategy.models import DeliveryRecord, DemandLine, ForecastVersion
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.progress.test_one_balance import STEP_DOWN

pytestmark = pytest.mark.django_db
K = Milestone.Kind
FIGURES = ("delivered", "firm", "accepted", "unmet")


def _from_rows(rows: list[list], caption: str) -> tuple[int, ...]:
    """The lines table's total row of the dashboard's CSV or Excel rows."""
    section = csv_section_rows(rows, caption)
    head, total = section[0], section[-1]
    return tuple(
        int(total[head.index(name)])
        for name in ("Delivered", "Firm pipeline", "Accepted offers", "Still to find")
    )


def csv_section_rows(rows, caption):
    found, inside = [], False
    for row in rows:
        row = ["" if cell is None else str(cell) for cell in row]
        while row and row[-1] == "":
            row.pop()
        if row == [caption]:
            inside = True
            continue
        if inside and not row:
            break
        if inside:
            found.append(row)
    return found


def every_reader(client) -> dict[str, tuple]:
    """(delivered, firm pipeline, accepted offers, still to find) by reader,
    and the Bradgate line's still to find."""
    found = {}
    home = client.get("/").context["position"]
    found["home"] = (
        home.delivered,
        home.firm_pipeline,
        home.accepted_offers,
        home.unmet_total,
    )
    needs = client.get("/what-the-city-needs/").context
    lines = {line.cohort: line for group in needs["groups"] for line in group.lines}
    # Its groups' lines, with the supply not yet matched to a group.
    rest = needs["position"].unattributed
    found["city needs page"] = (
        sum(line.balance.delivered for line in lines.values()) + rest.delivered,
        sum(line.balance.firm_pipeline for line in lines.values()) + rest.firm_pipeline,
        sum(line.balance.accepted_offers for line in lines.values()) + rest.accepted_offers,
        needs["position"].unmet_total,
    )
    opened = json.loads(client.get("/what-the-city-needs/current-position.json").content)
    found["open data JSON"] = tuple(
        opened[key] for key in ("delivered", "firm_pipeline", "accepted_offers", "unmet_total")
    )
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/what-the-city-needs/current-position.csv").content.decode())
        )
    )
    total = rows[-1]
    found["open data CSV"] = tuple(
        int(total[key]) for key in ("delivered", "firm_pipeline", "accepted_offers", "unmet")
    )
    report = client.get("/staff/dashboard/").context["report"]
    headline = {h.key: h.value for h in report.headline}
    found["dashboard"] = tuple(
        headline[key] for key in ("delivered", "firm", "accepted", "shortfall")
    )
    caption = report.tables["lines"].caption
    text = client.get("/staff/dashboard.csv").content.decode()
    found["dashboard CSV"] = _from_rows(list(csv.reader(io.StringIO(text))), caption)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/staff/dashboard.xlsx").content))
    found["dashboard Excel"] = _from_rows(list(book.active.iter_rows(values_only=True)), caption)
    pdf = exports.report_pdf_context(dashboard.progress_report())["report"]
    foot = pdf.tables["lines"].foot
    found["scrutiny report"] = (foot[2], foot[3], foot[4], foot[5])
    out = StringIO()
    call_command("strategy_summary", format="json", stdout=out)
    summary = json.loads(out.getvalue())
    found["strategy_summary"] = tuple(
        summary[key] for key in ("delivered", "firm_pipeline", "accepted_offers", "unmet_total")
    )
    return found


def line_unmet_everywhere(client) -> set[int]:
    """The Bradgate line's still to find, from the balance's readers and the screening."""
    screening = screening_context_build(on=timezone.localdate())
    found = {line.unmet_units for line in screening.demand_lines if line.cohort == STEP_DOWN}
    found.add(client.get("/").context["position"].line(_line().pk).unmet)
    opened = json.loads(client.get("/what-the-city-needs/current-position.json").content)
    found |= {line["unmet"] for line in opened["lines"] if line["cohort"] == STEP_DOWN}
    return found


def _line():
    return DemandLine.objects.get(group__version__is_current=True, cohort=STEP_DOWN)


def assert_moved(client, base, *, delivered, firm, accepted, sites=0, base_sites=0):
    """Every reader shows the base figures moved by these units; the total
    still to find moves by all the offer's homes, whatever their stage."""
    moved = delivered + firm + accepted
    expected = (
        base[0] + delivered,
        base[1] + firm,
        base[2] + accepted,
        base[3] - moved,
    )
    for reader, figures in every_reader(client).items():
        assert figures == expected, reader
    assert line_unmet_everywhere(client) == {27 - moved}
    assert position_for().delivered_sites == base_sites + sites


def test_an_offer_walks_from_acceptance_to_two_tranches_delivered(client, strategy_data):
    chris = staff("chris", roles.COMMISSIONERS)
    client.force_login(chris)
    today = timezone.localdate()
    base = every_reader(client)["home"]
    base_sites = position_for().delivered_sites
    # strategy-data.md §4a: 56 delivered, 22 firm, 473 still to find.
    assert base == (56, 22, 0, 473)
    assert len(set(every_reader(client).values())) == 1

    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="start_triage", actor=chris)
    triage.offer_accept(offer=offer, actor=chris, allocations=[(_line(), 12)])
    assert_moved(client, base, delivered=0, firm=0, accepted=12, base_sites=base_sites)

    start = offer.milestones.get(kind=K.START_ON_SITE)
    milestones.milestone_forecast_change(
        milestone=start, forecast=today - datetime.timedelta(days=40), reason="Contract signed"
    )
    milestones.milestone_actual_report(milestone=start, actual_on=today - datetime.timedelta(30))
    # Reported, not yet confirmed: nothing moves.
    assert_moved(client, base, delivered=0, firm=0, accepted=12, base_sites=base_sites)
    milestones.milestone_confirm(milestone=start, actor=chris)
    assert_moved(client, base, delivered=0, firm=12, accepted=0, base_sites=base_sites)

    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    first = milestones.tranche_report(
        milestone=completion, units=5, actual_on=today - datetime.timedelta(days=10)
    )
    assert_moved(client, base, delivered=0, firm=12, accepted=0, base_sites=base_sites)
    milestones.tranche_confirm(tranche=first, actor=chris)
    assert_moved(client, base, delivered=5, firm=7, accepted=0, sites=1, base_sites=base_sites)

    second = milestones.tranche_report(milestone=completion, units=7, actual_on=today)
    milestones.tranche_confirm(tranche=second, actor=chris)
    assert_moved(client, base, delivered=12, firm=0, accepted=0, sites=1, base_sites=base_sites)

    # The balance of an earlier day counts only what had happened by then
    # (the offer as if accepted two months ago).
    offer.acceptances.update(accepted_at=timezone.now() - datetime.timedelta(days=60))
    earlier = position_for(on=today - datetime.timedelta(days=5))
    assert (earlier.delivered, earlier.firm_pipeline) == (56 + 5, 22 + 7)


def test_a_delivery_record_linked_to_the_acceptance_leaves_the_balance_unchanged(
    client, strategy_data
):
    chris = staff("chris", roles.COMMISSIONERS)
    today = timezone.localdate()
    offer = submitted_offer()
    triage.offer_accept(offer=offer, actor=chris, allocations=[(_line(), 12)])
    completion = offer.milestones.get(kind=K.PRACTICAL_COMPLETION)
    tranche = milestones.tranche_report(milestone=completion, units=12, actual_on=today)
    milestones.tranche_confirm(tranche=tranche, actor=chris)
    before = position_for().to_dict()
    before_sites = position_for().delivered_sites

    # Staff record the same homes as a delivery of the strategy: unlinked, they
    # would count twice ...
    record = DeliveryRecord.objects.create(
        version=ForecastVersion.objects.get(is_current=True),
        description=f"{offer.scheme_name} ({offer.reference})",
        demand_line=_line(),
        units=12,
        sites=1,
        delivered_on=today,
        source="Completion certificate",
    )
    assert position_for().delivered == before["delivered"] + 12
    # ... linked to the acceptance they fulfil, they never add to the count.
    milestones.delivery_link(
        acceptance=offer.acceptances.get(), delivery_record=record, actor=chris
    )

    assert position_for().to_dict() == before
    assert position_for().delivered_sites == before_sites
    report = dashboard.progress_report()
    assert report.progress.total.delivered == report.position.delivered
    assert {h.key: h.value for h in report.headline}["delivered"] == before["delivered"]
