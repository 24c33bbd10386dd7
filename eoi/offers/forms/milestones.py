"""The forms a provider keeps an accepted scheme's milestones up to date with:
a new forecast with its reason, the date a milestone happened, homes completed
or let in a tranche. Dates are the GOV.UK date input (day, month and year,
templates/eoi/fields/day_month_year.html)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from eoi.offers.validators import one_line_validator

REASON_MAX = 300
EARLIEST, LATEST = 2000, 2100


class DayMonthYearWidget(forms.MultiWidget):
    """Day, month and year; the template draws them, the widget splits and joins."""

    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DayMonthYearField(forms.MultiValueField):
    """A real date from the three boxes, with the GOV.UK wording of its errors."""

    widget = DayMonthYearWidget

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()),
            require_all_fields=False,
            **kwargs,
        )

    def clean(self, value):
        parts = [(part or "").strip() for part in (value or ["", "", ""])][:3]
        parts += [""] * (3 - len(parts))
        noun = self.noun
        if not any(parts):
            raise ValidationError(f"Enter the {noun.lower()}", code="required")
        for name, part in zip(("day", "month", "year"), parts, strict=True):
            if not part:
                raise ValidationError(f"{noun} must include a {name}", code="incomplete")
        if not all(part.isdigit() and part.isascii() for part in parts) or len(parts[2]) != 4:
            raise ValidationError(f"{noun} must be a real date", code="invalid")
        day, month, year = (int(part) for part in parts)
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{noun} must be a real date", code="invalid")
        if not EARLIEST <= year <= LATEST:
            raise ValidationError(
                f"{noun} must be between {EARLIEST} and {LATEST}", code="out_of_range"
            )
        return found

    def compress(self, data_list):  # clean() does the work
        return None


class ForecastForm(forms.Form):
    forecast = DayMonthYearField(
        noun="New forecast date",
        label="New forecast date",
        help_text="For example, 27 3 2027",
    )
    reason = forms.CharField(
        label="Why has the date moved?",
        help_text="For example, planning permission took longer than expected.",
        max_length=REASON_MAX,
        validators=[one_line_validator("The reason")],
        error_messages={
            "required": "Enter why the date has moved",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Enter why the date has moved")
        return reason


def _not_future(day: datetime.date, noun: str) -> datetime.date:
    if day > timezone.localdate():
        raise ValidationError(f"{noun} must be today or in the past", code="future")
    return day


class ActualForm(forms.Form):
    actual_on = DayMonthYearField(
        noun="Date it happened", label="Date it happened", help_text="For example, 27 3 2026"
    )

    def clean_actual_on(self):
        return _not_future(self.cleaned_data["actual_on"], "The date it happened")


class TrancheForm(forms.Form):
    units = forms.IntegerField(
        label="How many homes?",
        min_value=1,
        max_value=10_000,
        error_messages={
            "required": "Enter how many homes",
            "invalid": "Enter the number of homes as a whole number, like 6",
            "min_value": "Enter the number of homes, 1 or more",
            "max_value": "Enter no more homes than the offer has",
        },
    )
    actual_on = DayMonthYearField(
        noun="Date", label="On what date?", help_text="For example, 27 3 2026"
    )

    def clean_actual_on(self):
        return _not_future(self.cleaned_data["actual_on"], "The date")
