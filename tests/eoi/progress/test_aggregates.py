"""The dashboard's offer figures counted in the database (GROUP BY), checked
against a plain count of the offers made here; its queries do not grow with
the offers; its spreadsheets defuse formulae."""

import csv
import datetime
import io
import itertools
import json
import zoneinfo
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from eoi import roles
from eoi.models import Offer
from eoi.offers.document import parse_offer
from eoi.progress import inputs, market
from eoi.progress import tally as progress
from eoi.offers.services import offer_fields_from_document
from strategy.models import DemandLine, ForecastVersion
from tests.eoi.factories import STEP_DOWN, staff

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
OPEN = {"submitted", "in_triage", "information_requested", "meeting_arranged"}
STATUSES = [*sorted(OPEN), "accepted", "not_progressed", "withdrawn"]
# Spellings of two providers, and a third: the market counts three.
NAMES = ["Alpha Homes", "  alpha   HOMES ", "Beta Care", "ALPHA HOMES"]
KINDS = ["registered_provider", "charity", ""]
# Local times either side of quarter ends, in winter (GMT) and summer (BST):
# 1 July 2026 at 00:30 in London is 30 June 23:30 UTC, yet the third quarter.
DAYS = [
    datetime.datetime(2025, 12, 31, 23, 30, tzinfo=LONDON),
    datetime.datetime(2026, 1, 1, 0, 30, tzinfo=LONDON),
    datetime.datetime(2026, 6, 30, 23, 30, tzinfo=LONDON),
    datetime.datetime(2026, 7, 1, 0, 30, tzinfo=LONDON),
    datetime.datetime(2026, 11, 23, 12, 0, tzinfo=LONDON),
]


def make_offers(count: int, *, names=NAMES, kinds=KINDS) -> list[dict]:
    """``count`` offers of every status, provider, type and quarter; returns
    what each was made with."""
    fields = offer_fields_from_document(parse_offer(STEP_DOWN))
    first = Offer.objects.count()
    made = []
    for number in range(count):
        made.append(
            {
                "status": STATUSES[number % len(STATUSES)],
                "organisation_name": names[number % len(names)],
                "organisation_type": kinds[number % len(kinds)],
                "submitted_at": DAYS[number % len(DAYS)],
                "scheme_units": None if number % 11 == 0 else number % 13,
            }
        )
    Offer.objects.bulk_create(
        [
            Offer(
                **{**fields, **values},
                reference=f"EOI-1998-{first + number:06d}",
                source=Offer.Source.IMPORT,
                status_changed_at=values["submitted_at"],
            )
            for number, values in enumerate(made)
        ]
    )
    return made


