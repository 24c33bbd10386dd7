"""The market view over plain data: no database (SimpleTestCase refuses queries)."""

from django.test import SimpleTestCase

from eoi.progress import market
from eoi.progress import tally as progress
from eoi.progress.market import Quarter

from tests.eoi.progress.plain_inputs import D, offer


class MarketTests(SimpleTestCase):
    def test_providers_are_counted_once_by_name_whatever_the_case_and_spaces(self):
        offers = [
            offer("1", "Example Housing Association", units=10),
            offer("2", "  example  housing association ", units=5, group=progress.ACCEPTED),
            offer("3", "Other Homes", "Private developer", group=progress.NOT_PROGRESSED),
        ]

        view = market.market(offers)

        self.assertEqual((view.providers, view.offers), (2, 3))
        by_type = {row.label: row for row in view.by_type}
        self.assertEqual(
            (
                by_type["Registered provider"].providers,
                by_type["Registered provider"].offers,
            ),
            (1, 2),
        )
        by_outcome = {row.label: (row.providers, row.offers) for row in view.by_outcome}
        self.assertEqual(
            by_outcome,
            {
                "Open": (1, 1),
                "Accepted into pipeline": (1, 1),
                "Not progressed": (1, 1),
                "Withdrawn": (0, 0),
            },
        )

    def test_quarters_run_without_gaps_and_know_new_providers(self):
        offers = [
            offer("1", "A", on=D(2025, 12, 31)),
            offer("2", "a ", on=D(2026, 7, 1)),
            offer("3", "B", on=D(2026, 11, 23), group=progress.WITHDRAWN),
        ]

        rows = market.market(offers).by_quarter

        self.assertEqual(
            [r.quarter.label for r in rows],
            ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"],
        )
        self.assertEqual([r.offers for r in rows], [1, 0, 0, 1, 1])
        self.assertEqual([r.new_providers for r in rows], [1, 0, 0, 0, 1])
        self.assertEqual(rows[-1].by_group[progress.WITHDRAWN], 1)

    def test_calendar_quarters(self):
        self.assertEqual(market.quarter_of(D(2026, 11, 23)), Quarter(2026, 4))
        self.assertEqual(market.quarter_of(D(2026, 1, 1)).label, "2026 Q1")
        self.assertEqual(Quarter(2026, 4).next(), Quarter(2027, 1))

    def test_no_offers_no_quarters(self):
        view = market.market([])

        self.assertEqual((view.providers, view.by_quarter), (0, ()))
