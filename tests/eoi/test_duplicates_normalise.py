"""How two offers' sites are compared: pure, table-driven (eoi.triage.duplicates)."""

from django.test import SimpleTestCase

from eoi.triage.duplicates import address_line_normalise, postcode_normalise, site_keys


class NormalisationTests(SimpleTestCase):
    def test_postcodes(self):
        for given, expected in [
            ("LE2 1AA", "LE21AA"),
            ("le2 1aa", "LE21AA"),
            (" LE21AA ", "LE21AA"),
            ("LE2-1AA.", "LE21AA"),
            ("", ""),
        ]:
            with self.subTest(given=given):
                self.assertEqual(postcode_normalise(given), expected)

    def test_first_lines(self):
        for given, expected in [
            ("1 Example Street, Leicester", "1 example street"),
            ("1, Example Street", "1 example street"),
            ("12a\nExample Street", "12a example street"),
            ("1 EXAMPLE STREET\nLeicester", "1 example street"),
            ("1 Example St.", "1 example st"),
            ("Flat 3, 1 Example Street", "1 example street"),
            ("Flat 3 1 Example Street", "1 example street"),
            ("Unit 4B, 1 Example Street", "1 example street"),
            ("unit 12 St Mary's Court", "st marys court"),
            ("St. Mary’s Court", "st marys court"),
            ("Flat, 1 Example Street", "1 example street"),
            ("Flatford House", "flatford house"),
            ("Unity Court", "unity court"),
            ("", ""),
            ("  ,\n", ""),
        ]:
            with self.subTest(given=given):
                self.assertEqual(address_line_normalise(given), expected)

    def test_site_keys_match_on_postcode_and_either_name(self):
        elm = site_keys(
            postcode="LE2 1AA", address="1 Elm Road, Leicester", scheme_name="Elm Court"
        )
        for other, same in [
            (dict(postcode="le21aa", address="Flat 2, 1 ELM ROAD", scheme_name=""), True),
            (dict(postcode="LE2 1AA", address="9 Oak Lane", scheme_name="Elm Court"), True),
            (dict(postcode="LE2 1AA", address="Elm Court, 1 Elm Road", scheme_name=""), True),
            (dict(postcode="LE2 1AB", address="1 Elm Road", scheme_name="Elm Court"), False),
            (dict(postcode="LE2 1AA", address="2 Elm Road", scheme_name="Oak House"), False),
            (dict(postcode="", address="1 Elm Road", scheme_name="Elm Court"), False),
        ]:
            with self.subTest(other=other):
                self.assertIs(bool(elm & site_keys(**other)), same)
