"""The ``Offer`` model's column for a declared question of the offer.

Each column stays an explicit field on the model (``scheme_units =
column("scheme.units")``) so the model reads as a table, but its label (the
question as the summary and the admin word it) and its limits (length, digits)
are the question's (``eoi.offer``), not copied.
"""

from django.db import models

from strategy.fields import ChoiceListField
from strategy.vocabulary import (
    ClientGroup,
    FrameworkLot,
    FundingSource,
    choices_of,
    client_group_choices,
    framework_lot_choices,
    funding_source_choices,
)

from eoi.offers.document.sections import BY_PATH
from eoi.offers.document.questions import Kind

# Functions, not lists, so that migrations refer to them (strategy.vocabulary).
_CHOICE_LISTS = {
    ClientGroup: client_group_choices,
    FundingSource: funding_source_choices,
    FrameworkLot: framework_lot_choices,
}
CHOICE_LENGTH = 40  # of a stored code
# A stored number does not say what it counts: its label does.
_UNIT = {Kind.MONEY: "£", Kind.HOURS: "hours", Kind.HECTARES: "hectares"}
_PER = {"": "", "week": " a week", "hour": " an hour"}


def column_label(path: str) -> str:
    """``"Core rent (£ a week)"``: the summary's label, with a number's unit."""
    question = BY_PATH[path]
    if question.column_label:
        return question.column_label
    if question.kind not in _UNIT:
        return question.report_label
    return f"{question.report_label} ({_UNIT[question.kind]}{_PER[question.per]})"


def column(path: str, field_class: type[models.Field] | None = None, **options) -> models.Field:
    """The model field that stores the answer to the question at ``path``.

    A question the document does not require may be blank (text) or null; a
    choice may be blank either way, as the admin and the retention job leave
    it. ``field_class`` picks another field of the same kind (a small integer).
    """
    question = BY_PATH[path]
    kind, label = question.kind, column_label(path)
    optional = not question.required
    if kind in (Kind.TEXT, Kind.PHONE, Kind.POSTCODE, Kind.WARD):
        return (field_class or models.CharField)(
            label, max_length=question.max_length, blank=optional, **options
        )
    if kind is Kind.LONG_TEXT:
        return models.TextField(label, blank=optional, **options)
    if kind is Kind.EMAIL:
        return models.EmailField(label, max_length=question.max_length, blank=optional, **options)
    if kind is Kind.CHOICE:
        return models.CharField(
            label,
            max_length=CHOICE_LENGTH,
            choices=choices_of(question.choices),
            blank=True,
            **options,
        )
    if kind is Kind.CHOICES:
        return ChoiceListField(
            label,
            choice_list=_CHOICE_LISTS[question.choices],
            blank=optional,
            **options,
        )
    if kind is Kind.YES_NO:
        return models.BooleanField(label, null=True, **options)
    if kind is Kind.WHOLE:
        return (field_class or models.PositiveIntegerField)(label, null=True, blank=True, **options)
    if kind in (Kind.MONEY, Kind.HOURS, Kind.HECTARES):
        return models.DecimalField(
            label,
            max_digits=question.digits,
            decimal_places=question.decimal_places,
            null=True,
            blank=True,
            **options,
        )
    if kind is Kind.MONTH:
        return models.DateField(label, null=True, blank=True, **options)
    raise LookupError(f"{path}: no column for {kind}")
