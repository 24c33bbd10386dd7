"""The base of every step form: layout, answers, and checking stored answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.utils.datastructures import MultiValueDict

from ..validators import one_line_validator
from .fields import display
from .layout import step_buttons


def _label_for_errors(field) -> str:
    return str(field.label or "This answer").removesuffix(" (optional)")


class StepForm(forms.Form):
    """A step of the journey. Subclasses give ``layout_fields()``.

    ``draft`` is the draft being answered (some steps need it, e.g. to count
    its attachments). ``heading`` is set when the page's only question is its
    heading: the question's legend is then the page's <h1>.
    """

    heading: str | None = None
    # Shorter labels for check answers, where a question would not fit.
    summary_labels: dict[str, str] = {}

    def __init__(self, *args, draft=None, **kwargs):
        self.draft = draft
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and isinstance(field.widget, forms.TextInput):
                # One-line answers: no line breaks or control characters.
                field.validators.append(one_line_validator(_label_for_errors(field)))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout_fields(), step_buttons())

    def layout_fields(self) -> list:
        raise NotImplementedError

    @classmethod
    def answer_names(cls) -> tuple[str, ...]:
        """The fields whose answers the draft keeps (and the document gets)."""
        return tuple(cls.base_fields)

    def answers(self) -> dict:
        """The cleaned data as JSON-safe values, for ``draft.answers[step]``."""
        return {
            name: json_safe(self.cleaned_data.get(name)) for name in self.answer_names()
        }

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
        form = cls(**kwargs)
        return [
            (
                name,
                cls.summary_labels.get(name, str(field.label)),
                display(field, stored.get(name)),
            )
            for name, field in form.fields.items()
            if not isinstance(field, forms.FileField)
        ]


def json_safe(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value
