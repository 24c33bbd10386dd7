"""The words of screening: labels, phrases and how figures are written.

One module for the wording the rules, the offer summary PDF
(``eoi.offers.summary``) and the emails share, so a figure reads the same
everywhere. Pure functions over plain values; nothing here decides an outcome.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from leicester_sl.documents.formatting import pounds

__all__ = [
    "EXEMPT",
    "LHA",
    "NOT_APPLICABLE_ROUTE",
    "OUTCOME_LABELS",
    "OVERALL_LABELS",
    "ROUTE_LABELS",
    "ROUTE_NOT_SETTLED",
    "a_week",
    "and_list",
    "at_least",
    "at_or_below",
    "day",
    "financial_year",
    "gbp",
    "lower_first",
    "money_str",
    "num",
    "overall_for_providers",
    "pence",
    "plain_source",
    "plural",
    "sentence",
]

# Outcome and overall labels, keyed by their codes (results.Outcome/Overall).
OUTCOME_LABELS = {
    "meets": "Meets",
    "concern": "Concern",
    "does_not_meet": "Does not meet",
    "more_information_needed": "More information needed",
    "not_applicable": "Not applicable",
}
OVERALL_LABELS = {
    "progress": "Progress: recommend a meeting",
    "review": "Review: a commissioner should look at the concerns",
    "not_supported": "Not supported",
}

# Benefit routes (figures.benefit_route) and how they read.
EXEMPT = "housing_benefit_exempt"
LHA = "universal_credit_lha"
NOT_APPLICABLE_ROUTE = "not_applicable"
ROUTE_LABELS = {
    EXEMPT: "Housing Benefit (exempt accommodation)",
    LHA: "Universal Credit, capped at the Local Housing Allowance",
    NOT_APPLICABLE_ROUTE: "not applicable",
}
# A route that cannot be settled is None (``figures.benefit_route`` null).
ROUTE_NOT_SETTLED = (
    "not settled (the landlord type, or whether the landlord provides care, "
    "support or supervision, is not given)"
)

_PENNY = Decimal("0.01")


def pence(amount: Decimal) -> Decimal:
    """Rounded to the penny, halves up."""
    return amount.quantize(_PENNY, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal | None) -> str | None:
    """The JSON form of a sum: ``"1000.00"``, or None."""
    return None if amount is None else f"{pence(amount):f}"


def gbp(amount: Decimal, *, per: str = "") -> str:
    """``Decimal("1000")`` gives ``"£1,000.00"``; ``per="week"`` adds
    ``" a week"`` (``leicester_sl.documents.formatting.pounds``, to the penny)."""
    return pounds(pence(amount), per=per)


def a_week(amount: Decimal | None) -> str:
    return "not worked out" if amount is None else f"{gbp(amount)} a week"


def num(number: Decimal | int) -> str:
    """A count or measure without trailing zeros: 10, 7.5, 0.45."""
    if isinstance(number, int):
        return str(number)
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def day(value: datetime.date) -> str:
    """``date(2027, 6, 30)`` gives ``"30 June 2027"``."""
    return f"{value.day} {value:%B %Y}"


def financial_year(valid_from: datetime.date) -> str:
    """The UK financial year a rate valid from this date is for: "2026/27".

    Rates change in early April (benefit rates on the first Monday), so a
    date from 1 April counts as that year's rate.
    """
    start = valid_from.year if valid_from.month >= 4 else valid_from.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


# --------------------------------------------------------------------------
# The gap and the way to close it (issue 25): a reason that does not meet, or
# is a concern, names the figure, the limit and what would meet the factor.
# --------------------------------------------------------------------------

MEETS_FACTOR = "meets this factor"


def at_or_below(what: str, limit: Decimal, *, per: str = "week", many: bool = False) -> str:
    """``at_or_below("a gross eligible rent", Decimal("124.27"))`` gives
    ``"A gross eligible rent at or below £124.27 a week meets this factor."``;
    ``many=True`` for a plural ("charges … meet this factor")."""
    verb = "meet this factor" if many else MEETS_FACTOR
    return f"{sentence(what)} at or below {gbp(limit, per=per)} {verb}."


def at_least(what: str, limit: str) -> str:
    """``at_least("a site", "0.5 hectares")`` gives
    ``"A site of 0.5 hectares or more meets this factor."``"""
    return f"{sentence(what)} of {limit} or more {MEETS_FACTOR}."


# What the overall result means for a provider, on the check and after sending.
# A result that does not meet the strategy names the factors and sends the
# reader to their reasons, which say what would meet each: never a flat "does
# not fit".
OVERALL_FOR_PROVIDERS = {
    "not_supported": (
        "On what you have told us, the offer does not yet meet the strategy on "
        "{factors}. The reasons above say by how much and what would meet each. "
        "The commissioning team will still read the offer."
    ),
    "review": "The commissioning team will look at the points above with you.",
    "progress": (
        "This offer fits the strategy. The commissioning team will contact you "
        "to arrange a meeting."
    ),
}


def overall_for_providers(overall: str, not_met: list[str]) -> str:
    """The overall result in a provider's words; ``not_met``: the labels of
    the factors the offer does not meet."""
    factors = and_list([f"“{lower_first(label)}”" for label in not_met]) or "some points"
    return OVERALL_FOR_PROVIDERS[overall].format(factors=factors)


def and_list(items: list[str]) -> str:
    """``["a", "b", "c"]`` gives ``"a, b and c"``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def lower_first(text: str) -> str:
    """Lower-case the first letter, unless it starts an acronym ("TBC")."""
    if text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# An internal note in a source, such as "(portal default until the council
# sets its own)": kept on the reference value, never shown in a reason.
_INTERNAL_NOTE = re.compile(r"\s*\([^()]*\bdefault\b[^()]*\)", re.IGNORECASE)


def plain_source(source: str) -> str:
    """A reference value's source as a provider may read it."""
    return _INTERNAL_NOTE.sub("", source).strip()
