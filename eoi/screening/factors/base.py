"""What every factor shares: a row of its table, and combining the rows.

Within a factor every row of its table is checked. Where several apply, the
worst outcome stands (does not meet, then concern, then more information
needed, then meets) and the reason names each row that applied, worst first.
"""

from __future__ import annotations

from dataclasses import dataclass

from eoi.offers.document import Configuration

from ..context import ScreeningContext
from ..results import FactorResult, Outcome
from ..wording import financial_year, plain_source

__all__ = [
    "SELF_CONTAINED",
    "Row",
    "cite",
    "combine",
    "not_applicable",
    "source",
    "year",
]

# Self-contained homes, extra care among them (a tenancy of one's own).
SELF_CONTAINED = frozenset(
    {
        Configuration.SELF_CONTAINED_CORE_AND_CLUSTER,
        Configuration.SELF_CONTAINED_CLUSTER,
        Configuration.SELF_CONTAINED_STANDALONE,
        Configuration.EXTRA_CARE,
    }
)


@dataclass(frozen=True)
class Row:
    """One row of a factor's table that applied, with the reference values
    (keys) its reason quotes."""

    row: str
    outcome: Outcome
    reason: str
    uses: tuple[str, ...] = ()


def combine(factor: str, rows: list[Row], ctx: ScreeningContext) -> FactorResult:
    """The worst outcome stands; the reason names each row, worst first."""
    ordered = sorted(rows, key=lambda row: -row.outcome.severity)
    keys = list(dict.fromkeys(key for row in ordered for key in row.uses))
    return FactorResult(
        factor=factor,
        outcome=ordered[0].outcome,
        reason=" ".join(row.reason for row in ordered),
        rows=tuple(row.row for row in ordered),
        reference_values=tuple(ctx.ref(key).use() for key in keys),
    )


def not_applicable(factor: str, row: str, reason: str) -> FactorResult:
    return FactorResult(factor, Outcome.NOT_APPLICABLE, reason, (row,))


def cite(ctx: ScreeningContext, key: str) -> str:
    """A reference value's source as a provider may read it: internal notes
    (such as whether it is a default) stay on the result's reference values."""
    return plain_source(ctx.ref(key).source)


def source(ctx: ScreeningContext, *keys: str) -> str:
    """The sources of reference values, for a parenthesis: "(A; B)"."""
    sources: list[str] = []
    for key in keys:
        text = cite(ctx, key)
        if text not in sources:
            sources.append(text)
    return f"({'; '.join(sources)})"


def year(ctx: ScreeningContext, key: str) -> str:
    """Which year's rate a reference value is, to lead its name: "2026/27"."""
    return financial_year(ctx.ref(key).valid_from)
