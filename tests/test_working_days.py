"""Working days across bank holiday weekends in England and Wales.

Expected dates are read from the calendar (gov.uk/bank-holidays): Christmas
2026 is a Friday, Boxing Day a Saturday with Monday 28 December as its
substitute; Christmas 2027 is a Saturday, so Monday 27 and Tuesday 28 are the
substitutes; Easter 2027 is Good Friday 26 March and Easter Monday 29 March;
the August bank holiday 2027 is Monday 30 August.
"""

import datetime

from django.test import SimpleTestCase

from leicester_sl.working_days import (
    add_working_days,
    england_and_wales_bank_holidays,
    working_days_between,
)

D = datetime.date
HOLIDAYS = england_and_wales_bank_holidays(range(2026, 2029))


class AddWorkingDaysTests(SimpleTestCase):
    def test_table(self):
        for start, n, expected, why in [
            (D(2027, 1, 4), 1, D(2027, 1, 5), "Monday + 1 is Tuesday"),
            (D(2027, 1, 8), 1, D(2027, 1, 11), "Friday + 1 skips the weekend"),
            (D(2027, 1, 9), 1, D(2027, 1, 11), "from a Saturday, Monday"),
            (D(2027, 1, 4), 10, D(2027, 1, 18), "two weeks"),
            (D(2026, 12, 24), 1, D(2026, 12, 29), "Christmas Fri, Boxing Day sub Mon 28"),
            (D(2026, 12, 24), 2, D(2026, 12, 30), ""),
            (D(2026, 12, 31), 1, D(2027, 1, 4), "New Year's Day Friday"),
            (D(2027, 12, 24), 1, D(2027, 12, 29), "Christmas Sat: subs Mon 27 and Tue 28"),
            (D(2027, 3, 25), 1, D(2027, 3, 30), "Good Friday and Easter Monday"),
            (D(2027, 3, 25), 5, D(2027, 4, 5), ""),
            (D(2027, 8, 27), 1, D(2027, 8, 31), "August bank holiday Monday 30"),
            (D(2027, 12, 25), 0, D(2027, 12, 29), "0 on a holiday: the next working day"),
            (D(2027, 1, 5), 0, D(2027, 1, 5), "0 on a working day: that day"),
        ]:
            with self.subTest(why or f"{start} + {n}"):
                self.assertEqual(add_working_days(start, n, holidays=HOLIDAYS), expected)

    def test_without_holidays_only_weekends_are_skipped(self):
        self.assertEqual(add_working_days(D(2026, 12, 24), 1, holidays=()), D(2026, 12, 25))

    def test_negative_is_refused(self):
        with self.assertRaises(ValueError):
            add_working_days(D(2027, 1, 4), -1, holidays=HOLIDAYS)


class WorkingDaysBetweenTests(SimpleTestCase):
    def test_table(self):
        for start, end, expected in [
            (D(2027, 1, 4), D(2027, 1, 4), 0),
            (D(2027, 1, 4), D(2027, 1, 8), 4),
            (D(2027, 1, 8), D(2027, 1, 11), 1),
            (D(2026, 12, 23), D(2027, 1, 4), 5),  # 24, 29, 30, 31 December and 4 January
            (D(2027, 3, 25), D(2027, 3, 30), 1),
            (D(2027, 8, 27), D(2027, 8, 31), 1),
            (D(2027, 1, 8), D(2027, 1, 4), -4),
        ]:
            with self.subTest(start=start, end=end):
                self.assertEqual(working_days_between(start, end, holidays=HOLIDAYS), expected)

    def test_inverse_of_add(self):
        start = D(2026, 12, 20)
        for n in range(0, 40):
            with self.subTest(n=n):
                end = add_working_days(start, n, holidays=HOLIDAYS)
                if n:
                    self.assertEqual(working_days_between(start, end, holidays=HOLIDAYS), n)
