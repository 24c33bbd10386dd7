"""6. ``location``: in the city, and where supply is thin.

| situation | outcome |
| postcode not a valid UK postcode | more_information_needed |
| postcode district outside LE1–LE5 | does_not_meet: the strategy covers
  Leicester city; signpost Leicestershire County Council |
| no ward given (LE1–LE5 include some county streets) | more_information_needed |
| ward given (one of the city's 21 wards) | meets; where the ward has fewer
  existing supported living units than the city's median ward, say it is an
  area less well served (and raise priority) |

Decisions where the table is silent: a care and support offer that names no
scheme (no address, postcode or ward) is not applicable, but one that names
where the service is delivered is checked like any other; a missing
postcode, and a ward that is not one of the city's wards, need more
information; the ward question is not asked when the postcode is already
outside the city. Wards not in ``ward_supported_living_units`` count as 0
units; when the mapping is empty, nothing is said about areas less well
served.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from eoi.offers.document import OfferDocument, normalise_postcode

from ..calculations import median
from ..context import ScreeningContext
from ..results import FactorResult, Outcome
from ..wording import MEETS_FACTOR, and_list, num, plural
from .base import Row, combine, not_applicable, source

KEY = "location"
LABEL = "Location in the city"
LESS_WELL_SERVED = "less-well-served"
_DISTRICTS = ("city_postcode_districts",)


@functools.lru_cache(maxsize=1024)
def _ward_key(name: str) -> str:
    return " ".join(name.lower().replace("&", " and ").split())


@functools.lru_cache(maxsize=4)
def _wards_by_key(city_wards: frozenset[str]) -> dict[str, str]:
    return {_ward_key(ward): ward for ward in city_wards}


def _city_ward(name: str, ctx: ScreeningContext) -> str | None:
    """The city ward's own spelling, matching case and "&"/"and" loosely."""
    return _wards_by_key(ctx.city_wards).get(_ward_key(name))


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    scheme = offer.scheme
    if not offer.includes_accommodation and not scheme.gives_address:
        return not_applicable(
            KEY,
            "care-and-support-only",
            "The offer is for care and support only and names no scheme, so "
            "there is no location to assess.",
        )
    rows: list[Row] = []
    districts = tuple(ctx.value("city_postcode_districts"))
    city = f"Leicester city's postcode districts, {and_list(list(districts))}"
    outside = False
    if scheme.postcode is None:
        rows.append(
            Row(
                "postcode-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "No postcode is given; give the scheme's full postcode.",
            )
        )
    else:
        postcode = normalise_postcode(scheme.postcode)
        if postcode is None:
            rows.append(
                Row(
                    "postcode-invalid",
                    Outcome.MORE_INFORMATION_NEEDED,
                    f'"{scheme.postcode}" is not a valid UK postcode; give the '
                    "scheme's full postcode.",
                )
            )
        elif postcode.split(" ")[0] not in districts:
            outside = True
            rows.append(
                Row(
                    "outside-city",
                    Outcome.DOES_NOT_MEET,
                    f"{postcode} is in the {postcode.split(' ')[0]} postcode "
                    f"district, outside {city} "
                    f"{source(ctx, 'city_postcode_districts')}. The strategy "
                    "covers Leicester city only: offers of homes in the county "
                    "should go to Leicestershire County Council. A scheme in "
                    f"one of the city's {len(ctx.city_wards)} wards, in "
                    f"{and_list(list(districts))}, {MEETS_FACTOR}.",
                    _DISTRICTS,
                )
            )
    if not outside:
        rows += _ward_rows(scheme.ward, ctx, districts)
    return combine(KEY, rows, ctx)


def _ward_rows(ward: str | None, ctx: ScreeningContext, districts: tuple[str, ...]) -> list[Row]:
    count = len(ctx.city_wards)
    if ward is None:
        return [
            Row(
                "ward-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                f"No ward is given. The city's postcode districts, "
                f"{and_list(list(districts))} {source(ctx, 'city_postcode_districts')}, "
                "also reach some county streets, so say which of the city's "
                f"{count} wards the scheme is in.",
                _DISTRICTS,
            )
        ]
    city_ward = _city_ward(ward, ctx)
    if city_ward is None:
        return [
            Row(
                "ward-not-in-city",
                Outcome.MORE_INFORMATION_NEEDED,
                f'"{ward}" is not one of the city\'s {count} wards; say which '
                "city ward the scheme is in.",
            )
        ]
    rows = [
        Row(
            "city-ward",
            Outcome.MEETS,
            f"The scheme is in {city_ward} ward, one of the city's {count} wards.",
        )
    ]
    served = ward_served(city_ward, ctx)
    if served is not None:
        units, middle = served
        if units < middle:
            rows.append(
                Row(
                    LESS_WELL_SERVED,
                    Outcome.MEETS,
                    f"With {plural(units, 'existing supported living unit')}, "
                    f"{city_ward} is an area less well served: the city's median "
                    f"ward has {num(middle)}.",
                )
            )
        else:
            rows[0] = Row(
                "city-ward",
                Outcome.MEETS,
                f"{rows[0].reason} It has "
                f"{plural(units, 'existing supported living unit')}, against "
                f"{num(middle)} in the city's median ward.",
            )
    return rows


def ward_served(ward: str, ctx: ScreeningContext) -> tuple[int, Decimal] | None:
    """(the ward's existing units, the median over the city's wards), or None."""
    if not ctx.ward_supported_living_units:
        return None
    units = {_ward_key(name): count for name, count in ctx.ward_supported_living_units.items()}
    middle = median([units.get(_ward_key(name), 0) for name in ctx.city_wards])
    return units.get(_ward_key(ward), 0), middle
