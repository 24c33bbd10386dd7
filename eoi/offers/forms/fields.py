"""Form fields for the offer journey, with GOV.UK-style error messages.

``eoi.offers.forms.questions`` makes one of these for each declared question. How an
answer reads on check answers is the offer's wording (``eoi.offers.document.wording``);
a field only says so itself (``display``) when its answer means more there.
"""

from __future__ import annotations

import calendar
from decimal import Decimal

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from eoi.offers.document.parse import normalise_postcode
from eoi.offers.validators import no_control_characters
from strategy.models import Ward


def text_input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs=attrs)


class OneLineTextField(forms.CharField):
    """One line of text. Every one-line answer of the journey is one of these
    (or a subclass), so a rule for them all is added here once."""

    def __init__(self, *, noun: str, max_length: int, required_message: str = "", **kwargs):
        kwargs.setdefault("widget", text_input())
        self.noun = noun
        super().__init__(
            max_length=max_length,
            error_messages={
                "required": required_message,
                "max_length": f"{noun} must be {max_length:,} characters or fewer",
            },
            **kwargs,
        )

    def validate(self, value):
        super().validate(value)
        # First, so a line break is named as such rather than as a bad format.
        no_control_characters(value, label=self.noun)


class PostcodeField(OneLineTextField):
    """A real UK postcode, cleaned to upper case with one space."""

    INVALID = "Enter a real postcode, like LE2 1AA"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["max_length"] = self.INVALID

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        postcode = normalise_postcode(value)
        if postcode is None:
            raise ValidationError(self.INVALID, code="invalid")
        return postcode


class PhoneField(OneLineTextField):
    """A UK or international telephone number: 10 to 15 digits."""

    ALLOWED = frozenset("0123456789+()- ")

    def validate(self, value):
        super().validate(value)
        digits = sum(character.isdigit() for character in value)
        if value and (not set(value) <= self.ALLOWED or not 10 <= digits <= 15):
            raise ValidationError(
                "Enter a telephone number, like 0116 454 1004 or +44 116 454 1004",
                code="invalid",
            )


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


class WholeNumberField(forms.IntegerField):
    """A whole number from ``low`` to ``high`` (a text input, not type=number)."""

    def __init__(self, *, noun: str, low: int, high: int, required_message: str, **kwargs):
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


class MoneyField(NumberField):
    """Pounds and pence, £0 or more. "£" and commas typed in are ignored."""

    def __init__(
        self,
        *,
        noun: str,
        required_message: str | None = None,
        max_digits: int = 12,
        **kwargs,
    ):
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
                "max_decimal_places": (f"{noun} must be in pounds and pence, like 150.50"),
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
    return [Choice(value, label, hint=hints.get(value)) for value, label in enum.choices()]
