"""Reading an offer document from JSON (:func:`parse_offer`) and writing it
back (:func:`offer_to_dict`), driven by the declared questions.

Rules the parser applies (docs/offer-format.md):

- Unknown keys at any level are errors, named with their path
  (``scheme.number_of_flats: unknown key``; a key other than a plain name is
  quoted as JSON, so each problem stays on one line: ``scheme."": …``).
- Every problem is collected; :class:`OfferDocumentError` carries all of them.
- A question declared ``required`` must be answered (a list, with at least
  one); everything else may be missing or ``null``, which means "not given".
  A blank optional text field is also "not given".
- Money is pounds as a decimal string or a number, 0 or more, held as
  :class:`~decimal.Decimal`. Each answer keeps within its question's limits,
  those of its column on the ``Offer`` model: text within ``max_length`` (a
  postcode once normalised), a number within ``max_digits`` and
  ``decimal_places`` (a larger one "is too large"), a whole number from
  ``low`` to ``high``.
- Dates are ISO, ``YYYY-MM`` (the last day of that month) or ``YYYY-MM-DD``,
  in the years 2000 to 2100.
- A postcode that is present but malformed is *not* a parse error (if it
  fits its column): screening reports it (screening-rules.md, section 6). A
  valid one is normalised.

Plain Python: nothing here imports Django.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import json
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .choices import LabelledChoices
from eoi.offers.document.sections import BY_PATH, SECTIONS, OfferDocument
from .questions import Kind, Question

__all__ = [
    "OfferDocumentError",
    "normalise_postcode",
    "offer_to_dict",
    "parse_offer",
    "postcode_district",
]


class OfferDocumentError(ValueError):
    """The document is not a valid offer.

    ``errors`` is a list of ``(path, message)`` pairs, e.g.
    ``("scheme.number_of_flats", "unknown key")``. ``str()`` gives one line per
    problem, ``"path: message"``.
    """

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


# --------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------

# The standard UK postcode pattern (outward code, a space, inward code).
_POSTCODE_RE = re.compile(
    r"^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?"
    r"|[0-9][A-HJKPS-UW]) [0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: object) -> str | None:
    """Return a UK postcode in upper case with one space, or ``None``.

    ``"le2  1aa"`` gives ``"LE2 1AA"``; anything that is not a valid UK
    postcode (or not a string) gives ``None``.
    """
    if not isinstance(value, str):
        return None
    compact = re.sub(r"\s+", "", value).upper()
    if len(compact) < 5:
        return None
    candidate = f"{compact[:-3]} {compact[-3:]}"
    return candidate if _POSTCODE_RE.match(candidate) else None


def postcode_district(value: object) -> str | None:
    """Return the postcode district (outward code), or ``None`` if invalid.

    ``"LE2 1AA"`` gives ``"LE2"``; ``"LE18 4AA"`` gives ``"LE18"``.
    """
    postcode = normalise_postcode(value)
    return postcode.split(" ")[0] if postcode else None


# --------------------------------------------------------------------------
# One answer: each kind's reader takes (question, value) and returns the
# parsed value or raises _Refused with the message. ``value`` is never None.
# --------------------------------------------------------------------------


class _Refused(Exception):
    pass


_DECIMAL_RE = re.compile(r"^\d+(\.\d+)?$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_PLAIN_KEY_RE = re.compile(r"[A-Za-z0-9_]{1,40}")
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")  # NUL, unpaired surrogates


def _decimal(value: Any, message: str) -> Decimal:
    """A non-negative finite Decimal from a number or decimal string."""
    number = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, (Decimal, int)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # inf and nan are refused below
    elif isinstance(value, str) and _DECIMAL_RE.match(value.strip()):
        number = Decimal(value.strip())
    if number is None or not number.is_finite() or number < 0:
        raise _Refused(message)
    return number


# What a number is, its unit, and the least it can be.
_NUMBERS = {
    Kind.MONEY: ("an amount in pounds", "£", "of 0 or more"),
    Kind.HOURS: ("a number of hours", "", "of 0 or more"),
    Kind.HECTARES: ("an area in hectares", "", "greater than 0"),
}


def _number(question: Question, value: Any) -> Decimal:
    """Money, hours or an area with no more digits or decimal places than
    the question's column holds."""
    what, unit, least = _NUMBERS[question.kind]
    number = _decimal(value, f"must be {what} {least}")
    if number == 0 and question.kind is Kind.HECTARES:
        raise _Refused(f"must be {what} {least}")
    if number >= question.number_limit:
        limit = f"{unit}{question.number_limit:,}"
        raise _Refused(f"is too large: must be {what} less than {limit}")
    places = question.decimal_places
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise _Refused(f"must be {what} with at most {places} decimal places")
    return number


