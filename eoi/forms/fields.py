"""Form fields for the offer journey, with GOV.UK-style error messages.

Each custom field can say how an answer reads on the check answers page
(``display``); :func:`display` does it for any field.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from strategy.models import Ward

NOT_GIVEN = "Not given"


def text_input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs=attrs)


class YesNoField(forms.TypedChoiceField):
    """Yes or No radios, cleaned to True or False."""

    widget = forms.RadioSelect

    def __init__(self, *, required_message: str, **kwargs):
        super().__init__(
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            empty_value=None,
            error_messages={
                "required": required_message,
                "invalid_choice": required_message,
            },
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value

    def display(self, value) -> str:
        return {True: "Yes", False: "No"}.get(value, NOT_GIVEN)


class WholeNumberField(forms.IntegerField):
    """A whole number from ``low`` to ``high`` (a text input, not type=number)."""

    def __init__(
        self, *, noun: str, low: int, high: int, required_message: str, **kwargs
    ):
        message = f"{noun} must be a whole number from {low} to {high}"
        kwargs.setdefault("widget", text_input(inputmode="numeric", spellcheck="false"))
        super().__init__(
            min_value=low,
            max_value=high,
            error_messages={
                "required": required_message,
                "invalid": message,
                "min_value": message,
                "max_value": message,
            },
            **kwargs,
        )


class NumberField(forms.DecimalField):
    """A decimal number of something (hours, hectares), 0 or more.

    ``above_zero`` refuses 0 as well. Messages name the thing (``noun``) and
    give an example.
    """

    def __init__(
        self,
        *,
        noun: str,
        example: str,
        required_message: str | None = None,
        max_digits: int,
        decimal_places: int,
        above_zero: bool = False,
        unit: str = "",
        **kwargs,
    ):
        self.unit = unit
        low = f"more than 0{unit}" if above_zero else f"0{unit} or more"
        limit = f"{10 ** (max_digits - decimal_places):,}"
        super().__init__(
            min_value=Decimal("0.001") if above_zero else Decimal(0),
            max_digits=max_digits,
            decimal_places=decimal_places,
            error_messages={
                "required": required_message or "",
                "invalid": f"{noun} must be a number, like {example}",
                "min_value": f"{noun} must be {low}",
                "max_decimal_places": (
                    f"{noun} must have no more than {decimal_places} decimal places"
                ),
                "max_digits": f"{noun} must be less than {limit}{unit}",
                "max_whole_digits": f"{noun} must be less than {limit}{unit}",
            },
            widget=text_input(inputmode="decimal", spellcheck="false"),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        number = super().to_python(value)
        # "-0" is 0; the offer document has no negative zero.
        return None if number is None else number + 0

    def display(self, value) -> str:
        return NOT_GIVEN if value is None else f"{value}{self.unit}"


class MoneyField(NumberField):
    """Pounds and pence, £0 or more. "£" and commas typed in are ignored."""

    def __init__(
        self,
        *,
        noun: str,
        required_message: str | None = None,
        max_digits: int = 12,
        per_week: bool = True,
        **kwargs,
    ):
        self.per_week = per_week
        limit = f"£{10 ** (max_digits - 2):,}"
        super().__init__(
            noun=noun,
            example="150 or 150.50",
            required_message=required_message,
            max_digits=max_digits,
            decimal_places=2,
            **kwargs,
        )
        self.error_messages.update(
            {
                "invalid": f"{noun} must be an amount of money, like 150 or 150.50",
                "min_value": f"{noun} must be £0 or more",
                "max_decimal_places": (
                    f"{noun} must be in pounds and pence, like 150.50"
                ),
                "max_digits": f"{noun} must be less than {limit}",
                "max_whole_digits": f"{noun} must be less than {limit}",
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£")
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else amount.quantize(Decimal("0.01"))

    def display(self, value) -> str:
        if value in (None, ""):
            return NOT_GIVEN
        return f"£{Decimal(value):,.2f}" + (" a week" if self.per_week else "")


class MonthYearWidget(forms.MultiWidget):
    """A month and a year. templates/eoi/fields/month_year.html draws them as
    the GOV.UK date input; the widget only splits and joins the value."""

    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        if isinstance(value, str) and len(value) >= 7:
            return [str(int(value[5:7])), value[:4]]
        return [None, None]


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


class MonthYearField(forms.MultiValueField):
    """A month and year, cleaned to ``"YYYY-MM"`` (the offer document's form).

    The month may be typed as a number or a name ("6", "June", "jun").
    """

    widget = MonthYearWidget

    def __init__(self, *, noun: str, earliest: int, latest: int, **kwargs):
        self.noun, self.earliest, self.latest = noun, earliest, latest
        super().__init__(
            fields=(forms.CharField(), forms.CharField()),
            require_all_fields=False,
            **kwargs,
        )

    def clean(self, value):
        month, year = [(part or "").strip() for part in (value or ["", ""])]
        noun = self.noun
        if not month and not year:
            if self.required:
                raise ValidationError(f"Enter the {noun.lower()}", code="required")
            return None
        if not month:
            raise ValidationError(f"{noun} must include a month", code="incomplete")
        if not year:
            raise ValidationError(f"{noun} must include a year", code="incomplete")
        month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        real_month = month_number is not None and 1 <= month_number <= 12
        if not real_month or not (year.isdigit() and len(year) == 4):
            raise ValidationError(f"{noun} must be a real date", code="invalid")
        if not self.earliest <= int(year) <= self.latest:
            raise ValidationError(
                f"{noun} must be between {self.earliest} and {self.latest}",
                code="out_of_range",
            )
        return f"{year}-{month_number:02d}"

    def compress(self, data_list):  # clean() does the work
        return None

    def display(self, value) -> str:
        if not value:
            return NOT_GIVEN
        return datetime.date(int(value[:4]), int(value[5:7]), 1).strftime("%B %Y")


class WardField(forms.ChoiceField):
    """One of the city's wards, or "I do not know" (cleaned to None)."""

    UNKNOWN = "unknown"

    def __init__(self, **kwargs):
        super().__init__(choices=self._choices_now, initial="", **kwargs)

    def _choices_now(self):
        wards = [(name, name) for name in Ward.objects.values_list("name", flat=True)]
        return [("", "Select a ward"), *wards, (self.UNKNOWN, "I do not know")]

    def clean(self, value):
        value = super().clean(value)
        return None if value == self.UNKNOWN else value

    def prepare_value(self, value):
        return self.UNKNOWN if value is None else value

    def display(self, value) -> str:
        return value or "I do not know"


def pick(message: str) -> dict[str, str]:
    """Error messages for a choice: the same for none chosen and a forged one."""
    return {"required": message, "invalid_choice": message}


def choices_with_hints(enum, hints=None) -> list:
    hints = hints or {}
    return [
        Choice(value, label, hint=hints.get(value)) for value, label in enum.choices()
    ]


def display(field: forms.Field, value) -> list[str]:
    """An answer as lines of text for the check answers page."""
    if hasattr(field, "display"):
        return [field.display(value)]
    if value in (None, "", []):
        return [NOT_GIVEN]
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return [str(labels.get(item, item)) for item in value]
    if isinstance(field, forms.ChoiceField):
        return [str(dict(field.choices).get(value, value))]
    return str(value).splitlines() or [NOT_GIVEN]


def optional_text(label: str, *, noun: str, max_length: int = 40, **kwargs):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        error_messages={
            "max_length": f"{noun} must be {max_length} characters or fewer"
        },
        **kwargs,
    )


EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


def email_field(*, help_text: str) -> forms.EmailField:
    return forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter an email address",
            "invalid": EMAIL_INVALID,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


def email_clean(email: str) -> str:
    # The offer document needs a dot in the domain (not name@localhost).
    if "." not in email.rpartition("@")[2]:
        raise ValidationError(EMAIL_INVALID, code="invalid")
    return email
