"""Matching an offer to the strategy's forecast demand lines.

An offer matches a line where one of its client groups and its configuration
are both accepted and the line's unmet units are above 0; with no
configuration (care and support only) the client group alone decides.
"""

from __future__ import annotations

import functools

from eoi.offers.document import Configuration, OfferDocument

from .context import DemandLineState, ScreeningContext

__all__ = ["fits_size", "line_accepts", "matched_demand_lines", "site_lines"]


def line_accepts(line: DemandLineState, offer: OfferDocument) -> bool:
    """True when the line accepts a client group and the configuration.

    A shared house must also fit the line's bedroom limit, counting
    ``shared_house_bedrooms`` or, if not given, the units.
    """
    scheme = offer.scheme
    if not _values(scheme.client_groups) & line.client_groups:
        return False
    if scheme.configuration is None:
        return True
    if scheme.configuration.value not in line.configurations:
        return False
    if (
        scheme.configuration is Configuration.SHARED_HOUSE
        and line.shared_house_max_bedrooms is not None
    ):
        bedrooms = scheme.shared_house_bedrooms or scheme.units
        if bedrooms is not None and bedrooms > line.shared_house_max_bedrooms:
            return False
    return True


@functools.lru_cache(maxsize=256)
def _values(client_groups: tuple) -> frozenset[str]:
    # Once per offer's groups, not once per line (every line is asked, several times a screening).
    return frozenset(group.value for group in client_groups)


def matched_demand_lines(
    offer: OfferDocument, ctx: ScreeningContext
) -> tuple[DemandLineState, ...]:
    """The demand lines the offer matches that still have unmet units."""
    return tuple(
        line for line in ctx.demand_lines if line.unmet_units > 0 and line_accepts(line, offer)
    )


def site_lines(offer: OfferDocument, ctx: ScreeningContext) -> list[DemandLineState]:
    """Matched lines keyed ✿ in the strategy: sites still required."""
    return [line for line in matched_demand_lines(offer, ctx) if line.site_required]


def fits_size(line: DemandLineState, units: int) -> bool:
    low = line.size_min if line.size_min is not None else 0
    high = line.size_max if line.size_max is not None else units
    return low <= units <= high