def quarter_label(moment: datetime.datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{local.year} Q{(local.month - 1) // 3 + 1}"


def provider(name: str) -> str:
    return " ".join(name.split()).lower()


def group_of(status: str) -> str:
    return progress.OPEN if status in OPEN else status


def test_the_market_counted_in_the_database_matches_a_plain_count(strategy_data):
    made = make_offers(140)
    offers, units, by_group = defaultdict(int), defaultdict(int), defaultdict(int)
    providers, firsts = defaultdict(set), {}
    for each in sorted(made, key=lambda o: o["submitted_at"]):
        quarter = quarter_label(each["submitted_at"])
        offers[quarter] += 1
        units[quarter] += each["scheme_units"] or 0
        by_group[quarter, group_of(each["status"])] += 1
        providers[quarter].add(provider(each["organisation_name"]))
        firsts.setdefault(provider(each["organisation_name"]), quarter)

    view = market.market(inputs.offer_group_list())

    assert (view.offers, view.providers) == (140, 2)
    by_quarter = {row.quarter.label: row for row in view.by_quarter}
    # 2025 Q4 to 2026 Q4 without a gap: 2026 Q2 has one offer per cycle too.
    assert list(by_quarter) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    for label, row in by_quarter.items():
        assert row.offers == offers[label], label
        assert row.units == units[label], label
        assert row.providers == len(providers[label]), label
        assert row.new_providers == sum(1 for q in firsts.values() if q == label)
        for group in progress.STATUS_GROUPS:
            assert row.by_group[group] == by_group[label, group], (label, group)
    outcome = {row.label: row for row in view.by_outcome}
    for group, label in progress.STATUS_GROUPS.items():
        members = [o for o in made if group_of(o["status"]) == group]
        assert outcome[label].offers == len(members)
        assert outcome[label].units == sum(o["scheme_units"] or 0 for o in members)
    by_type = {row.label: row.offers for row in view.by_type}
    assert by_type["Not given"] == sum(1 for o in made if not o["organisation_type"])
    assert by_type["Charity"] == sum(1 for o in made if o["organisation_type"] == "charity")


def test_offers_in_triage_add_up_the_units_of_open_offers_only(strategy_data):
    made = make_offers(70)
    version = ForecastVersion.objects.get(slug="2025-refresh")

    result = progress.progress(
        inputs.progress_inputs(version=version), as_of=datetime.date(2026, 11, 23)
    )

    expected = sum(o["scheme_units"] or 0 for o in made if o["status"] in OPEN)
    assert expected and result.total.in_triage == expected
    assert sum(p.figures.in_triage for p in result.phases) == expected


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    "url", ["/staff/dashboard/", "/staff/dashboard.csv", "/staff/dashboard.xlsx"]
)
def test_the_dashboard_reads_as_many_queries_at_200_offers_as_at_10(client, strategy_data, url):
    client.force_login(staff("chris", roles.COMMISSIONERS))
    make_offers(10)
    few = _queries(client, url)
    make_offers(190)

    many = _queries(client, url)

    # No query an offer: the dashboard groups offers in the database, so 190
    # more offers add no query (a bound, not an exact count).
    assert len(many) <= len(few)


FORMULAE = ["=1+1", '=HYPERLINK("http://x.example/","y")', "@SUM(A1)", "-2+3"]


def _formulae_in_the_data():
    make_offers(len(FORMULAE), kinds=FORMULAE)
    line = DemandLine.objects.filter(group__version__slug="2025-refresh").first()
    line.cohort = FORMULAE[0]
    line.save(update_fields=["cohort"])


def test_the_dashboard_csv_defuses_formulae_from_cohorts_and_offers(client, strategy_data):
    _formulae_in_the_data()
    client.force_login(staff("chris", roles.COMMISSIONERS))

    cells = list(
        itertools.chain.from_iterable(
            csv.reader(io.StringIO(client.get("/staff/dashboard.csv").content.decode()))
        )
    )

    for formula in FORMULAE:
        assert "'" + formula in cells, formula
        assert formula not in cells, formula
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_the_dashboard_workbook_holds_formulae_as_text(client, strategy_data):
    _formulae_in_the_data()
    client.force_login(staff("chris", roles.COMMISSIONERS))

    response = client.get("/staff/dashboard.xlsx")

    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    for formula in FORMULAE:
        assert "'" + formula in texts, formula
    assert not [cell for cell in cells if cell.data_type == "f"]
    # Figures stay numbers.
    assert any(cell.data_type == "n" for cell in cells)


def test_the_public_position_csv_defuses_a_formula_in_a_cohort(client, strategy_data):
    _formulae_in_the_data()

    rows = list(
        csv.reader(
            io.StringIO(client.get("/what-the-city-needs/current-position.csv").content.decode())
        )
    )

    cohorts = [row[2] for row in rows[1:]]
    assert "'=1+1" in cohorts and "=1+1" not in cohorts


def _screened_again(offer, *cohorts):
    """``offer`` screened again (recorded as ``eoi.offers.services`` records it),
    the new screening matching ``cohorts``."""
    from eoi.screening import result_from_dict
    from eoi.offers.services import screening_record

    first = offer.screenings.order_by("pk").first()
    result = result_from_dict(
        {
            **first.result,
            "matched_demand": [{**first.result["matched_demand"][0], "cohort": c} for c in cohorts],
        }
    )
    return screening_record(offer=offer, result=result, trigger="rescreen")


def test_an_open_offer_counts_against_the_lines_of_its_latest_screening_only(
    strategy_data,
):
    from tests.eoi.factories import submitted_offer

    offer = submitted_offer()
    version = ForecastVersion.objects.get(slug="2021-plan")
    cohorts = list(
        DemandLine.objects.filter(group__version=version)
        .order_by("pk")
        .values_list("cohort", flat=True)[:2]
    )
    for cohort in cohorts:
        _screened_again(offer, cohort)

    result = progress.progress(
        inputs.progress_inputs(version=version), as_of=datetime.date(2026, 11, 23)
    )

    counted = {row.label: row.figures.in_triage for row in result.lines if row.figures.in_triage}
    assert counted == {cohorts[1]: offer.scheme_units}
    assert result.total.in_triage == offer.scheme_units


def _open_units_by_cohort() -> dict[str, int]:
    found = defaultdict(int)
    for row in inputs.open_offer_list():
        for cohort in row.matched_cohorts:
            found[cohort] += row.units
    return dict(found)


def test_a_screening_that_matches_other_lines_moves_the_open_units(strategy_data):
    from eoi.offers.services import offer_rescreen
    from tests.eoi.factories import submitted_offer

    offer = submitted_offer()
    first = offer.screenings.get()
    submitted = _open_units_by_cohort()

    _screened_again(offer, "B", "A", "B")

    offer.refresh_from_db()
    assert offer.latest_matched_cohorts == '["A","B"]'
    assert _open_units_by_cohort() == {"A": offer.scheme_units, "B": offer.scheme_units}

    offer_rescreen(offer=offer, actor=staff("chris", roles.COMMISSIONERS))  # the first lines again
    offer.refresh_from_db()
    assert {c["cohort"] for c in first.result["matched_demand"]} == set(
        json.loads(offer.latest_matched_cohorts)
    )
    assert _open_units_by_cohort() == submitted


@pytest.mark.parametrize(
    "path, value",
    [
        ("scheme.units", 40),
        ("organisation.name", "Another Provider Ltd"),
        ("organisation.type", "charity"),
        ("scheme.expected_available", datetime.date(2029, 3, 1)),
    ],
)
def test_a_correction_changes_the_dashboards_counts(strategy_data, path, value):
    from eoi.triage.corrections import offer_answer_correct
    from tests.eoi.factories import submitted_offer

    offer = submitted_offer()
    before = (inputs.offer_group_list(), inputs.open_offer_list())

    offer_answer_correct(
        offer=offer,
        path=path,
        value=value,
        reason="Phoned",
        actor=staff("chris", roles.COMMISSIONERS),
    )

    assert (inputs.offer_group_list(), inputs.open_offer_list()) != before


def test_a_site_counts_once_in_triage_until_marked_not_the_same_site(strategy_data):
    from eoi.triage.duplicates import site_match_resolve
    from eoi.models import SiteMatch
    from eoi.progress.judgement import judgement_counts, units_counting_sites_once
    from tests.eoi.factories import submitted_offer
    from tests.support.worker import after_commit

    # The worker records possible duplicates once each submission commits.
    first, second = after_commit(submitted_offer), after_commit(submitted_offer)
    third = after_commit(
        submitted_offer, postcode="LE2 7AA", address="1 Other Street", name="Elsewhere"
    )

    def reference():
        """Every open offer's units, each site once, counted offer by offer."""
        units = {o.pk: o.scheme_units or 0 for o in Offer.objects.all()}
        pairs = SiteMatch.objects.exclude(resolution=SiteMatch.Resolution.DIFFERENT).values_list(
            "offer_id", "other_id"
        )
        return sum(units.values()), units_counting_sites_once(units, pairs)

    counts = judgement_counts()
    assert (counts.triage_units, counts.triage_units_sites_once) == reference()
    assert counts.triage_units_sites_once == first.scheme_units + third.scheme_units

    site_match_resolve(
        match=SiteMatch.objects.get(offer=first, other=second),
        resolution=SiteMatch.Resolution.DIFFERENT,
        actor=staff("chris", roles.COMMISSIONERS),
    )
    counts = judgement_counts()
    assert (counts.triage_units, counts.triage_units_sites_once) == reference()
    assert counts.triage_units_sites_once == sum(o.scheme_units for o in (first, second, third))
