"""Form fields and layout made from the offer's declared questions.

:func:`questions_form` gives the base class of a step's form: one field for
each question the step asks (``eoi.offers.document.sections.asked_at``), made by
:func:`form_field` from the question's kind, label, hint, limits and
messages, and laid out by :func:`layout_for`.
"""

from __future__ import annotations

from django import forms

from eoi.offers.document.sections import asked_at
from eoi.offers.document.questions import Kind, Question
from .base import StepForm
from leicester_sl.fields import EmailAddressField

from .fields import (
    MoneyField,
    MonthYearField,
    NumberField,
    OneLineTextField,
    PhoneField,
    PostcodeField,
    WardField,
    WholeNumberField,
    YesNoField,
    choices_with_hints,
    pick,
    text_input,
)

_ONE_LINE = {
    Kind.TEXT: OneLineTextField,
    Kind.PHONE: PhoneField,
    Kind.POSTCODE: PostcodeField,
}
_UNITS = {Kind.HOURS: " hours", Kind.HECTARES: " hectares"}


def form_field(question: Question) -> forms.Field:
    """The form field that asks ``question``."""
    kind = question.kind
    common = {
        "label": question.label,
        "help_text": question.hint,
        "required": not question.optional,
    }
    if question.initial is not None:
        common["initial"] = question.initial
    message = question.ask_message
    if kind in _ONE_LINE:
        return _ONE_LINE[kind](
            noun=question.noun or question.label,
            max_length=question.max_length,
            required_message=message,
            widget=text_input(**question.attrs),
            **common,
        )
    if kind is Kind.LONG_TEXT:
        return forms.CharField(
            max_length=question.max_length,
            widget=forms.Textarea(attrs={"rows": question.rows}),
            error_messages={
                "required": message,
                "max_length": f"{question.noun} must be {question.max_length:,} characters or fewer",
            },
            **common,
        )
    if kind is Kind.EMAIL:
        return EmailAddressField(max_length=question.max_length, required_message=message, **common)
    if kind is Kind.WARD:
        return WardField(error_messages=pick(message), **common)
    if kind in (Kind.CHOICE, Kind.CHOICES):
        choices = question.choices.choices()
        if question.choice_hints:
            choices = choices_with_hints(question.choices, question.choice_hints)
        if kind is Kind.CHOICE:
            field, widget = forms.ChoiceField, forms.RadioSelect
        else:
            field, widget = forms.MultipleChoiceField, forms.CheckboxSelectMultiple
        return field(choices=choices, widget=widget, error_messages=pick(message), **common)
    if kind is Kind.YES_NO:
        return YesNoField(required_message=message, **common)
    if kind is Kind.WHOLE:
        return WholeNumberField(
            noun=question.noun,
            low=question.low,
            high=question.high,
            required_message=message,
            **common,
        )
    if kind is Kind.MONEY:
        return MoneyField(
            noun=question.noun,
            required_message=message,
            max_digits=question.digits,
            **common,
        )
    if kind in _UNITS:
        return NumberField(
            noun=question.noun,
            example=question.example,
            required_message=message,
            max_digits=question.digits,
            decimal_places=question.decimal_places,
            above_zero=kind is Kind.HECTARES,
            unit=_UNITS[kind],
            **common,
        )
    if kind is Kind.MONTH:
        return MonthYearField(
            noun=question.noun, earliest=question.low, latest=question.high, **common
        )
    raise LookupError(f"{question.path}: no form field for {kind}")


def questions_form(step: str) -> type[StepForm]:
    """A step form asking the questions of ``step``, to subclass."""
    questions = asked_at(step)
    attrs = {question.name: form_field(question) for question in questions}
    return type(
        f"{step.title().replace('-', '')}Questions",
        (StepForm,),
        {"__module__": __name__, "questions": tuple(questions), **attrs},
    )
