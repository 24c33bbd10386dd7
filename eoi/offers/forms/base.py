"""The base of every step form: layout, answers, and checking stored answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property

from eoi.offers.document.sections import BY_PATH
from eoi.offers.document.questions import Question
from eoi.offers.document.wording import answer_lines
from .layout import layout_for, step_buttons


class StepForm(forms.Form):
    """A step of the journey, asking ``questions`` (``questions_form``).

    ``draft`` is the draft being answered (some steps need it, e.g. to count
    its attachments). ``heading`` is set when the page's only question is its
    heading: the question's legend is then the page's <h1>.
    """

    heading: str | None = None
    questions: tuple[Question, ...] = ()

    def __init__(self, *args, draft=None, **kwargs):
        self.draft = draft
        super().__init__(*args, **kwargs)

    @cached_property
    def helper(self) -> FormHelper:
        """The page's layout, built only when the form is shown: most forms
        made on a request only check stored answers (``from_answers``)."""
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(*self.layout_fields(), step_buttons())
        return helper

    def layout_fields(self) -> list:
        return [layout_for(question, heading=bool(self.heading)) for question in self.questions]

    def clean(self):
        data = super().clean()
        for question in self.questions:
            if question.at_most:
                self._check_at_most(question, data)
        return data

    def _check_at_most(self, question: Question, data: dict) -> None:
        limit = data.get(question.at_most)
        if limit is not None and (data.get(question.name) or 0) > limit:
            sibling = BY_PATH[f"{question.section}.{question.at_most}"]
            message = f"{question.noun} must be no more than the {sibling.noun.lower()} ({limit})"
            self.add_error(question.name, ValidationError(message, code="more_than_units"))

    @classmethod
    def answer_names(cls) -> tuple[str, ...]:
        """The fields whose answers the draft keeps (and the document gets)."""
        return tuple(cls.base_fields)

    def answers(self) -> dict:
        """The cleaned data as JSON-safe values, for ``draft.answers[step]``."""
        return {name: json_safe(self.cleaned_data.get(name)) for name in self.answer_names()}

    def apply_to(self, draft, slug: str) -> None:
        """Put this step's answers on the draft (the caller saves it)."""
        draft.answers = {**draft.answers, slug: self.answers()}

    @classmethod
    def from_answers(cls, stored: dict, **kwargs) -> StepForm:
        """The form bound to answers stored earlier, to check they still hold."""
        unbound = cls(initial=stored, **kwargs)
        data = MultiValueDict()
        for name, field in unbound.fields.items():
            value = unbound[name].value()
            if isinstance(field.widget, forms.MultiWidget):
                parts = field.widget.decompress(value)
                for suffix, part in zip(field.widget.widgets_names, parts, strict=True):
                    data[f"{name}{suffix}"] = "" if part is None else str(part)
            elif isinstance(value, (list, tuple)):
                data.setlist(name, [str(item) for item in value])
            elif value is not None:
                data[name] = str(value)
        return cls(data=data, **kwargs)

    @classmethod
    def summary_rows(cls, stored: dict, **kwargs) -> list[tuple[str, str, list[str]]]:
        """(field name, label, lines) for each answer, for check answers."""
        rows = []
        for question in cls.questions:
            field, value = cls.base_fields[question.name], stored.get(question.name)
            if hasattr(field, "display"):  # the field words it for itself
                lines = [field.display(value)]
            else:
                lines = answer_lines(question, value)
            rows.append((question.name, question.short_label, lines))
        return rows


def json_safe(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value
