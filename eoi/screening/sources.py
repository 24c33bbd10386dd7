"""'Where these figures come from': the reference values a screening used.

Read from the result itself (each factor's ``reference_values``: the value,
unit, source and date it recorded when it screened), so the list shows what
the screening used, not what is in force now. Only each figure's name is
looked up, by its key. Sources are worded for providers: an internal note
about a default is left out (``strategy.rates.source_for_providers``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from strategy.models import ReferenceValue
from strategy.rates import source_for_providers

from eoi.screening import ReferenceUse, ScreeningResult
from eoi.screening.wording import day


@dataclass(frozen=True)
class FigureSource:
    name: str
    value: str
    source: str
    valid_from: str


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def value_in_words(use: ReferenceUse) -> str:
    """``124.27`` in "£ a week" reads "£124.27 a week"; a date as a day."""
    unit, amount = use.unit.strip(), _amount(use.value)
    if unit.startswith("£") and amount is not None:
        return f"£{amount:,.2f} {unit.removeprefix('£').strip()}".strip()
    if unit.startswith("%") and amount is not None:
        return f"{amount.normalize():f}{unit}"
    if use.value in ("yes", "no"):
        return use.value.capitalize()
    try:
        return day(datetime.date.fromisoformat(use.value))
    except ValueError:
        pass
    return f"{use.value} {unit}".strip() if use.value else "Not yet announced"


def figure_sources(result: ScreeningResult) -> list[FigureSource]:
    """Each reference value the result used, once, in the order first used."""
    return sources_of(use for factor in result.factors.values() for use in factor.reference_values)


def sources_of(used: Iterable[ReferenceUse]) -> list[FigureSource]:
    """The figures, named and worded for providers; each key once."""
    uses: dict[str, ReferenceUse] = {}
    for use in used:
        uses.setdefault(use.key, use)
    names = dict(
        ReferenceValue.objects.filter(key__in=uses)
        .order_by("key", "valid_from")
        .values_list("key", "name")
    )
    return [
        FigureSource(
            name=names.get(key, key.replace("_", " ").capitalize()),
            value=value_in_words(use),
            source=source_for_providers(use.source),
            valid_from=day(use.valid_from),
        )
        for key, use in uses.items()
    ]
