"""Validators shared by the portal's forms."""

import re
import unicodedata

from django.core.exceptions import ValidationError

_CONTROL_RUNS = re.compile(r"[\x00-\x1f\x7f-\x9f ]+")
CONTROL_CHARACTERS_MESSAGE = (
    "{label} must be on one line, without line breaks or hidden control characters"
)


def has_control_characters(value: str) -> bool:
    """True if ``value`` holds a control character (Unicode category Cc:
    NUL, CR, LF, tab, escape, DEL, C1 controls)."""
    return any(unicodedata.category(character) == "Cc" for character in value)


def no_control_characters(value, *, label: str = "This answer"):
    """Refuse control characters in a one-line answer: a CR or LF in a name
    ends up in an email header, a NUL breaks PostgreSQL."""
    if value and has_control_characters(str(value)):
        raise ValidationError(
            CONTROL_CHARACTERS_MESSAGE.format(label=label), code="control_characters"
        )


def one_line_validator(label: str):
    """``no_control_characters`` naming the field, for its error message."""

    def validate(value):
        no_control_characters(value, label=label)

    return validate


def one_line(text: str) -> str:
    """``text`` on one line: each run of control characters and spaces
    becomes one space. For what must be one line, like an email's subject."""
    return " ".join(_CONTROL_RUNS.sub(" ", text).split(" ")).strip()


def line_breaks_normalise(text: str) -> str:
    """A browser's CR LF (or a lone CR) as LF: what a textarea sends, stored
    one way."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def multi_line_validator(label: str):
    """Refuse control characters other than line breaks and tabs in a
    multi-line answer (run after :func:`line_breaks_normalise`)."""

    def validate(value):
        if value and has_control_characters(str(value).replace("\n", "").replace("\t", "")):
            raise ValidationError(
                f"{label} must not contain hidden control characters",
                code="control_characters",
            )

    return validate
