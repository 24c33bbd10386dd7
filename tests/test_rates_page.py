"""Rates and rules (/rates/): the values in force today, with source and date,
never calling a value a default; and the admin's list of values the council
must still set."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase

from strategy.models import ReferenceValue
from strategy.rates import rates_in_force, source_for_providers, value_words

pytestmark = pytest.mark.django_db


def test_rates_page_shows_the_values_in_force_with_source_and_date(client, strategy_data):
    page = client.get("/rates/").content.decode()
    assert '<h1 class="govuk-heading-l">Rates and rules</h1>' in page
    # LHA by band, from the fixture's Leicester BRMA rates of April 2024.
    assert "Local Housing Allowance: 1 bedroom" in page
    assert "£124.27 a week" in page
    assert "1 April 2024" in page
    # UC standard allowance: 2026/27's from 6 April 2026 (strategy-data.md §6).
    assert "£424.90 a month" in page
    assert "£400.14 a month" not in page
    assert "£24.10 an hour" in page  # framework hourly rate
    assert "£1,000.00 per person a week" in page  # high-cost threshold
    assert "3 November 2027" in page  # next procurement
    assert "Lot 1: Enablement" in page
    assert "Council policy value" in page
    assert "default" not in page.lower()


def test_a_newer_value_replaces_the_old_one_from_its_date(client, strategy_data):
    ReferenceValue.objects.create(
        key="lha_1_bed_weekly",
        name="Local Housing Allowance: 1 bedroom",
        kind=ReferenceValue.Kind.MONEY,
        value="130.00",
        unit="£ a week",
        source="LHA 2027/28",
        valid_from=datetime.date(2027, 4, 1),
    )
    march = rates_in_force(on=datetime.date(2027, 3, 31))
    april = rates_in_force(on=datetime.date(2027, 4, 1))

    def one_bed(rates):
        return next(
            rate
            for _h, section in rates.sections
            for rate in section
            if rate.name == "Local Housing Allowance: 1 bedroom"
        )

    assert one_bed(march).value == "£124.27 a week"
    assert (one_bed(april).value, one_bed(april).valid_from) == ("£130.00 a week", "1 April 2027")


def test_header_links_to_the_rates_page(client, strategy_data):
    page = client.get("/rates/").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/rates/" aria-current="page">' in page


class WordingTests(SimpleTestCase):
    def test_source_loses_internal_notes_about_defaults(self):
        for source, expected in [
            (
                "Council policy value (portal default until the council sets its own)",
                "Council policy value",
            ),
            (
                "Homecare Association, average council fee rate 2025/26 (default until the council sets Leicester's rate)",
                "Homecare Association, average council fee rate 2025/26",
            ),
            (
                "ONS; local authority code E06000016 (these districts also reach some county streets)",
                "ONS; local authority code E06000016 (these districts also reach some county streets)",
            ),
        ]:
            with self.subTest(source=source):
                self.assertEqual(source_for_providers(source), expected)

    def test_values_in_words(self):
        Kind = ReferenceValue.Kind
        for kind, value, unit, expected in [
            (Kind.MONEY, "124.27", "£ a week", "£124.27 a week"),
            (Kind.MONEY, "1000", "£ per person a week", "£1,000.00 per person a week"),
            (Kind.PERCENT, "125", "% of benchmark", "125% of benchmark"),
            (Kind.NUMBER, "0.5", "hectares", "0.5 hectares"),
            (Kind.NUMBER, "70", "hours a week", "70 hours a week"),
            (Kind.BOOLEAN, "false", "", "No"),
            (Kind.DATE, "2027-11-03", "", "3 November 2027"),
            (Kind.DATE, "", "", "Not yet announced"),
        ]:
            with self.subTest(kind=kind, value=value):
                rv = ReferenceValue(kind=kind, value=value, unit=unit)
                self.assertEqual(value_words(rv), expected)


def test_admin_lists_values_in_force_still_on_defaults(client, strategy_data):
    admin = get_user_model().objects.create_superuser(
        "admin", "a@example.com", "a-long-test-password"
    )
    client.force_login(admin)
    page = client.get("/admin/strategy/referencevalue/?to_set=in_force").content.decode()
    assert "Exempt accommodation rent benchmark: extra care" in page
    assert "Framework hourly rate for care and support" in page
    assert "Local Housing Allowance: 1 bedroom" not in page  # set from the LHA
    assert "still to be set by the council" in page
