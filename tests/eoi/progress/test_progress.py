"""Progress rules over plain data: no database (SimpleTestCase refuses queries)."""

from django.test import SimpleTestCase

from eoi.progress import tally as progress
from eoi.progress.tally import (
    AcceptanceIn,
    DeliveryIn,
    LineIn,
    PhaseIn,
    ProgressInputs,
    SchemeIn,
)

from tests.eoi.progress.plain_inputs import AS_OF, D, offer

PHASES = (
    PhaseIn(
        1,
        "up to 2022",
        starts_on=D(2021, 4, 1),
        ends_on=D(2022, 3, 31),
        stated_units=None,
    ),
    PhaseIn(
        2,
        "2022 to 2026",
        starts_on=D(2022, 4, 1),
        ends_on=D(2026, 3, 31),
        stated_units=None,
    ),
    PhaseIn(
        3,
        "2026 to 2030",
        starts_on=D(2026, 4, 1),
        ends_on=D(2030, 3, 31),
        stated_units=None,
    ),
)
LINES = (
    LineIn(1, "Step down", "Adults", 27),
    LineIn(2, "Respite", "Respite", 8),
)


def inputs(**changes) -> ProgressInputs:
    data = {"lines": LINES, "phases": PHASES, "schemes": ()}
    data.update(changes)
    return ProgressInputs(**data)


class SchemeBucketTests(SimpleTestCase):
    def test_each_scheme_counts_in_one_figure(self):
        cases = [
            (SchemeIn(1, "a", 1, 10, key="firm"), progress.BUCKET_FIRM),
            (
                SchemeIn(1, "a", 1, 10, key="no_firm_date", status="under_construction"),
                progress.BUCKET_FIRM,
            ),
            (SchemeIn(1, "a", 1, 10, key="no_firm_date"), progress.BUCKET_NOT_FIRM),
            (SchemeIn(1, "a", 1, 10, key="site_required"), progress.BUCKET_NOT_FIRM),
            (
                SchemeIn(1, "a", 1, 10, key="firm", status="delivered"),
                progress.BUCKET_DELIVERED,
            ),
            (SchemeIn(1, "a", 1, 10, key="firm", status="not_proceeding"), None),
        ]
        for scheme, bucket in cases:
            with self.subTest(scheme=scheme):
                self.assertEqual(progress.scheme_bucket(scheme), bucket)


class ProgressTests(SimpleTestCase):
    def test_shortfall_is_target_less_delivered_firm_and_accepted(self):
        result = progress.progress(
            inputs(
                schemes=(
                    SchemeIn(1, "Firm", 3, 10, key="firm", demand_line_id=1),
                    SchemeIn(2, "Not firm", 3, 7, key="no_firm_date", demand_line_id=1),
                ),
                deliveries=(DeliveryIn(units=5, delivered_on=D(2025, 1, 1), demand_line_id=1),),
                acceptances=(AcceptanceIn(units=4, demand_line_id=1),),
            ),
            as_of=AS_OF,
        )

        self.assertEqual(result.total.target, 35)
        self.assertEqual(
            (
                result.total.delivered,
                result.total.firm,
                result.total.not_firm,
                result.total.accepted,
            ),
            (5, 10, 7, 4),
        )
        self.assertEqual(result.total.shortfall, 35 - 5 - 10 - 4)
        step_down = result.lines[0].figures
        self.assertEqual((step_down.target, step_down.shortfall), (27, 8))

    def test_shortfall_never_goes_below_zero(self):
        result = progress.progress(
            inputs(schemes=(SchemeIn(1, "Big", 3, 100, key="firm", demand_line_id=2),)),
            as_of=AS_OF,
        )

        self.assertEqual(result.lines[1].figures.shortfall, 0)

    def test_a_delivery_record_replaces_its_schemes_own_figure(self):
        delivered = SchemeIn(1, "Opened", 2, 20, key="firm", status="delivered", demand_line_id=1)
        part_built = SchemeIn(2, "Half open", 2, 10, key="firm", demand_line_id=1)
        result = progress.progress(
            inputs(
                schemes=(delivered, part_built),
                deliveries=(
                    DeliveryIn(units=18, delivered_on=D(2024, 5, 1), scheme_id=1, sites=2),
                    DeliveryIn(units=6, delivered_on=D(2025, 5, 1), scheme_id=2),
                ),
            ),
            as_of=AS_OF,
        )

        self.assertEqual(result.total.delivered, 18 + 6)
        self.assertEqual(result.total.firm, 10 - 6)
        self.assertEqual(result.delivered_sites, 3)
        self.assertEqual(result.lines[0].figures.delivered, 24)

    def test_a_delivered_scheme_without_a_record_counts_itself_and_one_site(self):
        result = progress.progress(
            inputs(schemes=(SchemeIn(1, "Opened", 1, 12, key="firm", status="delivered"),)),
            as_of=AS_OF,
        )

        self.assertEqual((result.total.delivered, result.delivered_sites), (12, 1))

    def test_a_record_without_a_scheme_falls_in_the_phase_holding_its_date(self):
        result = progress.progress(
            inputs(deliveries=(DeliveryIn(units=56, delivered_on=D(2025, 1, 1), sites=11),)),
            as_of=AS_OF,
        )

        self.assertEqual([p.figures.delivered for p in result.phases], [0, 56, 0])
        self.assertEqual(result.lines[-1].kind, progress.UNALLOCATED)
        self.assertEqual(result.lines[-1].figures.delivered, 56)

    def test_an_accepted_offer_counts_in_the_phase_holding_its_expected_date(self):
        result = progress.progress(
            inputs(
                acceptances=(
                    AcceptanceIn(6, demand_line_id=1, expected_available=D(2027, 6, 1)),
                    AcceptanceIn(4, demand_line_id=1, expected_available=D(2023, 6, 1)),
                ),
            ),
            as_of=AS_OF,
        )

        self.assertEqual([p.figures.accepted for p in result.phases], [0, 4, 6])
        self.assertEqual(result.total.accepted, 10)
        self.assertEqual(result.total.firm, 0)

    def test_a_phase_target_is_its_stated_figure_or_else_its_schemes(self):
        phases = (
            PHASES[0],
            PhaseIn(2, "2022 to 2026", ends_on=D(2026, 3, 31), stated_units=66),
        )
        schemes = (
            SchemeIn(1, "Hamelin", 1, 82, key="firm", outside_forecast=True),
            SchemeIn(
                2,
                "Tilling",
                1,
                73,
                key="firm",
                status="not_proceeding",
                outside_forecast=True,
            ),
            SchemeIn(3, "Developers", 2, 22, key="firm"),
        )
        result = progress.progress(inputs(phases=phases, schemes=schemes), as_of=AS_OF)

        self.assertEqual([p.figures.target for p in result.phases], [82, 66])
        self.assertEqual([p.planned_units for p in result.phases], [82, 22])
        # Outside the forecast: in the target whatever the status.
        self.assertEqual(result.total.target, 27 + 8 + 82 + 73)

    def test_open_offers_count_by_expected_date_and_by_matched_line(self):
        offers = (
            offer(
                "A",
                units=12,
                expected_available=D(2027, 6, 30),
                matched_cohorts=("Step down", "Respite"),
            ),
            offer("B", units=5, expected_available=None, matched_cohorts=("Nobody",)),
            offer("C", units=3, expected_available=D(2040, 1, 1)),
        )
        result = progress.progress(inputs(open_offers=offers), as_of=AS_OF)

        self.assertEqual(result.total.in_triage, 20)
        # No date: the phase holding the "as of" date; after the last: the last.
        self.assertEqual([p.figures.in_triage for p in result.phases], [0, 0, 20])
        self.assertEqual([row.figures.in_triage for row in result.lines[:2]], [12, 12])
        self.assertEqual(result.total.shortfall, 35)