def _whole(question: Question, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not question.low <= value <= question.high
    ):
        raise _Refused(f"must be a whole number from {question.low} to {question.high}")
    return value


def _text(question: Question, value: Any) -> str | None:
    if not isinstance(value, str):
        raise _Refused("must be text")
    unstorable = _UNSTORABLE_RE.search(value)  # in the database or as UTF-8
    if unstorable:
        raise _Refused(f"must not contain the character U+{ord(unstorable[0]):04X}")
    return value.strip() or None


def _email(question: Question, value: Any) -> str | None:
    text = _text(question, value)
    if text is not None and not _EMAIL_RE.match(text):
        raise _Refused("is not a valid email address")
    return text


def _postcode(question: Question, value: Any) -> str | None:
    """Normalise a valid postcode; keep a malformed one for screening."""
    text = _text(question, value)
    return None if text is None else normalise_postcode(text) or text


def _yes_no(question: Question, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Refused("must be true or false")
    return value


def _date(question: Question, value: Any) -> datetime.date:
    """``YYYY-MM`` (the last day of that month) or ``YYYY-MM-DD``."""
    parsed = None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        parsed = value
    match = _DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if match:
        year, month = int(match[1]), int(match[2])
        try:  # a month alone is its last day
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            parsed = datetime.date(year, month, int(match[3] or last))
        except ValueError:
            parsed = None
    if parsed is None or not 2000 <= parsed.year <= 2100:
        raise _Refused("must be a date as YYYY-MM or YYYY-MM-DD, in the years 2000 to 2100")
    return parsed


def _member(enum: type[LabelledChoices], value: Any) -> LabelledChoices:
    if isinstance(value, str):
        try:
            return enum(value.strip())
        except ValueError:
            pass
    raise _Refused(f"must be one of: {', '.join(member.value for member in enum)}")


def _choice(question: Question, value: Any) -> LabelledChoices:
    return _member(question.choices, value)


_READERS: dict[Kind, Callable[[Question, Any], Any]] = {
    Kind.TEXT: _text,
    Kind.LONG_TEXT: _text,
    Kind.PHONE: _text,
    Kind.WARD: _text,
    Kind.EMAIL: _email,
    Kind.POSTCODE: _postcode,
    Kind.CHOICE: _choice,
    Kind.YES_NO: _yes_no,
    Kind.WHOLE: _whole,
    Kind.MONEY: _number,
    Kind.HOURS: _number,
    Kind.HECTARES: _number,
    Kind.MONTH: _date,
}

Errors = list[tuple[str, str]]


def _choices(question: Question, value: Any, errors: Errors) -> tuple | None:
    """A list of members, each listed once; each bad item named by its index."""
    if not isinstance(value, (list, tuple)):
        errors.append((question.path, "must be a list"))
        return None
    if question.required and not value:
        errors.append((question.path, "must list at least one"))
        return None
    members = []
    for index, item in enumerate(value):
        try:
            member = _member(question.choices, item)
        except _Refused as refused:
            errors.append((f"{question.path}[{index}]", str(refused)))
        else:
            if member not in members:
                members.append(member)
    return tuple(members)


def _answer(question: Question, value: Any, errors: Errors) -> Any:
    if value is None:
        parsed = None
    elif question.kind is Kind.CHOICES:
        parsed = _choices(question, value, errors)
    else:
        try:
            parsed = _READERS[question.kind](question, value)
        except _Refused as refused:
            errors.append((question.path, str(refused)))
            parsed = None
    limit = question.max_length
    if isinstance(parsed, str) and limit is not None and len(parsed) > limit:
        errors.append((question.path, f"must be {limit:,} characters or fewer"))
        parsed = None
    blank = value is None or (isinstance(value, str) and not value.strip())
    if question.required and blank:
        errors.append((question.path, "is required"))
    return parsed


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------


def _read(cls: type, raw: Any, path: str, errors: Errors) -> dict[str, Any] | None:
    """Check one object's keys and read its fields (sections as dicts)."""
    if not isinstance(raw, dict):
        errors.append((path, "must be an object"))
        return None
    prefix = f"{path}." if path else ""
    fields = {field.name: field for field in dataclasses.fields(cls)}
    errors.extend((prefix + _shown(key), "unknown key") for key in raw if key not in fields)
    values: dict[str, Any] = {}
    for name, field in fields.items():
        value = raw.get(name)
        if "section" not in field.metadata:
            question = BY_PATH[prefix + name]
            values[name] = _answer(question, value, errors)
        elif value is not None:
            values[name] = _read(SECTIONS[name], value, name, errors)
        elif field.metadata["section"]:
            errors.append((name, "is required"))
    for name, field in fields.items():
        question = field.metadata.get("question")
        if question is not None and question.at_most:
            _check_at_most(BY_PATH[prefix + name], values, errors)
    return values


def _shown(key: object) -> str:
    """An unknown key as its path names it: plain, or quoted as JSON (and cut
    short) when blank, long or holding anything but letters, digits and _."""
    key = str(key)
    if _PLAIN_KEY_RE.fullmatch(key):
        return key
    return json.dumps(key if len(key) <= 40 else key[:40] + "…")


def _check_at_most(question: Question, values: dict, errors: Errors) -> None:
    value, limit = values.get(question.name), values.get(question.at_most)
    if value is not None and limit is not None and value > limit:
        sibling = BY_PATH[f"{question.section}.{question.at_most}"]
        errors.append((question.path, f"cannot be more than the {sibling.noun.lower()} ({limit})"))


def _build(cls: type, values: dict[str, Any]) -> Any:
    """The dataclass, leaving out None so the defaults ("not given") apply."""
    return cls(
        **{
            name: _build(SECTIONS[name], value) if isinstance(value, dict) else value
            for name, value in values.items()
            if value is not None
        }
    )


def parse_offer(data: object) -> OfferDocument:
    """Parse and validate an offer document; raise :class:`OfferDocumentError`.

    Every problem is collected before raising, each as ``(path, message)``.
    """
    if not isinstance(data, dict):
        raise OfferDocumentError([("offer", "must be a JSON object")])
    errors: Errors = []
    values = _read(OfferDocument, data, "", errors)
    if errors:
        raise OfferDocumentError(errors)
    return _build(OfferDocument, values)


# --------------------------------------------------------------------------
# Back to JSON
# --------------------------------------------------------------------------


def _json_value(question: Question, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [item.value for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if question.kind is Kind.MONEY:
            return f"{value.quantize(Decimal('0.01')):f}"
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _as_dict(part: Any, path: str) -> dict[str, Any]:
    prefix = f"{path}." if path else ""
    document: dict[str, Any] = {}
    for field in dataclasses.fields(part):
        value = getattr(part, field.name)
        if "section" in field.metadata:
            if value is not None:  # omitted sections are left out
                document[field.name] = _as_dict(value, field.name)
        else:
            document[field.name] = _json_value(BY_PATH[prefix + field.name], value)
    return document


def offer_to_dict(offer: OfferDocument) -> dict[str, Any]:
    """Return the offer as a JSON-ready document (the inverse of parsing).

    Money is a string with two decimal places, dates are ``YYYY-MM-DD``, areas
    and hours are numbers. Omitted sections (``finance``, ``support``) are left
    out; fields not given are ``null``.
    """
    return _as_dict(offer, "")
