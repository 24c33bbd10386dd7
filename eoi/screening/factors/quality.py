"""7. ``quality``: build, design and deliverability.

| situation | outcome |
| self_contained_core_and_cluster with communal space and staff office |
  meets: the strategy's preferred model |
| other self-contained configurations or extra care | meets (say the
  preferred model is core and cluster with a communal/office resource) |
| shared house | concern: shared facilities |
| concept or site_identified with no expected date | more_information_needed |
| a new build on a site under 0.5 hectares for a line keyed ✿ (sites
  > 0.5 ha required) | concern |

A new build is an offer at concept, site identified, planning submitted,
planning granted or under construction. The ✿ row applies when a matched
demand line has ``site_required``. Decisions where the table is silent: a
care and support offer is not applicable, even when it names a scheme,
because the building is not part of what it offers; a configuration of
"other" or none, a missing development stage, and a missing site area for a
new build on a ✿ line need more information.
"""

from __future__ import annotations

from eoi.offers.document import Configuration, DevelopmentStage, OfferDocument

from ..context import ScreeningContext
from ..demand import site_lines
from ..results import FactorResult, Outcome
from ..wording import MEETS_FACTOR, and_list, at_least, lower_first, num
from .base import SELF_CONTAINED, Row, combine, not_applicable, source

KEY = "quality"
LABEL = "Build, design and deliverability"
PREFERRED_MODEL = "preferred-model"
SMALL_SITE = "small-site"

NEW_BUILD = frozenset(
    {
        DevelopmentStage.CONCEPT,
        DevelopmentStage.SITE_IDENTIFIED,
        DevelopmentStage.PLANNING_SUBMITTED,
        DevelopmentStage.PLANNING_GRANTED,
        DevelopmentStage.UNDER_CONSTRUCTION,
    }
)
PREFERRED = (
    "the strategy's preferred model is self-contained units in a core and "
    "cluster configuration, with access to an office and communal resource space"
)


def _configuration_row(offer: OfferDocument) -> Row:
    scheme = offer.scheme
    config = scheme.configuration
    if config is None:
        return Row(
            "configuration-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            f"The configuration is not given; {PREFERRED}.",
        )
    if (
        config is Configuration.SELF_CONTAINED_CORE_AND_CLUSTER
        and scheme.communal_space
        and scheme.staff_office
    ):
        return Row(
            PREFERRED_MODEL,
            Outcome.MEETS,
            "Self-contained units in a core and cluster, with communal space "
            "and a staff office: the strategy's preferred model.",
        )
    if config in SELF_CONTAINED:
        lacking = [
            name
            for name, given in (
                ("communal space", scheme.communal_space),
                ("a staff office", scheme.staff_office),
            )
            if not given
        ]
        without = f", without {and_list(lacking)}" if lacking else ""
        return Row(
            "self-contained",
            Outcome.MEETS,
            f"{config.label}{without}: this meets the strategy, though {PREFERRED}.",
        )
    if config is Configuration.SHARED_HOUSE:
        return Row(
            "shared-house",
            Outcome.CONCERN,
            "A shared house means shared facilities, which are harder to let "
            f"and to live in; {PREFERRED}. An offer of self-contained homes (core "
            f"and cluster, cluster or standalone) or extra care {MEETS_FACTOR}.",
        )
    return Row(
        "configuration-other",
        Outcome.MORE_INFORMATION_NEEDED,
        "The configuration is given as other; describe it so it can be "
        f"weighed against the strategy: {PREFERRED}.",
    )


def evaluate(offer: OfferDocument, ctx: ScreeningContext) -> FactorResult:
    scheme = offer.scheme
    if not offer.includes_accommodation:
        return not_applicable(
            KEY,
            "care-and-support-only",
            "The offer is for care and support only, so there is no building to assess.",
        )
    rows = [_configuration_row(offer)]
    stage = scheme.development_stage
    if stage is None:
        rows.append(
            Row(
                "stage-not-given",
                Outcome.MORE_INFORMATION_NEEDED,
                "The development stage is not given; say how far the scheme has "
                "got (for example, planning granted or an existing building).",
            )
        )
    elif (
        stage in (DevelopmentStage.CONCEPT, DevelopmentStage.SITE_IDENTIFIED)
        and scheme.expected_available is None
    ):
        rows.append(
            Row(
                "early-stage-no-date",
                Outcome.MORE_INFORMATION_NEEDED,
                f"The scheme is at an early stage ({lower_first(stage.label)}) "
                "with no expected date; say when the homes are expected to be "
                "available.",
            )
        )
    if stage in NEW_BUILD:
        site_row = _site_row(offer, ctx)
        if site_row is not None:
            rows.append(site_row)
    return combine(KEY, rows, ctx)


def _site_row(offer: OfferDocument, ctx: ScreeningContext) -> Row | None:
    lines = site_lines(offer, ctx)
    if not lines:
        return None
    minimum = ctx.decimal("site_required_min_hectares")
    area = offer.scheme.site_area_hectares
    cohorts = and_list([line.name_for_providers for line in lines])
    needs = (
        f"the strategy needs sites of more than {num(minimum)} hectares to "
        f"deliver schemes for {cohorts} "
        f"{source(ctx, 'site_required_min_hectares')}"
    )
    uses = ("site_required_min_hectares",)
    if area is None:
        return Row(
            "site-area-not-given",
            Outcome.MORE_INFORMATION_NEEDED,
            f"The site area is not given; {needs}.",
            uses,
        )
    if area < minimum:
        return Row(
            SMALL_SITE,
            Outcome.CONCERN,
            f"The site is {num(area)} hectares, {num(minimum - area)} hectares "
            f"less than {num(minimum)} hectares: {needs}. "
            f"{at_least('a site', f'{num(minimum)} hectares')}",
            uses,
        )
    return None
