"""Each question of the offer is declared once, and every reader reads it."""

import ast
import dataclasses
import pathlib
import typing

import pytest
from django import forms as django_forms

import eoi.offers.document
from eoi.offers import forms, journey
from eoi.models.columns import column_label
from eoi.models import Offer
from eoi.offers.document.sections import BY_PATH, QUESTIONS, SECTIONS, OfferDocument, asked_at
from eoi.offers.document.questions import PARTS, Kind
from eoi.offers.document import OfferType
from leicester_sl.documents import formatting

STEP_FORMS = {step.slug: step.form_class for step in journey.STEPS}


def test_every_field_of_the_document_is_a_declared_question():
    fields = [
        (section, field.name)
        for section, cls in [("", OfferDocument), *SECTIONS.items()]
        for field in dataclasses.fields(cls)
        if "section" not in field.metadata
    ]
    assert sorted(f"{s}.{n}" if s else n for s, n in fields) == sorted(BY_PATH)
    assert len(QUESTIONS) == 45


def test_every_part_asks_or_reports_something_and_every_question_is_asked():
    for part in PARTS:
        assert asked_at(part.slug), part.slug
    asked = {question.path for slug in STEP_FORMS for question in asked_at(slug)}
    assert asked == set(BY_PATH)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.path)
def test_the_step_form_asks_the_question_with_its_declared_label_and_limits(question):
    form_class = STEP_FORMS[question.step]
    field = form_class.base_fields[question.name]
    assert field.label == question.label
    assert field.help_text == question.hint
    assert field.required is not question.optional
    column = Offer._meta.get_field(question.column)
    assert column.verbose_name == column_label(question.path)
    if question.max_length:
        # A long text's column is a TextField; a ward's field is a list of wards.
        limits = {getattr(field, "max_length", None), column.max_length} - {None}
        assert limits == {question.max_length}
    if question.kind in (Kind.MONEY, Kind.HOURS, Kind.HECTARES):
        assert field.max_digits == column.max_digits == question.digits
        assert field.decimal_places == column.decimal_places == question.decimal_places
    if question.kind is Kind.WHOLE:
        assert (field.min_value, field.max_value) == (question.low, question.high)
    if question.choices is not None:
        codes = [str(getattr(choice, "value", choice[0])) for choice in field.choices]
        assert codes == [member.value for member in question.choices]


def test_every_one_line_text_answer_is_the_one_line_text_field():
    # A rule for one-line text (say, refusing control characters) is added once.
    for question in QUESTIONS:
        field = STEP_FORMS[question.step].base_fields[question.name]
        one_line = isinstance(field, forms.fields.OneLineTextField)
        assert one_line is (question.kind in (Kind.TEXT, Kind.PHONE, Kind.POSTCODE)), question.path
        if question.kind is Kind.LONG_TEXT:
            assert isinstance(field.widget, django_forms.Textarea)


@pytest.mark.parametrize(
    "offer_type, accommodation, support",
    [
        ("accommodation", True, False),
        ("care_and_support", False, True),
        ("accommodation_and_support", True, True),
    ],
)
def test_one_predicate_decides_what_each_offer_type_includes(offer_type, accommodation, support):
    member = OfferType(offer_type)
    assert (member.includes_accommodation, member.includes_support) == (
        accommodation,
        support,
    )
    answers = {"offer-type": {"offer_type": offer_type}}
    applies = {step.slug for step in journey.steps_for(answers)}
    assert ("rent" in applies, "support" in applies) == (accommodation, support)
    for part in PARTS:
        step = journey.step_named(part.slug)
        assert step.applies(answers) is part.applies_to(member) is part.applies_to(offer_type)


@pytest.mark.parametrize("unknown", [None, "", "housing"])
def test_every_part_may_apply_while_the_offer_type_is_not_known(unknown):
    assert all(part.applies_to(unknown) for part in PARTS)


def test_the_declarations_import_nothing_from_django():
    for path in pathlib.Path(eoi.offers.document.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        imported += [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ]
        assert not [name for name in imported if name.startswith("django")], path.name


def test_a_dataclass_field_type_matches_its_kind():
    expected = {
        Kind.YES_NO: bool,
        Kind.WHOLE: int,
        Kind.CHOICES: tuple,
    }
    for section, cls in [("", OfferDocument), *SECTIONS.items()]:
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            question = field.metadata.get("question")
            if question is None or question.kind not in expected:
                continue
            hint = hints[field.name]
            if typing.get_origin(hint) is tuple:
                kinds = [tuple]
            else:
                kinds = list(typing.get_args(hint))
            assert expected[question.kind] in kinds, (section, field.name, hint)


# Wording ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording, expected",
    [
        (formatting.pounds("2400000"), "£2,400,000.00"),
        (formatting.pounds("150", per="week"), "£150.00 a week"),
        (formatting.pounds("24.1", per="hour"), "£24.10 an hour"),
        (formatting.pounds(None), "Not given"),
        (formatting.number("10.00"), "10"),
        (formatting.number("7.50"), "7.5"),
        (formatting.number(1250), "1,250"),
        (formatting.quantity("1", "hectare"), "1 hectare"),
        (formatting.quantity("0.6", "hectare"), "0.6 hectares"),
        (formatting.quantity(0, "hour", per="week"), "0 hours a week"),
        (formatting.quantity("", "hour"), "Not given"),
        (formatting.yes_no(False), "No"),
        (formatting.yes_no(None), "Not given"),
        (formatting.label(OfferType, "care_and_support"), "Care and support only"),
        (formatting.label(OfferType, "tiny_homes"), "tiny_homes"),
        (formatting.labels(OfferType, []), ["Not given"]),
    ],
)
def test_figures_and_choices_read_the_same_everywhere(wording, expected):
    assert wording == expected


def test_check_answers_and_the_pdf_word_an_answer_alike():
    support = dict(
        (label, lines)
        for _name, label, lines in forms.SupportForm.summary_rows(
            {"individual_hours_per_person_per_week": "7.5", "hourly_rate": "24.10"}
        )
    )
    assert support["Individual support hours a week"] == ["7.5 hours a week"]
    assert support["Hourly rate"] == ["£24.10 an hour"]