class SlippageTests(SimpleTestCase):
    def test_schemes_past_their_date_and_not_delivered_are_slipping(self):
        schemes = (
            SchemeIn(1, "Late", 3, 22, key="firm", expected_completion=D(2026, 3, 31)),
            SchemeIn(2, "On time", 3, 10, key="firm", expected_completion=D(2027, 1, 1)),
            SchemeIn(
                3,
                "Done",
                2,
                10,
                key="firm",
                status="delivered",
                expected_completion=D(2025, 1, 1),
            ),
            SchemeIn(4, "Dropped", 1, 10, key="firm", status="not_proceeding"),
            SchemeIn(5, "Undated", 1, 8, key="site_required"),
        )
        result = progress.progress(inputs(schemes=schemes), as_of=AS_OF)

        slipping = {s.name: s for s in result.slipping_schemes}
        self.assertEqual(list(slipping), ["Undated", "Late"])
        self.assertEqual(slipping["Late"].days_late, (AS_OF - D(2026, 3, 31)).days)
        self.assertEqual(slipping["Undated"].due, D(2022, 3, 31))
        self.assertEqual([s.name for s in result.not_proceeding], ["Dropped"])

    def test_the_as_of_date_decides(self):
        schemes = (SchemeIn(1, "Due", 3, 22, key="firm", expected_completion=D(2026, 3, 31)),)

        before = progress.progress(inputs(schemes=schemes), as_of=D(2026, 3, 31))
        after = progress.progress(inputs(schemes=schemes), as_of=D(2026, 4, 1))

        self.assertEqual(before.slipping_schemes, ())
        self.assertEqual(len(after.slipping_schemes), 1)

    def test_ended_phases_with_units_outstanding_are_slipping(self):
        phases = (
            PhaseIn(1, "up to 2022", ends_on=D(2022, 3, 31), stated_units=155),
            PhaseIn(
                2,
                "2022 to 2026",
                starts_on=D(2022, 4, 1),
                ends_on=D(2026, 3, 31),
                stated_units=66,
            ),
            PhaseIn(
                3,
                "2026 to 2030",
                starts_on=D(2026, 4, 1),
                ends_on=D(2030, 3, 31),
                stated_units=289,
            ),
        )
        result = progress.progress(
            inputs(phases=phases, deliveries=(DeliveryIn(56, D(2025, 1, 1), sites=11),)),
            as_of=AS_OF,
        )

        self.assertEqual(
            [(p.number, p.figures.outstanding) for p in result.slipping_phases],
            [(1, 155), (2, 10)],
        )
