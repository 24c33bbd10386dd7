"""The dashboard's count of commissioners' judgements: offers assessed, those
where the commissioner differs from the screening, and the units in triage
with each site counted once.

A site counts once when its offers are linked by a possible duplicate that no
commissioner has marked "not the same site": marked "same site", or not yet
checked (the issue's two offers of one site must not both count while they
wait). Each such group of open offers counts its largest unit figure. A pair
marked "not the same site" counts both offers. Separate small aggregate
queries, apart from the progress report's own (``eoi.progress.report``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from ..models import Assessment, Offer, SiteMatch
from eoi.triage.statuses import OPEN


@dataclass(frozen=True)
class Judgement:
    assessed: int
    differs: int
    triage_units: int
    triage_units_sites_once: int
    possible_duplicates: int


def _site_groups(units: Mapping[int, int], pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The offers of ``units`` grouped by ``pairs`` (directly or through
    others): one list per site."""
    parent = {offer: offer for offer in units}

    def root(offer):
        while parent[offer] != offer:
            parent[offer] = parent[parent[offer]]
            offer = parent[offer]
        return offer

    for first, second in pairs:
        if first in parent and second in parent:
            parent[root(first)] = root(second)
    groups: dict[int, list[int]] = {}
    for offer in units:
        groups.setdefault(root(offer), []).append(offer)
    return list(groups.values())


def units_counting_sites_once(units: Mapping[int, int], pairs: Iterable[tuple[int, int]]) -> int:
    """Sum of ``units`` (offer id → units) where offers linked by ``pairs``
    (directly or through others) count once, by their largest figure."""
    return sum(max(units[offer] for offer in group) for group in _site_groups(units, pairs))


def offers_standing_in(units: Mapping[int, int], pairs: Iterable[tuple[int, int]]) -> set[int]:
    """The offers of ``units`` that another offer of the same site stands for:
    in each group linked by ``pairs``, all but the one with the largest figure
    (the lowest id on a tie), so the group counts once, as
    ``units_counting_sites_once`` counts it."""
    standing_in = set()
    for members in _site_groups(units, pairs):
        kept = min(members, key=lambda offer: (-units[offer], offer))
        standing_in.update(offer for offer in members if offer != kept)
    return standing_in


def _same_site_pairs() -> list[tuple[int, int]]:
    return list(
        SiteMatch.objects.exclude(resolution=SiteMatch.Resolution.DIFFERENT)
        .filter(offer__status__in=OPEN, other__status__in=OPEN)
        .values_list("offer_id", "other_id")
    )


def open_offers_counted_elsewhere() -> set[int]:
    """Open offers left out of the units in triage because another open offer
    of the same site counts for them. Reads only the offers that have a
    possible duplicate, so it stays small however many offers there are."""
    pairs = _same_site_pairs()
    units = _units_of({offer for pair in pairs for offer in pair})
    return offers_standing_in(units, pairs) if units else set()


def _units_of(offers: set[int]) -> dict[int, int]:
    if not offers:
        return {}
    found = Offer.objects.filter(pk__in=offers).values_list("pk", "scheme_units")
    return {pk: units or 0 for pk, units in found}


def judgement_counts() -> Judgement:
    """The open offers' units (one aggregate); counted once a site, from the
    few offers linked as possible duplicates: their own units out, each
    site's largest figure in."""
    assessed = Assessment.objects.aggregate(
        assessed=Count("pk"), differs=Count("pk", filter=Q(differs=True))
    )
    triage_units = (
        Offer.objects.filter(status__in=OPEN).aggregate(units=Sum("scheme_units"))["units"] or 0
    )
    pairs = _same_site_pairs()
    linked_units = _units_of({offer for pair in pairs for offer in pair})
    unchecked = SiteMatch.objects.filter(resolution=SiteMatch.Resolution.UNRESOLVED).aggregate(
        n=Count("pk")
    )["n"]
    return Judgement(
        assessed=assessed["assessed"],
        differs=assessed["differs"],
        triage_units=triage_units,
        triage_units_sites_once=triage_units
        - sum(linked_units.values())
        + units_counting_sites_once(linked_units, pairs),
        possible_duplicates=unchecked,
    )
