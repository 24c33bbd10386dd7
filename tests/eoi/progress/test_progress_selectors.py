"""Progress computed from the shipped strategy data, and from changes to it."""

import datetime

import pytest
from django.utils import timezone

from eoi import roles
from eoi.triage import services as triage
from eoi.progress import inputs, market
from eoi.progress import report as dashboard
from eoi.progress import tally as progress
from strategy import selectors
from strategy.models import DeliveryRecord, DemandLine, ForecastVersion, PipelineScheme
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def plan():
    return ForecastVersion.objects.get(slug="2021-plan")


def refresh():
    return ForecastVersion.objects.get(slug="2025-refresh")


def progress_of(version, *, as_of=AS_OF):
    return progress.progress(inputs.progress_inputs(version=version), as_of=as_of)


def test_the_2025_refresh_has_demand_lines_of_its_own():
    assert selectors.demand_line_source(refresh()) == refresh()
    assert selectors.demand_line_source(plan()) == plan()


def test_a_version_with_no_lines_anywhere_stands_on_itself():
    orphan = ForecastVersion.objects.create(
        name="Draft", slug="draft", published_on=datetime.date(2026, 1, 1), source="x"
    )

    assert selectors.demand_line_source(orphan) == orphan


def test_the_2021_plan_as_published():
    result = progress_of(plan())

    assert result.total.target == 551
    assert (result.total.delivered, result.total.firm, result.total.accepted) == (
        0,
        155,
        0,
    )
    assert result.total.not_firm == 177
    assert result.total.shortfall == 396
    assert [p.figures.target for p in result.phases] == [196, 66, 70]


def test_the_2025_refresh_reproduces_the_scrutiny_figures():
    result = progress_of(refresh())

    # 396 in the 2021 lines carried forward + the new 155-unit extra care line
    assert result.total.target == 551
    assert result.total.delivered == 56
    assert result.delivered_sites == 11
    assert result.total.firm == 22
    assert result.total.shortfall == 551 - 56 - 22
    assert [p.figures.target for p in result.phases] == [155, 66, 289]
    assert [s.name for s in result.not_proceeding] == [
        "Extra care at Hamelin Road",
        "Extra care at Tilling Road",
    ]


def test_slippage_as_of_23_november_2026():
    result = progress_of(refresh())

    # Phase 1 ended in March 2022 and phase 2 in March 2026: every scheme of
    # theirs still planned has slipped, the 22 firm units (due 2025/26) too.
    assert {s.name for s in result.slipping_schemes} == {
        "Units brought forward by developers, confirmed delivery 2025/26",
        "Units for SEND",
        "Progress site option for step down scheme",
        "Pipeline scheme planned at Blackbird Road",
        "Extra care at identified site",
        "Respite (site/open market purchase)",
        "Transforming Care and Ministry of Justice individuals (site/open market purchase)",
    }
    assert [(p.number, p.figures.outstanding) for p in result.slipping_phases] == [
        (1, 155),
        (2, 10),
    ]


def test_a_new_delivery_record_raises_delivered_and_lowers_the_shortfall():
    before = progress_of(refresh()).total
    DeliveryRecord.objects.create(
        version=refresh(),
        description="Step-down flats",
        units=9,
        sites=1,
        delivered_on=datetime.date(2026, 6, 1),
        source="Test",
    )

    after = progress_of(refresh()).total

    assert after.delivered == before.delivered + 9
    assert after.shortfall == before.shortfall - 9


def test_accepting_an_offer_raises_accepted_offers_and_lowers_the_shortfall():
    chris = staff("chris", roles.COMMISSIONERS)
    offer = submitted_offer()
    before = progress_of(plan())
    assert before.total.in_triage == offer.scheme_units
    line = DemandLine.objects.get(group__version=plan(), cohort__startswith="Mental health")

    triage.offer_transition(offer=offer, name="start_triage", actor=chris)
    triage.offer_accept(offer=offer, actor=chris, allocations=[(line, 12)])
    after = progress_of(plan())

    assert after.total.accepted == before.total.accepted + 12
    assert after.total.firm == before.total.firm  # its ★ scheme counts once, as accepted
    assert after.total.shortfall == before.total.shortfall - 12
    assert after.total.in_triage == 0
    step_down = next(row for row in after.lines if row.label == line.cohort)
    assert step_down.figures.accepted == 12


def test_a_scheme_slipping_past_its_date_is_listed():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    PipelineScheme.objects.filter(
        phase__version=plan(), name__startswith="Potential for Ashton"
    ).update(expected_completion=yesterday)

    result = progress_of(plan(), as_of=timezone.localdate())

    assert "Potential for Ashton Green to yield an extra care" in [
        s.name for s in result.slipping_schemes
    ]


def test_open_offers_are_matched_to_lines_by_their_latest_screening():
    offer = submitted_offer()
    cohorts = {line["cohort"] for line in offer.screenings.first().result["matched_demand"]}

    result = progress_of(plan())

    matched = {row.label for row in result.lines if row.figures.in_triage}
    assert cohorts and matched == cohorts


def test_the_market_counts_providers_by_name_type_outcome_and_quarter():
    first = submitted_offer()
    second = submitted_offer()
    second.organisation_name = f"  {first.organisation_name.upper()} "
    second.save()

    view = market.market(inputs.offer_group_list())

    assert (view.providers, view.offers) == (1, 2)
    quarter = market.quarter_of(timezone.localdate(first.submitted_at))
    assert [row.quarter for row in view.by_quarter] == [quarter]


def test_the_report_defaults_to_the_current_version_and_today():
    report = dashboard.progress_report()

    assert report.version == refresh()
    assert report.as_of == timezone.localdate()
    assert [h.value for h in report.headline] == [551, 56, 22, 0, 473]
