"""An answer to a question, worded for a reader: check answers and the PDF.

The draft holds a month as ``"YYYY-MM"`` and amounts as strings; the model
holds dates and Decimals: both read the same here. Plain Python.
"""

from __future__ import annotations

import datetime

from leicester_sl.documents import formatting
from leicester_sl.documents.formatting import NOT_GIVEN, given

from .questions import Kind, Question

__all__ = ["NOT_GIVEN", "answer_lines", "answer_text"]

_UNITS = {Kind.HOURS: "hour", Kind.HECTARES: "hectare"}


def _when(value) -> str:
    if isinstance(value, str):  # a month as the form stores it
        return formatting.month(datetime.date(int(value[:4]), int(value[5:7]), 1))
    return formatting.day(value)


def answer_lines(question: Question, value) -> list[str]:
    """The answer as lines of text (a list, or text over several lines)."""
    kind = question.kind
    if kind is Kind.CHOICES:
        return formatting.labels(question.choices, value)
    if not given(value):
        return [NOT_GIVEN]
    if kind is Kind.CHOICE:
        return [formatting.label(question.choices, value)]
    if kind is Kind.YES_NO:
        return [formatting.yes_no(value)]
    if kind is Kind.MONEY:
        return [formatting.pounds(value, per=question.per)]
    if kind is Kind.WHOLE:
        return [formatting.number(value)]
    if kind in _UNITS:
        return [formatting.quantity(value, _UNITS[kind], per=question.per)]
    if kind is Kind.MONTH:
        return [_when(value)]
    return str(value).strip().splitlines()


def answer_text(question: Question, value) -> str:
    """The answer as one text, its lines joined by newlines."""
    return "\n".join(answer_lines(question, value))
