"""The offer document's limits: each question's length, digits, decimal
places and range, declared once on the question and read both by the
parser and by the ``Offer`` model's column (issue 23).

A number or text the column cannot hold is refused by the parser, with
``path: message``, so ``import_offers`` never reaches the database with it
and screening never sees a number it cannot work with.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from eoi.offers.document.sections import QUESTIONS
from eoi.offers.document.questions import Kind
from eoi.offers.document import OfferDocumentError, parse_offer
from tests.eoi.test_offer_document import FULL, changed, errors_of

NUMBERS = [q for q in QUESTIONS if q.kind in (Kind.MONEY, Kind.HOURS, Kind.HECTARES)]
TEXTS = [q for q in QUESTIONS if q.max_length is not None]
WHOLES = [q for q in QUESTIONS if q.kind is Kind.WHOLE]


def with_answer(path: str, value: Any) -> dict[str, Any]:
    """FULL with one answer set (the units raised so any count fits)."""
    document = copy.deepcopy(FULL)
    section, _, name = path.rpartition(".")
    (document[section] if section else document)[name] = value
    return document


def message_at(path: str, value: Any) -> str:
    errors = [m for p, m in errors_of(with_answer(path, value)) if p == path]
    assert len(errors) == 1, errors
    return errors[0]


# --------------------------------------------------------------------------
# The findings: each refused with a clear message, not a traceback
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("1234567890123456789012345678", id="28-digits"),
        pytest.param("123456789012345678901234567890", id="30-digits"),
        pytest.param("123456789012345678901234567890.12", id="30-digits-and-pence"),
        pytest.param(10**26, id="10-to-the-26"),
        pytest.param(1e308, id="1e308"),
        pytest.param("9" * 5000, id="5000-digit-string"),
        pytest.param("10000000000", id="ten-billion"),
    ],
)
def test_too_large_a_rent_is_refused_as_too_large(value):
    message = message_at("finance.weekly_core_rent", value)
    assert message == ("is too large: must be an amount in pounds less than £10,000,000,000")


@pytest.mark.parametrize("value", [1e26, 10**26, 1e308, "1" + "0" * 27, 10000, "10000.00"])
def test_too_many_hours_are_refused_as_too_large(value):
    message = message_at("support.individual_hours_per_person_per_week", value)
    assert message == "is too large: must be a number of hours less than 10,000"


def test_a_5000_character_scheme_name_is_refused():
    assert message_at("scheme.name", "x" * 5000) == "must be 200 characters or fewer"


def test_hours_have_at_most_the_columns_decimal_places():
    message = message_at("support.individual_hours_per_person_per_week", "7.555")
    assert message == "must be a number of hours with at most 2 decimal places"


def test_a_site_area_has_at_most_three_decimal_places():
    message = message_at("scheme.site_area_hectares", "0.1234")
    assert message == "must be an area in hectares with at most 3 decimal places"


def test_a_postcode_is_measured_once_normalised():
    normalised = parse_offer(with_answer("scheme.postcode", "l e 2 1 a a"))
    assert normalised.scheme.postcode == "LE2 1AA"
    assert message_at("scheme.postcode", "LE2 1AA, Leicester") == ("must be 10 characters or fewer")
    # A short malformed postcode is still kept, for screening to report.
    assert parse_offer(with_answer("scheme.postcode", "LE2")).scheme.postcode == "LE2"


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), float("-inf"), "NaN", "Infinity", "-Infinity", "1e5"],
)
def test_non_finite_and_exponent_numbers_are_refused(value):
    assert message_at("support.hourly_rate", value) == ("must be an amount in pounds of 0 or more")


@pytest.mark.parametrize(
    "value",
    [10**5000, 10**30, -(10**30), 1e308, float("inf")],
    ids=["10**5000", "10**30", "-10**30", "1e308", "inf"],
)
def test_huge_whole_numbers_are_out_of_range(value):
    assert message_at("scheme.units", value) == "must be a whole number from 1 to 500"


def test_every_problem_reads_path_colon_message():
    document = changed(
        FULL,
        scheme__name="x" * 5000,
        finance__weekly_core_rent="1" * 30,
        support__individual_hours_per_person_per_week=1e308,
    )
    with pytest.raises(OfferDocumentError) as raised:
        parse_offer(document)
    assert str(raised.value).splitlines() == [
        "scheme.name: must be 200 characters or fewer",
        (
            "finance.weekly_core_rent: is too large: must be an amount in pounds "
            "less than £10,000,000,000"
        ),
        (
            "support.individual_hours_per_person_per_week: is too large: must be "
            "a number of hours less than 10,000"
        ),
    ]


# --------------------------------------------------------------------------
# Every question: the parser's limit is the column's
# --------------------------------------------------------------------------


def largest(question) -> Decimal:
    places = Decimal(1).scaleb(-question.decimal_places)
    return Decimal(10) ** (question.digits - question.decimal_places) - places


@pytest.mark.parametrize("question", NUMBERS, ids=lambda q: q.path)
def test_each_number_takes_the_largest_its_column_holds_and_no_more(question):
    value = largest(question)
    parsed = parse_offer(with_answer(question.path, str(value)))
    section = getattr(parsed, question.section) if question.section else parsed
    assert getattr(section, question.name) == value
    step = Decimal(1).scaleb(-question.decimal_places)
    assert "too large" in message_at(question.path, str(value + step))
    finer = step / 10
    assert "decimal places" in message_at(question.path, str(Decimal(1) + finer))


@pytest.mark.parametrize("question", TEXTS, ids=lambda q: q.path)
def test_each_text_takes_its_length_and_no_more(question):
    if question.kind is Kind.EMAIL:
        fits = "a@" + "b" * (question.max_length - 6) + ".org"
        too_long = "a" + fits
    else:
        fits, too_long = "x" * question.max_length, "x" * (question.max_length + 1)
    assert len(fits) == question.max_length
    parse_offer(with_answer(question.path, fits))
    assert message_at(question.path, too_long) == (
        f"must be {question.max_length:,} characters or fewer"
    )


@pytest.mark.parametrize("question", WHOLES, ids=lambda q: q.path)
def test_each_whole_number_takes_its_declared_range_and_no_more(question):
    document = with_answer("scheme.units", question.high)
    document["scheme"][question.name] = question.high
    parse_offer(document)
    document["scheme"][question.name] = question.high + 1
    with pytest.raises(OfferDocumentError):
        parse_offer(document)


def test_the_model_columns_hold_what_the_parser_accepts():
    from eoi.models import Offer

    for question in NUMBERS:
        field = Offer._meta.get_field(question.column)
        assert (field.max_digits, field.decimal_places) == (
            question.digits,
            question.decimal_places,
        ), question.path
    for question in TEXTS:
        field = Offer._meta.get_field(question.column)
        if question.kind is not Kind.LONG_TEXT:  # a TextField: the question's limit
            assert field.max_length == question.max_length, question.path


@pytest.mark.parametrize("value", ["9999-12", "9999-12-31", "0000-01", "2027-00"])
def test_dates_far_out_of_range_are_refused(value):
    assert message_at("scheme.expected_available", value).startswith(
        "must be a date as YYYY-MM or YYYY-MM-DD"
    )


def test_an_unknown_key_that_is_not_a_plain_name_is_quoted_on_one_line():
    document = changed(FULL, scheme__number_of_flats=1)
    document["scheme"].update({"": 1, "a\nb": 2, "x" * 100: 3})
    document[7] = "a key that is not text (from Python)"
    lines = str(errors_of_raised(document)).splitlines()
    assert 'scheme."": unknown key' in lines
    assert 'scheme."a\\nb": unknown key' in lines
    assert f'scheme."{"x" * 40}\\u2026": unknown key' in lines
    assert "scheme.number_of_flats: unknown key" in lines
    assert "7: unknown key" in lines


def errors_of_raised(document) -> OfferDocumentError:
    with pytest.raises(OfferDocumentError) as raised:
        parse_offer(document)
    return raised.value
