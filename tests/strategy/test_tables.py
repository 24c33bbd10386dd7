"""Tables and charts as plain data: no database (SimpleTestCase refuses queries)."""

import datetime

from django.test import SimpleTestCase

from strategy import tables


class TableTests(SimpleTestCase):
    def test_stacked_percentages_add_up_without_overflowing(self):
        cases = [
            (([56, 22, 0], 66), [72, 28, 0]),
            (([1, 1, 1], 3), [34, 33, 33]),
            (([0, 0], 0), [0, 0]),
            (([10], 40), [25]),
        ]
        for (values, scale), expected in cases:
            with self.subTest(values=values, scale=scale):
                shares = tables.percents(values, max(scale, sum(values)))
                self.assertEqual(shares, expected)
                self.assertLessEqual(sum(shares), 100)

    def test_cells_are_worded_for_the_page_and_kept_raw_for_the_csv(self):
        self.assertEqual(tables.cell(5900000).text, "5,900,000")
        self.assertEqual(tables.cell(datetime.date(2026, 3, 31)).text, "31 March 2026")
        self.assertEqual(tables.cell(None).text, "–")
        self.assertEqual(tables.csv_value(datetime.date(2026, 3, 31)), "2026-03-31")
        self.assertEqual(tables.csv_value(None), "")
