"""The demand balance (strategy.balance), from the rules of strategy-data.md §4a."""

import datetime

from strategy.balance import (
    AcceptedOfferRow,
    DeliveryRow,
    LineRow,
    SchemeRow,
    demand_balance,
)

ON = datetime.date(2026, 12, 1)
LINES = (
    LineRow(id=1, cohort="Step-down", net_units=27, group="Adults"),
    LineRow(id=2, cohort="Extra care", net_units=155, group="Adults"),
    LineRow(id=3, cohort="Care leavers", net_units=11, group="Young", is_young_people=True),
)


def balance(**rows):
    return demand_balance(
        version_slug="v", version_name="V", on=rows.pop("on", ON), lines=LINES, **rows
    )


def test_with_no_supply_every_line_is_unmet():
    result = balance()

    assert [line.unmet for line in result.lines] == [27, 155, 11]
    assert (result.demand_total, result.unmet_total) == (193, 193)
    assert result.unattributed_supply == 0


def test_unattributed_supply_reduces_the_total_but_no_line():
    """The 2025 refresh: 56 delivered and 22 firm, matched to no line."""
    result = balance(
        deliveries=[DeliveryRow(units=56, sites=11, delivered_on=datetime.date(2025, 1, 1))],
        schemes=[SchemeRow(id=1, units=22, key="firm")],
    )

    assert (result.delivered, result.firm_pipeline) == (56, 22)
    assert result.unattributed_supply == 78
    assert result.unmet_total == 193 - 78
    assert [line.unmet for line in result.lines] == [27, 155, 11]
    assert result.delivered_sites == 11


def test_supply_attributed_in_part_moves_only_that_part_to_the_line():
    result = balance(
        deliveries=[
            DeliveryRow(
                units=56, delivered_on=datetime.date(2025, 1, 1), allocations=((1, 10), (3, 5))
            )
        ],
    )

    assert (result.line(1).delivered, result.line(1).unmet) == (10, 17)
    assert (result.line(3).delivered, result.line(3).unmet) == (5, 6)
    assert result.unattributed.delivered == 41
    assert result.unmet_total == 193 - 56


def test_allocations_never_count_more_than_the_row_holds():
    result = balance(
        schemes=[SchemeRow(id=1, units=22, key="firm", allocations=((1, 20), (2, 20)))]
    )

    assert (result.line(1).firm_pipeline, result.line(2).firm_pipeline) == (20, 2)
    assert result.firm_pipeline == 22
    assert result.unattributed_supply == 0


def test_an_allocation_to_another_versions_line_stays_unattributed():
    result = balance(schemes=[SchemeRow(id=1, units=8, key="firm", allocations=((99, 8),))])

    assert result.unattributed.firm_pipeline == 8
    assert all(line.firm_pipeline == 0 for line in result.lines)


def test_a_scheme_naming_its_line_counts_there_in_whole():
    result = balance(schemes=[SchemeRow(id=1, units=20, key="firm", demand_line_id=1)])

    assert (result.line(1).firm_pipeline, result.line(1).unmet) == (20, 7)


def test_only_firm_supply_counts_and_not_what_is_not_proceeding_or_outside_the_forecast():
    result = balance(
        schemes=[
            SchemeRow(id=1, units=27, key="no_firm_date", demand_line_id=1),
            SchemeRow(id=2, units=8, key="site_required", demand_line_id=1),
            SchemeRow(id=3, units=82, key="firm", status="not_proceeding"),
            SchemeRow(id=4, units=73, key="firm", outside_forecast=True),
            SchemeRow(
                id=5, units=4, key="no_firm_date", status="under_construction", demand_line_id=3
            ),
        ]
    )

    assert result.firm_pipeline == 4
    assert result.line(3).firm_pipeline == 4
    assert result.unmet_total == 193 - 4


def test_a_delivery_record_replaces_its_schemes_own_figure():
    result = balance(
        schemes=[
            SchemeRow(id=1, units=10, key="firm", demand_line_id=1),
            SchemeRow(id=2, units=6, key="firm", status="delivered", demand_line_id=1),
        ],
        deliveries=[DeliveryRow(units=4, delivered_on=datetime.date(2026, 1, 1), scheme_id=1)],
    )

    assert result.line(1).delivered == 4 + 6  # the record, and the delivered scheme
    assert result.line(1).firm_pipeline == 10 - 4
    assert result.delivered_sites == 2


def test_accepted_offers_count_as_accepted_offers_on_their_line():
    result = balance(
        schemes=[SchemeRow(id=1, units=20, key="firm", demand_line_id=1)],
        accepted_offers=[AcceptedOfferRow(units=12, demand_line_id=1, accepted_on=ON)],
    )

    line = result.line(1)
    assert (line.firm_pipeline, line.accepted_offers, line.unmet) == (20, 12, 0)
    assert (result.firm_pipeline, result.accepted_offers) == (20, 12)
    # A line never goes below 0, but the total counts every unit of supply.
    assert result.unmet_total == 193 - 32


def test_the_date_leaves_out_later_deliveries_and_acceptances():
    early = datetime.date(2025, 6, 1)
    result = balance(
        on=early,
        deliveries=[DeliveryRow(units=9, delivered_on=datetime.date(2026, 6, 1), demand_line_id=1)],
        accepted_offers=[AcceptedOfferRow(units=3, demand_line_id=2, accepted_on=ON)],
    )

    assert (result.delivered, result.accepted_offers) == (0, 0)
    assert result.on == early


def test_the_lines_with_the_most_unmet_units_first():
    result = balance(schemes=[SchemeRow(id=1, units=150, key="firm", demand_line_id=2)])

    assert [line.cohort for line in result.most_unmet(2)] == ["Step-down", "Care leavers"]


def test_the_json_shape():
    document = balance().to_dict()

    assert set(document) >= {
        "demand_total",
        "delivered",
        "firm_pipeline",
        "accepted_offers",
        "unattributed_supply",
        "unmet_total",
        "lines",
    }
    assert document["lines"][0] == {
        "cohort": "Step-down",
        "public_name": "Step-down",  # a line without a public name: its cohort
        "net": 27,
        "delivered": 0,
        "firm_pipeline": 0,
        "accepted_offers": 0,
        "unmet": 27,
    }
