"""Form fields every public form shares."""

from django import forms
from django.core.exceptions import ValidationError

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


class EmailAddressField(forms.EmailField):
    """An email address the portal can write to: with a dot in the domain
    (not name@localhost), and the GOV.UK pattern's error messages."""

    def __init__(
        self,
        *,
        label: str = "Email address",
        max_length: int = 254,
        required_message: str = "Enter an email address",
        **kwargs,
    ):
        super().__init__(
            label=label,
            max_length=max_length,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            error_messages={
                "required": required_message,
                "invalid": EMAIL_INVALID,
                "max_length": f"{label} must be {max_length} characters or fewer",
            },
            **kwargs,
        )

    def validate(self, value):
        super().validate(value)
        if value and "." not in value.rpartition("@")[2]:
            raise ValidationError(EMAIL_INVALID, code="invalid")
